import { isAbsolute, resolve } from 'node:path';

export const DEFAULT_DATABASE_URL = 'file:./.headroom/headroom.db';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export type DatabaseTarget =
  | { provider: 'sqlite'; /** Absolute file path. */ path: string }
  | {
      provider: 'postgresql';
      /** The URL without Prisma's `schema` parameter, which `pg` does not know. */
      connectionString: string;
      schema: string | undefined;
    };

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/**
 * Reads `HEADROOM_DATABASE_URL`: `file:<path>` is SQLite, relative paths are
 * taken from `cwd` (the process's working directory); `postgresql://` or
 * `postgres://` is PostgreSQL, with an optional `?schema=` as in Prisma URLs.
 */
export function resolveDatabaseTarget(
  url: string = process.env.HEADROOM_DATABASE_URL || DEFAULT_DATABASE_URL,
  cwd: string = process.cwd(),
): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return postgresTarget(url);
  }

  if (!url.startsWith('file:')) {
    throw new DatabaseUrlError(
      'HEADROOM_DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    );
  }

  const path = decodeURIComponent(url.slice('file:'.length).replace(/\?.*$/, ''));
  if (!path) {
    throw new DatabaseUrlError('HEADROOM_DATABASE_URL names no SQLite file');
  }
  if (path === ':memory:') {
    // The migrator and Prisma open separate connections; each would get its own database.
    throw new DatabaseUrlError('an in-memory SQLite store forgets everything: use a file');
  }

  return { provider: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
}

function postgresTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself may hold a password: never echo it.
    throw new DatabaseUrlError('HEADROOM_DATABASE_URL is not a valid PostgreSQL URL');
  }

  const schema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');

  return { provider: 'postgresql', connectionString: parsed.toString(), schema };
}
