import { CompressionPolicy, PolicyError } from '@headroom/pipeline';
import { z } from 'zod';
import { loadRetrieveConfig, RetrieveConfigError } from '../retrieve/retrieve-config';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// The same rule as the workers' `decimalInteger` in @headroom/transport, which
// the gateway loads only in distributed mode: an empty value, `0x4000` or
// `1e4` is a problem to list, not a port or a limit nobody meant.
const decimalInteger = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: 'must be a whole number in decimal digits' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const integer = (fallback: number, min: number, max: number) =>
  decimalInteger(min, max).default(fallback);

// Megabytes may be a fraction (tests use 0.05), but only in plain decimal.
const decimalMegabytes = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, { message: 'must be a number in decimal digits, like 32 or 0.5' })
  .transform(Number)
  .pipe(z.number().positive().max(1024));

const upstreamUrl = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .default(fallback)
    .refine((value) => !URL.canParse(value) || (!new URL(value).search && !new URL(value).hash), {
      message: 'an upstream URL takes no query string or fragment',
    });

// `key1:tenantA,key2:tenantB`; blank entries are ignored so a trailing comma is
// harmless. Problems name an entry by its position among the non-blank ones,
// never by its text: the value holds secrets.
const apiKeys = z
  .string()
  .default('')
  .transform((value, context) => {
    const keys = new Map<string, string>();
    const positionOfKey = new Map<string, number>();
    const entries = value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);

    for (const [index, entry] of entries.entries()) {
      const position = index + 1;

      const separator = entry.lastIndexOf(':');
      const key = entry.slice(0, separator).trim();
      const tenant = entry.slice(separator + 1).trim();

      if (separator <= 0 || !key || !/^[A-Za-z0-9_.-]{1,64}$/.test(tenant)) {
        context.addIssue({
          code: 'custom',
          message: `entry ${position} is not "key:tenant" (tenant: letters, digits, _ . -)`,
        });
        continue;
      }

      // A key given twice would silently belong to whichever entry came last.
      const earlier = positionOfKey.get(key);
      if (earlier !== undefined) {
        context.addIssue({
          code: 'custom',
          message: `entry ${position} repeats the key of entry ${earlier}; a key maps to one tenant`,
        });
        continue;
      }

      positionOfKey.set(key, position);
      keys.set(key, tenant);
    }

    return keys;
  });

// `https://app.example.com,http://localhost:3000`: exact origins a browser page
// may call from. Anything else, including `*`, is refused: the gateway carries
// credentials and stored tool outputs, so a wildcard is never safe.
const corsOrigins = z
  .string()
  .default('')
  .transform((value, context) => {
    const origins = new Set<string>();

    for (const entry of value.split(',').map((part) => part.trim())) {
      if (!entry) {
        continue;
      }

      const origin = originOf(entry);

      if (origin === undefined) {
        context.addIssue({
          code: 'custom',
          message: `"${entry}" is not an origin (scheme://host[:port], no path, no wildcard)`,
        });
        continue;
      }

      origins.add(origin);
    }

    return origins;
  });

function originOf(entry: string): string | undefined {
  try {
    const url = new URL(entry);
    const isBare = url.pathname === '/' && !url.search && !url.hash && !url.username;
    const isHttp = url.protocol === 'http:' || url.protocol === 'https:';

    const isExact = !entry.includes('*') && !entry.endsWith('/');

    return isBare && isHttp && isExact && url.origin === entry.toLowerCase()
      ? url.origin
      : undefined;
  } catch {
    return undefined;
  }
}

const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() ? value.trim() : undefined));

