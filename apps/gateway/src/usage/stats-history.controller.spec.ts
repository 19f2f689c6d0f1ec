import { HeadroomError } from '@headroom/contracts';
import type { PrismaUsageStore, UsageQuery, UsageRow } from '@headroom/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TenancyService } from '../tenancy/tenancy.service';
import { StatsHistoryController } from './stats-history.controller';
import type { UsageWriter } from './usage-writer.service';

type Caller = { admin: boolean; tenant: string; keys?: boolean };

function controllerFor(caller: Caller, rows: UsageRow[]) {
  const queries: UsageQuery[] = [];
  const tenancy = {
    isAdmin: () => caller.admin,
    isKeyRequired: caller.keys ?? true,
    resolveTenant: () => caller.tenant,
  } as unknown as TenancyService;
  const store = {
    list: async (query: UsageQuery) => {
      queries.push(query);
      return rows.filter((row) => !query.tenant || row.tenant === query.tenant);
    },
  } as unknown as PrismaUsageStore;
  const writer = {
    flush: async () => undefined,
    reader: async () => store,
  } as unknown as UsageWriter;

  return { controller: new StatsHistoryController(tenancy, writer), queries };
}

function replyRecorder() {
  const sent: { headers: Record<string, string>; body: unknown } = { headers: {}, body: undefined };
  const reply = {
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    async send(body: unknown) {
      sent.body = body;
    },
  };

  return { reply: reply as unknown as FastifyReply, sent };
}

function row(tenant: string): UsageRow {
  return {
    requestId: tenant,
    tenant,
    route: 'openai-chat',
    provider: 'openai',
    model: 'gpt-4o',
    status: 200,
    tokensBefore: 100,
    tokensAfter: 40,
    cachedTokens: null,
    bytesBefore: 400,
    bytesAfter: 160,
    durationMs: 3,
    overheadMs: 1,
    compressors: [],
    ccrStored: 0,
    failOpen: false,
    at: new Date(),
  };
}

const request = {} as FastifyRequest;
const rows = [row('acme'), row('globex')];

describe(StatsHistoryController.name, () => {
  describe('history', () => {
    it('shows a tenant key only its own tenant, whatever it asks for', async () => {
      const { controller, queries } = controllerFor({ admin: false, tenant: 'acme' }, rows);
      const { reply, sent } = replyRecorder();

      await controller.history({ tenant: 'globex' }, request, reply);

      expect(queries[0].tenant).toBe('acme');
      expect((sent.body as { points: { tenant: string }[] }).points.map((p) => p.tenant)).toEqual([
        'acme',
      ]);
    });

    it('refuses a non-admin when no gateway keys are configured', async () => {
      const { controller, queries } = controllerFor(
        { admin: false, tenant: 'default', keys: false },
        rows,
      );

      await expect(controller.history({}, request, replyRecorder().reply)).rejects.toMatchObject({
        code: 'permission_error',
      });
      expect(queries).toHaveLength(0);
    });

    it('shows an admin every tenant, or the one it names', async () => {
      const { controller, queries } = controllerFor({ admin: true, tenant: 'default' }, rows);

      await controller.history({}, request, replyRecorder().reply);
      await controller.history({ tenant: 'globex' }, request, replyRecorder().reply);

      expect(queries.map((query) => query.tenant)).toEqual([undefined, 'globex']);
    });

    it('answers CSV with a header row', async () => {
      const { controller } = controllerFor({ admin: true, tenant: 'default' }, rows);
      const { reply, sent } = replyRecorder();

      await controller.history({ format: 'csv', series: 'daily' }, request, reply);

      expect(sent.headers['content-type']).toMatch(/^text\/csv/);
      expect(String(sent.body).split('\r\n')).toHaveLength(4);
    });

    it('rejects an unknown series or format as a client error', async () => {
      const { controller } = controllerFor({ admin: true, tenant: 'default' }, rows);

      await expect(
        controller.history({ series: 'weekly' }, request, replyRecorder().reply),
      ).rejects.toBeInstanceOf(HeadroomError);
      await expect(
        controller.history({ format: 'xml' }, request, replyRecorder().reply),
      ).rejects.toBeInstanceOf(HeadroomError);
    });
  });
});
