import {
  type LookupResult,
  MAX_RETRIEVAL_ROUNDS,
  type OriginalStore,
  type RetrievalIntent,
  isCcrKey,
} from '@headroom/contracts';
import { withDeadline } from './deadline';
import {
  type CompletedRound,
  type JsonObject,
  type ProviderFormat,
  type RetrievalProtocol,
  SseParser,
  applyPatches,
  formatSse,
  isObject,
  locateValues,
  retrievalProtocolFor,
  sumUsage,
} from '@headroom/providers';

export type UpstreamReply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array>;
};

/** Sends one continuation request upstream, with the client's own headers. */
export type UpstreamCaller = (body: Buffer) => Promise<UpstreamReply>;

export type LoopRequest = {
  format: ProviderFormat;
  /** The body that went upstream for the first round (compressed, tool injected). */
  requestBody: Buffer;
  tenant: string;
  call: UpstreamCaller;
};

const LOOKUP_TIMEOUT_MS = 3_000;
const FULL_READ: RetrievalIntent = {};

/** What the client receives for a non-streamed exchange. */
export type LoopAnswer = { status: number; body: Buffer };

export type LoopEvents = {
  onContinuationError?: (event: { status: number }) => void;
  onRetrieval?: (event: {
    tenant: string;
    hash: string;
    status: LookupResult['status'] | 'invalid' | 'unavailable';
  }) => void;
};

/**
 * The transparent half of CCR: when the model calls the retrieval tool, the
 * gateway answers from the store and continues upstream, so the client never
 * sees the tool. Bounded rounds; misses get a terminal answer, not a loop.
 */
export class RetrievalLoop {
  constructor(
    private readonly store: OriginalStore,
    private readonly events: LoopEvents = {},
    private readonly maxRounds = MAX_RETRIEVAL_ROUNDS,
  ) {}

  /** Non-streaming: the status and body the client should receive. */
  async completeJson(request: LoopRequest, firstResponse: Buffer): Promise<LoopAnswer> {
    const protocol = retrievalProtocolFor(request.format);
    let body = request.requestBody.toString('utf8');
    let response = parseJson(firstResponse);
    if (!response) return { status: 200, body: firstResponse };
    // Every round is billed, so the client's usage is the sum of them (BL-23).
    const usages: unknown[] = [];

    for (let round = 0; ; round += 1) {
      usages.push(response.usage);
      const completed = protocol.readRound(response);
      if (!completed) {
        return {
          status: 200,
          body: round === 0 ? firstResponse : jsonBody(withUsage(response, usages)),
        };
      }
      if (completed.mixed || round >= this.maxRounds) {
        return { status: 200, body: jsonBody(withUsage(protocol.stripCalls(response), usages)) };
      }

      body = await this.continuation(body, protocol, completed, request.tenant);
      const reply = await request.call(Buffer.from(body, 'utf8'));
      const replyBody = await readAll(reply.body);
      // The continuation's own failure is the client's answer (BL-15): an
      // overload must reach the client as one, never as an empty success.
      if (reply.status >= 400) {
        this.events.onContinuationError?.({ status: reply.status });
        return { status: reply.status, body: replyBody };
      }
      const next = parseJson(replyBody);
      if (!next) {
        return { status: 200, body: jsonBody(withUsage(protocol.stripCalls(response), usages)) };
      }
      response = next;
    }
  }

  /** Streaming: yields SSE text for the client, one coherent message across rounds. */
  async *completeStream(
    request: LoopRequest,
    firstStream: AsyncIterable<Uint8Array>,
  ): AsyncGenerator<string> {
    const protocol = retrievalProtocolFor(request.format);
    const splicer = protocol.createSplicer();
    let body = request.requestBody.toString('utf8');
    let source = firstStream;

    for (let round = 0; ; round += 1) {
      const parser = new SseParser();
      for await (const chunk of source) {
        for (const event of parser.push(chunk)) yield* splicer.push(event);
      }
      for (const event of parser.flush()) yield* splicer.push(event);

      const completed = splicer.endRound();
      if (!completed || completed.mixed || round >= this.maxRounds) {
        yield* splicer.finish();
        return;
      }

      body = await this.continuation(body, protocol, completed, request.tenant);
      const reply = await request.call(Buffer.from(body, 'utf8'));
      if (reply.status >= 400) {
        // The stream is already open with a 200: the upstream's error goes out
        // as an SSE error event with its own type, and the stream ends there.
        this.events.onContinuationError?.({ status: reply.status });
        yield errorEvent(request.format, reply.status, await readAll(reply.body));
        return;
      }
      splicer.beginRound();
      source = reply.body;
    }
  }

