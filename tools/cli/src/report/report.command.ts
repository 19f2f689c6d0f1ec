import { RetentionPolicy } from '@headroom/ccr';
import { openUsageStore, resolveDatabaseTarget } from '@headroom/storage';
import { type ParsedArguments, UsageError, choiceOption, stringOption } from '../cli-arguments';
import { buildComplianceReport } from './compliance-report';
import { REPORT_FORMATS, renderReport } from './report.renderer';

export const REPORT_USAGE =
  'headroom report --from <date> --to <date> [--tenant <name>] [--format json|csv|html] [--output <file>]';

const DAY_MS = 86_400_000;

/** `2026-12-04` or a full ISO timestamp; a bare `--to` date includes that whole day. */
export function parseBoundary(value: string | undefined, name: string, endOfDay: boolean): Date {
  if (!value) throw new UsageError(`--${name} is required (${REPORT_USAGE})`);

  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const parsed = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(parsed.getTime())) throw new UsageError(`--${name} is not a date: ${value}`);

  return dateOnly && endOfDay ? new Date(parsed.getTime() + DAY_MS) : parsed;
}

/** Where the figures came from, without credentials. */
export function describeDatabase(url: string | undefined): string {
  const target = resolveDatabaseTarget(url);
  if (target.provider === 'sqlite') return `sqlite:${target.path}`;

  const parsed = new URL(target.connectionString);

  return `postgresql://${parsed.host}${parsed.pathname}${target.schema ? ` (schema ${target.schema})` : ''}`;
}

/** `headroom report`: compliance evidence from the gateway's database. */
export async function reportCommand(parsed: ParsedArguments): Promise<string> {
  const from = parseBoundary(stringOption(parsed, 'from'), 'from', false);
  const to = parseBoundary(stringOption(parsed, 'to'), 'to', true);
  if (to <= from) throw new UsageError('--to must be after --from');

  const tenant = stringOption(parsed, 'tenant');
  const format = choiceOption(parsed, 'format', REPORT_FORMATS, 'json');
  const url = stringOption(parsed, 'database') ?? (process.env.HEADROOM_DATABASE_URL || undefined);
  // A report reads; a mistyped location must fail rather than make an empty database.
  const store = await openUsageStore({ databaseUrl: url, existingOnly: true });

  try {
    const window = { from, to, tenant };
    const [usage, audit, held] = await Promise.all([
      store.list(window),
      store.auditCounts(window),
      store.storedOriginals(tenant),
    ]);
    const report = buildComplianceReport({
      ...window,
      database: describeDatabase(url),
      usage,
      audit,
      held,
      retention: RetentionPolicy.fromEnv(),
    });

    return renderReport(report, format);
  } finally {
    await store.close();
  }
}
