import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { HeadroomError } from '@headroom/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenancyService } from '../tenancy/tenancy.service';
import { HISTORY_SERIES, type HistorySeries, historyCsv, historyPoints } from './usage-history';
import { UsageWriter } from './usage-writer.service';

const HOUR_MS = 3_600_000;
const DEFAULT_WINDOW_MS: Record<HistorySeries, number> = {
  hourly: 48 * HOUR_MS,
  daily: 30 * 24 * HOUR_MS,
};

type HistoryQuery = {
  format?: string;
  series?: string;
  from?: string;
  to?: string;
  tenant?: string;
};

function parseDate(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;

  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new HeadroomError('invalid_request_error', `${name} must be an ISO date`);
  }

  return date;
}

/**
 * `GET /stats-history`: hourly or daily usage series from the database, JSON
 * or CSV. Tenant-scoped like the rest of Headroom's API: loopback callers and
 * the admin key see every tenant (or pick one with `tenant=`); a tenant key
 * sees its own tenant only, and without gateway keys nobody else sees any.
 */
@Controller()
export class StatsHistoryController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly writer: UsageWriter,
  ) {}

  @Get('stats-history')
  async history(
    @Query() query: HistoryQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const tenant = this.tenantOf(request, query);
    const series = (query.series ?? 'hourly') as HistorySeries;
    const format = query.format ?? 'json';
    if (!HISTORY_SERIES.includes(series)) {
      throw new HeadroomError('invalid_request_error', 'series must be hourly or daily');
    }
    if (format !== 'json' && format !== 'csv') {
      throw new HeadroomError('invalid_request_error', 'format must be json or csv');
    }

    const to = parseDate(query.to, 'to') ?? new Date();
    const from =
      parseDate(query.from, 'from') ?? new Date(to.getTime() - DEFAULT_WINDOW_MS[series]);
    // Rows still in the write buffer belong to the answer.
    await this.writer.flush();
    const store = await this.writer.reader();
    if (!store) {
      throw new HeadroomError(
        'storage_unavailable',
        'usage history is unavailable: the database could not be opened',
      );
    }

    const points = historyPoints(await store.list({ from, to, tenant }), series);
    if (format === 'csv') {
      await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="headroom-${series}.csv"`)
        .send(historyCsv(points));
      return;
    }

    await reply.send({
      series,
      from: from.toISOString(),
      to: to.toISOString(),
      tenant: tenant ?? null,
      points,
    });
  }

  private tenantOf(request: FastifyRequest, query: HistoryQuery): string | undefined {
    if (this.tenancy.isAdmin(request)) {
      return query.tenant || undefined;
    }

    // Without gateway keys every caller is the one default tenant, whose
    // history is everybody's traffic: that is the admin's to see, nobody else's.
    if (!this.tenancy.isKeyRequired) {
      throw new HeadroomError(
        'permission_error',
        'usage history answers on loopback or with the admin key until gateway keys are configured',
      );
    }

    return this.tenancy.resolveTenant(request, 'headroom');
  }
}
