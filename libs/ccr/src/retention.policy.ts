import { parseDurationSeconds } from './duration';

export const DEFAULT_CCR_TTL_SECONDS = 7 * 86_400;

export type RetentionEnvironment = {
  HEADROOM_CCR_TTL?: string;
  HEADROOM_CCR_TTL_BY_TENANT?: string;
};

export class RetentionConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid CCR retention settings: ${problems.join('; ')}`);
    this.name = 'RetentionConfigError';
  }
}

/**
 * How long an original lives after it was last stored or retrieved. Every
 * access slides the expiry by the tenant's TTL, so a long agent job keeps its
 * originals as long as it keeps using them.
 */
export class RetentionPolicy {
  private readonly overrides: ReadonlyMap<string, number>;

  constructor(
    readonly defaultTtlSeconds: number = DEFAULT_CCR_TTL_SECONDS,
    overrides: ReadonlyMap<string, number> | Record<string, number> = new Map(),
  ) {
    this.overrides = overrides instanceof Map ? overrides : new Map(Object.entries(overrides));
  }

  /** Reads `HEADROOM_CCR_TTL` and `HEADROOM_CCR_TTL_BY_TENANT`; lists every problem at once. */
  static fromEnv(env: RetentionEnvironment = process.env): RetentionPolicy {
    const problems: string[] = [];
    let defaultTtl = DEFAULT_CCR_TTL_SECONDS;

    const rawTtl = env.HEADROOM_CCR_TTL?.trim();
    if (rawTtl) {
      const parsed = parseDurationSeconds(rawTtl);
      if (parsed === undefined) {
        problems.push(`HEADROOM_CCR_TTL: "${rawTtl}" is not a duration like 600, 4s, 12h or 7d`);
      } else {
        defaultTtl = parsed;
      }
    }

    const overrides = parseTenantTtls(env.HEADROOM_CCR_TTL_BY_TENANT ?? '', problems);
    if (problems.length > 0) {
      throw new RetentionConfigError(problems);
    }

    return new RetentionPolicy(defaultTtl, overrides);
  }

  ttlSecondsFor(tenant: string): number {
    return this.overrides.get(tenant) ?? this.defaultTtlSeconds;
  }

  expiryFrom(tenant: string, from: Date): Date {
    return new Date(from.getTime() + this.ttlSecondsFor(tenant) * 1000);
  }
}

// `tenantA:1d,tenantB:30d`; the last colon splits, so tenant names may hold one.
function parseTenantTtls(text: string, problems: string[]): Map<string, number> {
  const overrides = new Map<string, number>();

  for (const entry of text.split(',').map((part) => part.trim())) {
    if (!entry) {
      continue;
    }

    const separator = entry.lastIndexOf(':');
    const tenant = separator > 0 ? entry.slice(0, separator).trim() : '';
    const seconds = parseDurationSeconds(entry.slice(separator + 1));
    if (!tenant || seconds === undefined) {
      problems.push(`HEADROOM_CCR_TTL_BY_TENANT: "${entry}" is not tenant:duration`);
      continue;
    }

    overrides.set(tenant, seconds);
  }

  return overrides;
}
