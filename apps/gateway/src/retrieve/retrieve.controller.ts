import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  HeadroomError,
  type RetrieveResponseBody,
  type RetrieveSearchResponseBody,
} from '@headroom/contracts';
import type { FastifyRequest } from 'fastify';
import { TenancyService } from '../tenancy/tenancy.service';
import { normaliseQuery, parseHash, parseRetrieveRequest } from './retrieve-request.schema';
import { parseRetrieveToolCall } from './retrieve-tool-call';
import {
  RetrieveService,
  type RetrieveStatsBody,
  type RetrieveToolCallBody,
} from './retrieve.service';

/**
 * Headroom's retrieval API. Every route is tenant-scoped. With no gateway keys
 * configured (one default tenant) it answers only on loopback, and never to a
 * browser page: a request carrying `Origin` is refused, so a web page open on
 * this machine cannot read stored tool outputs (BL-40).
 */
@Controller('v1/retrieve')
export class RetrieveController {
  constructor(
    private readonly retrieval: RetrieveService,
    private readonly tenancy: TenancyService,
  ) {}

  @Post()
  @HttpCode(200)
  async retrieve(
    @Req() request: FastifyRequest,
  ): Promise<RetrieveResponseBody | RetrieveSearchResponseBody> {
    const tenant = this.tenantOf(request);
    const { hash, query } = parseRetrieveRequest(request.body);

    return query === undefined
      ? this.retrieval.retrieve(tenant, hash, actorOf(request))
      : this.retrieval.search(tenant, hash, query, actorOf(request));
  }

  @Post('tool_call')
  @HttpCode(200)
  toolCall(@Req() request: FastifyRequest): Promise<RetrieveToolCallBody> {
    const tenant = this.tenantOf(request);

    return this.retrieval.toolCall(tenant, parseRetrieveToolCall(request.body), actorOf(request));
  }

  @Get('stats')
  stats(@Req() request: FastifyRequest): Promise<RetrieveStatsBody> {
    return this.retrieval.stats(this.tenantOf(request));
  }

  @Get(':hash')
  async retrieveByPath(
    @Req() request: FastifyRequest,
    @Param('hash') rawHash: string,
    @Query('query') rawQuery: unknown,
  ): Promise<RetrieveResponseBody | RetrieveSearchResponseBody> {
    const tenant = this.tenantOf(request);
    const hash = parseHash(rawHash);
    const query = normaliseQuery(typeof rawQuery === 'string' ? rawQuery : undefined);

    return query === undefined
      ? this.retrieval.retrieve(tenant, hash, actorOf(request))
      : this.retrieval.search(tenant, hash, query, actorOf(request));
  }

  private tenantOf(request: FastifyRequest): string {
    if (!this.tenancy.isKeyRequired) {
      if (!this.tenancy.isLoopback(request)) {
        throw new HeadroomError(
          'permission_error',
          'retrieval answers only on loopback until gateway keys are configured (HEADROOM_API_KEYS)',
        );
      }
      if (request.headers.origin !== undefined) {
        throw new HeadroomError('permission_error', 'retrieval is not available to browser pages');
      }
    }

    return this.tenancy.resolveTenant(request, 'headroom');
  }
}

// Who asked, for the audit trail: the route and request id, never a credential.
function actorOf(request: FastifyRequest): string {
  return `http:${request.id}`;
}
