import { RetentionConfigError, RetentionPolicy, parseDurationSeconds } from '@headroom/ccr';
import { DEFAULT_DATABASE_URL, DatabaseUrlError, resolveDatabaseTarget } from '@headroom/storage';

export type RetrieveConfig = {
  databaseUrl: string;
  retention: RetentionPolicy;
  /** How often embedded mode purges expired originals. */
  purgeIntervalMs: number;
};

export type RetrieveEnvironment = {
  HEADROOM_DATABASE_URL?: string;
  HEADROOM_CCR_TTL?: string;
  HEADROOM_CCR_TTL_BY_TENANT?: string;
  HEADROOM_CCR_PURGE_INTERVAL?: string;
};

const DEFAULT_PURGE_INTERVAL_SECONDS = 15 * 60;

export class RetrieveConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid CCR configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'RetrieveConfigError';
  }
}

// TODO(#4): these variables belong in the gateway's one config schema. Their
// problems already join its list at boot (loadGatewayConfig calls this), but
// the retrieve module still reads them from the environment itself.
export function loadRetrieveConfig(env: RetrieveEnvironment = process.env): RetrieveConfig {
  const problems: string[] = [];
  const databaseUrl = env.HEADROOM_DATABASE_URL || DEFAULT_DATABASE_URL;
  let retention = new RetentionPolicy();
  let purgeIntervalSeconds = DEFAULT_PURGE_INTERVAL_SECONDS;

  try {
    resolveDatabaseTarget(databaseUrl);
  } catch (error) {
    problems.push(
      error instanceof DatabaseUrlError ? error.message : 'HEADROOM_DATABASE_URL: invalid',
    );
  }

  try {
    retention = RetentionPolicy.fromEnv(env);
  } catch (error) {
    if (!(error instanceof RetentionConfigError)) {
      throw error;
    }
    problems.push(...error.problems);
  }

  const rawInterval = env.HEADROOM_CCR_PURGE_INTERVAL?.trim();
  if (rawInterval) {
    const parsed = parseDurationSeconds(rawInterval);
    if (parsed === undefined) {
      problems.push(
        `HEADROOM_CCR_PURGE_INTERVAL: "${rawInterval}" is not a duration like 30s or 15m`,
      );
    } else {
      purgeIntervalSeconds = parsed;
    }
  }

  if (problems.length > 0) {
    throw new RetrieveConfigError(problems);
  }

  return { databaseUrl, retention, purgeIntervalMs: purgeIntervalSeconds * 1000 };
}