/** Every `HEADROOM_*` variable the gateway reads, with its default. */
export const gatewayEnvironmentSchema = z.object({
  HEADROOM_PORT: integer(8787, 0, 65_535),
  HEADROOM_HOST: z.string().min(1).default('127.0.0.1'),
  HEADROOM_OPENAI_URL: upstreamUrl('https://api.openai.com'),
  HEADROOM_ANTHROPIC_URL: upstreamUrl('https://api.anthropic.com'),
  HEADROOM_MAX_BODY_MB: decimalMegabytes.default(32),
  HEADROOM_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  HEADROOM_COMPRESSION_TIMEOUT_MS: integer(2_000, 1, 600_000),
  HEADROOM_UPSTREAM_CONNECT_TIMEOUT_MS: integer(10_000, 1, 600_000),
  // LLM replies can think for minutes before the first header or between two events.
  HEADROOM_UPSTREAM_HEADERS_TIMEOUT_MS: integer(600_000, 1, 3_600_000),
  HEADROOM_UPSTREAM_BODY_TIMEOUT_MS: integer(300_000, 1, 3_600_000),
  HEADROOM_UPSTREAM_CONNECTIONS: integer(256, 1, 10_000),
  HEADROOM_SHUTDOWN_GRACE_MS: integer(10_000, 0, 600_000),
  HEADROOM_API_KEYS: apiKeys,
  HEADROOM_ADMIN_KEY: optionalSecret,
  // Off: a loopback peer is a stranger like any other (admin endpoints need the
  // admin key). For hosts where other local users or sidecars share 127.0.0.1.
  HEADROOM_TRUST_LOOPBACK: z.enum(['true', 'false']).default('true'),
  HEADROOM_CORS_ORIGINS: corsOrigins,
  // Slow-header and slow-body clients (slowloris) hold a socket each; these cut them.
  HEADROOM_HEADERS_TIMEOUT_MS: integer(30_000, 100, 600_000),
  HEADROOM_REQUEST_TIMEOUT_MS: integer(300_000, 100, 3_600_000),
  // Requests answered at once; beyond it a request is refused with 503 and
  // Retry-After rather than queued, so a flood cannot exhaust memory.
  HEADROOM_MAX_IN_FLIGHT: integer(512, 1, 100_000),
  // One tenant's share of those; its default depends on the keys (see
  // `tenantShareOf`), so the schema leaves it unset.
  HEADROOM_MAX_IN_FLIGHT_PER_TENANT: decimalInteger(1, 100_000).optional(),
  HEADROOM_CONFIG: z.string().trim().min(1).optional(),
  HEADROOM_COMPRESSOR_THREADS: integer(1, 0, 64),
  HEADROOM_TRANSPORT: z.enum(['embedded', 'redis']).default('embedded'),
  HEADROOM_REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  HEADROOM_NORMALIZE_SYSTEM_PROMPTS: z.enum(['true', 'false']).default('false'),
});

export type GatewayConfig = {
  port: number;
  host: string;
  openaiUrl: string;
  anthropicUrl: string;
  maxBodyBytes: number;
  logLevel: (typeof LOG_LEVELS)[number];
  compressionTimeoutMs: number;
  upstreamConnectTimeoutMs: number;
  upstreamHeadersTimeoutMs: number;
  upstreamBodyTimeoutMs: number;
  upstreamConnections: number;
  shutdownGraceMs: number;
  /** Gateway key → tenant. Empty: no keys, every request is the default tenant. */
  apiKeys: ReadonlyMap<string, string>;
  adminKey: string | undefined;
  /** Whether a connection from this machine counts as an administrator. */
  trustLoopback: boolean;
  /** Browser origins answered with CORS headers; empty: none (closed). */
  corsOrigins: ReadonlySet<string>;
  /** Longest time to receive a request's headers, and the whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxInFlight: number;
  /** Requests one tenant may have answered at once; callers with no valid key share one such share. */
  maxInFlightPerTenant: number;
  /** `embedded`: compressors in this process; `redis`: the worker apps behind Redis. */
  transport: 'embedded' | 'redis';
  redisUrl: string;
  /** Compressor threads; 0 runs compressors on the event loop (tests and benchmarks only). */
  compressorThreads: number;
  /** The organisation's compression policy (`HEADROOM_CONFIG`); safe defaults without one. */
  policy: CompressionPolicy;
  /** Opt-in: move dates, UUIDs and ids in system prompts behind their stable part. */
  normalizeSystemPrompts: boolean;
};

export class GatewayConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'GatewayConfigError';
  }
}

// The CCR store's variables are read by the retrieve module; checking them
// here too puts their problems in the one list an operator sees at boot.
function retrieveConfigProblems(environment: NodeJS.ProcessEnv): string[] {
  try {
    loadRetrieveConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof RetrieveConfigError) return error.problems;
    throw error;
  }
}

// With gateway keys and no explicit share, one tenant may hold half of the
// gateway: a lone busy tenant still gets a large burst, and however hard one
// tenant floods, half the slots stay free for the others. A share that shrank
// with the number of keys would leave capacity idle and change every
// tenant's limit whenever a key is added. Without keys every caller is the
// default tenant, whose share is the whole gateway: nothing changes.
function tenantShareOf(
  maxInFlight: number,
  explicitShare: number | undefined,
  hasKeys: boolean,
): number {
  if (explicitShare !== undefined) {
    return explicitShare;
  }

  return hasKeys ? Math.ceil(maxInFlight / 2) : maxInFlight;
}

// Checked apart from the schema so the problem joins the list even when some
// other variable is wrong too.
function inFlightProblems(environment: NodeJS.ProcessEnv): string[] {
  const { shape } = gatewayEnvironmentSchema;
  const total = shape.HEADROOM_MAX_IN_FLIGHT.safeParse(environment['HEADROOM_MAX_IN_FLIGHT']);
  const share = shape.HEADROOM_MAX_IN_FLIGHT_PER_TENANT.safeParse(
    environment['HEADROOM_MAX_IN_FLIGHT_PER_TENANT'],
  );

  if (!total.success || !share.success || share.data === undefined || share.data <= total.data) {
    return [];
  }

  return [
    `HEADROOM_MAX_IN_FLIGHT_PER_TENANT: ${share.data} is more than HEADROOM_MAX_IN_FLIGHT (${total.data}); a tenant's share cannot exceed the whole`,
  ];
}