  private async continuation(
    body: string,
    protocol: RetrievalProtocol,
    completed: CompletedRound,
    tenant: string,
  ): Promise<string> {
    const answers = await Promise.all(
      completed.calls.map(async (call) => ({
        id: call.id,
        content: await this.answer(tenant, call.hash),
      })),
    );

    return appendConversation(body, protocol, protocol.continuationItems(completed, answers));
  }

  private async answer(tenant: string, hash: string | undefined): Promise<string> {
    if (!isCcrKey(hash)) {
      this.events.onRetrieval?.({ tenant, hash: String(hash), status: 'invalid' });
      return (
        'Headroom could not read a hash from this call. Call headroom_retrieve with ' +
        '{"hash": "<24 hex characters>"} taken from a [[headroom:<hash>]] marker.'
      );
    }

    let result: LookupResult;
    try {
      // The injected tool takes a hash only, so the model always reads the
      // whole original; the audit trail records it as a full read.
      result = await withDeadline(
        this.store.lookup(tenant, hash, 'model', FULL_READ),
        LOOKUP_TIMEOUT_MS,
        'lookup',
      );
    } catch {
      this.events.onRetrieval?.({ tenant, hash, status: 'unavailable' });
      return (
        `The original for ${hash} cannot be read right now (storage unavailable). ` +
        'Answer from the information you have; the user may ask again later.'
      );
    }
    this.events.onRetrieval?.({ tenant, hash, status: result.status });

    switch (result.status) {
      case 'found':
        return result.original.content;
      case 'expired':
        return (
          `The original for ${hash} expired under the ${result.ttlSeconds}-second retention ` +
          'policy and cannot be retrieved. Do not call headroom_retrieve for it again; ' +
          'answer from the information you have.'
        );
      case 'missing':
        return (
          `No original is stored under ${hash}. Do not call headroom_retrieve for it again; ` +
          'answer from the information you have.'
        );
    }
  }
}

/** Appends items to the request's conversation array without re-serialising the rest. */
export function appendConversation(
  body: string,
  protocol: RetrievalProtocol,
  items: readonly unknown[],
): string {
  const path = [protocol.conversationPath];
  const parsed = JSON.parse(body) as JsonObject;
  const current = parsed[protocol.conversationPath];
  const span = locateValues(body, [path]).get(JSON.stringify(path));
  const encoded = items.map((item) => JSON.stringify(item)).join(',');

  if (!span) {
    throw new Error(`request has no ${protocol.conversationPath}`);
  }
  if (typeof current === 'string') {
    const replacement = `[${JSON.stringify({ role: 'user', content: current })},${encoded}]`;
    return applyPatches(body, [{ ...span, replacement }]);
  }

  const empty = Array.isArray(current) && current.length === 0;
  const close = span.end - 1;
  return applyPatches(body, [
    { start: close, end: close, replacement: empty ? encoded : `,${encoded}` },
  ]);
}

/**
 * The response with the usage of every round so far. All three APIs report
 * usage as a top-level `usage` object, so this needs no protocol; a response
 * of one round keeps its own usage untouched.
 */
function withUsage(response: JsonObject, usages: readonly unknown[]): JsonObject {
  if (usages.length < 2) return response;

  const usage = sumUsage(usages);
  return usage === undefined ? response : { ...response, usage };
}

function jsonBody(response: JsonObject): Buffer {
  return Buffer.from(JSON.stringify(response));
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function parseJson(bytes: Buffer): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The upstream's error as an SSE event in the provider's own shape. */
function errorEvent(format: ProviderFormat, status: number, body: Buffer): string {
  const parsed = parseJson(body);
  const error =
    parsed && isObject(parsed.error)
      ? parsed.error
      : { type: 'api_error', message: `upstream answered ${status}` };

  if (format === 'anthropic-messages') {
    return formatSse('error', { type: 'error', error });
  }
  if (format === 'openai-responses') {
    return formatSse('error', { type: 'error', ...error });
  }
  return formatSse(undefined, { error });
}
