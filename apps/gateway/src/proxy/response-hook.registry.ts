import { Injectable } from '@nestjs/common';
import type { UpstreamResponse } from '../upstream/upstream.types';
import type { ProviderExchange } from './provider-exchange';

/**
 * A response-side step, such as the CCR retrieval loop (issue 4). It sees every
 * upstream response before the client does and returns the response to relay:
 * the same object when it has nothing to do, or one with a new body (a JSON
 * buffer it rewrote, or a Readable of SSE bytes it controls). A hook that
 * replaces the body must set `isOriginalBody: false`.
 */
export interface ResponseHook {
  readonly name: string;
  onUpstreamResponse(
    exchange: ProviderExchange,
    response: UpstreamResponse,
  ): Promise<UpstreamResponse>;
}

/** Modules register hooks at init (`onModuleInit`); the relay runs them in order. */
@Injectable()
export class ResponseHookRegistry {
  private readonly hooks: ResponseHook[] = [];

  register(hook: ResponseHook): void {
    this.hooks.push(hook);
  }

  list(): readonly ResponseHook[] {
    return this.hooks;
  }
}