// The admin key opens every tenant's originals and the admin endpoints; a
// tenant holding the same string would be an administrator without knowing it.
function adminKeyProblems(environment: NodeJS.ProcessEnv): string[] {
  const { shape } = gatewayEnvironmentSchema;
  const adminKey = shape.HEADROOM_ADMIN_KEY.safeParse(environment['HEADROOM_ADMIN_KEY']);
  const apiKeys = shape.HEADROOM_API_KEYS.safeParse(environment['HEADROOM_API_KEYS']);

  if (!adminKey.success || adminKey.data === undefined || !apiKeys.success) {
    return [];
  }

  return apiKeys.data.has(adminKey.data)
    ? ['HEADROOM_ADMIN_KEY: is also a gateway key in HEADROOM_API_KEYS; give it its own value']
    : [];
}

/** Validates the whole environment at once and lists every problem, not just the first. */
export function loadGatewayConfig(environment: NodeJS.ProcessEnv): GatewayConfig {
  const parsed = gatewayEnvironmentSchema.safeParse(environment);
  const policy = readPolicy(environment);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`)),
    ...inFlightProblems(environment),
    ...adminKeyProblems(environment),
    ...policy.problems,
    ...retrieveConfigProblems(environment),
  ];

  if (!parsed.success || problems.length > 0 || policy.value === undefined) {
    throw new GatewayConfigError(problems);
  }

  const env = parsed.data;

  return {
    port: env.HEADROOM_PORT,
    host: env.HEADROOM_HOST,
    openaiUrl: env.HEADROOM_OPENAI_URL,
    anthropicUrl: env.HEADROOM_ANTHROPIC_URL,
    maxBodyBytes: Math.floor(env.HEADROOM_MAX_BODY_MB * 1024 * 1024),
    logLevel: env.HEADROOM_LOG_LEVEL,
    compressionTimeoutMs: env.HEADROOM_COMPRESSION_TIMEOUT_MS,
    upstreamConnectTimeoutMs: env.HEADROOM_UPSTREAM_CONNECT_TIMEOUT_MS,
    upstreamHeadersTimeoutMs: env.HEADROOM_UPSTREAM_HEADERS_TIMEOUT_MS,
    upstreamBodyTimeoutMs: env.HEADROOM_UPSTREAM_BODY_TIMEOUT_MS,
    upstreamConnections: env.HEADROOM_UPSTREAM_CONNECTIONS,
    shutdownGraceMs: env.HEADROOM_SHUTDOWN_GRACE_MS,
    apiKeys: env.HEADROOM_API_KEYS,
    adminKey: env.HEADROOM_ADMIN_KEY,
    trustLoopback: env.HEADROOM_TRUST_LOOPBACK === 'true',
    corsOrigins: env.HEADROOM_CORS_ORIGINS,
    headersTimeoutMs: env.HEADROOM_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: Math.max(env.HEADROOM_REQUEST_TIMEOUT_MS, env.HEADROOM_HEADERS_TIMEOUT_MS),
    maxInFlight: env.HEADROOM_MAX_IN_FLIGHT,
    maxInFlightPerTenant: tenantShareOf(
      env.HEADROOM_MAX_IN_FLIGHT,
      env.HEADROOM_MAX_IN_FLIGHT_PER_TENANT,
      env.HEADROOM_API_KEYS.size > 0,
    ),
    compressorThreads: env.HEADROOM_COMPRESSOR_THREADS,
    transport: env.HEADROOM_TRANSPORT,
    redisUrl: env.HEADROOM_REDIS_URL,
    policy: policy.value,
    normalizeSystemPrompts: env.HEADROOM_NORMALIZE_SYSTEM_PROMPTS === 'true',
  };
}

// Read even when other variables are wrong, so the policy file's problems
// join the one list instead of surfacing only after the rest is fixed.
function readPolicy(environment: NodeJS.ProcessEnv): {
  value: CompressionPolicy | undefined;
  problems: string[];
} {
  const path = gatewayEnvironmentSchema.shape.HEADROOM_CONFIG.safeParse(
    environment['HEADROOM_CONFIG'],
  );

  if (!path.success) {
    // The schema lists this one already.
    return { value: undefined, problems: [] };
  }

  if (path.data === undefined) {
    return { value: new CompressionPolicy(), problems: [] };
  }

  try {
    return { value: CompressionPolicy.load(path.data), problems: [] };
  } catch (error) {
    const problems =
      error instanceof PolicyError
        ? error.problems.map((problem) => `HEADROOM_CONFIG ${problem}`)
        : [
            `HEADROOM_CONFIG: cannot read ${path.data}: ${error instanceof Error ? error.message : String(error)}`,
          ];

    return { value: undefined, problems };
  }
}
