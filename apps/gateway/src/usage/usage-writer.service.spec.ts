import { Logger } from '@nestjs/common';
import type { UsageRow } from '@headroom/storage';
import type { RequestOutcomeMetrics } from '../metrics/request-outcome.metrics';
import { UsageWriter } from './usage-writer.service';

const inserted: UsageRow[][] = [];
let failuresLeft = 0;

jest.mock('@headroom/storage', () => ({
  openUsageStore: async () => ({
    provider: 'sqlite',
    insertMany: async (rows: UsageRow[]) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('database is locked');
      }
      inserted.push([...rows]);
    },
    close: async () => undefined,
  }),
}));

function row(requestId: string): UsageRow {
  return { requestId } as UsageRow;
}

function writerWithDropCount() {
  const dropped = { count: 0 };
  const metrics = {
    usageRowsDropped: { inc: (by = 1) => (dropped.count += by) },
  } as unknown as RequestOutcomeMetrics;

  return { writer: new UsageWriter(metrics), dropped };
}

describe(UsageWriter.name, () => {
  // The retries log warnings by design; the spec checks outcomes, not lines.
  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    inserted.length = 0;
    failuresLeft = 0;
  });

  describe('flush', () => {
    it('writes what was pushed in one batch', async () => {
      const { writer } = writerWithDropCount();
      await writer.onModuleInit();

      writer.push(row('a'));
      writer.push(row('b'));
      await writer.flush();
      await writer.onModuleDestroy();

      expect(inserted.map((batch) => batch.map((entry) => entry.requestId))).toEqual([['a', 'b']]);
    });

    it('keeps a failed batch for the next flush, and drops it after five failures', async () => {
      const { writer, dropped } = writerWithDropCount();
      await writer.onModuleInit();

      failuresLeft = 1;
      writer.push(row('kept'));
      await writer.flush();
      await writer.flush();
      failuresLeft = 5;
      writer.push(row('lost'));
      for (let attempt = 0; attempt < 5; attempt += 1) await writer.flush();
      await writer.onModuleDestroy();

      expect(inserted.map((batch) => batch.map((entry) => entry.requestId))).toEqual([['kept']]);
      expect(dropped.count).toBe(1);
    });

    it('drops rows pushed after shutdown instead of reopening the store', async () => {
      const { writer, dropped } = writerWithDropCount();
      await writer.onModuleInit();
      await writer.onModuleDestroy();

      writer.push(row('late'));
      await writer.flush();

      expect(inserted).toEqual([]);
      expect(dropped.count).toBe(1);
      expect(await writer.reader()).toBeUndefined();
    });
  });
});
