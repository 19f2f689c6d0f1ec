import { DatabaseUrlError, resolveDatabaseTarget } from './database-target';

describe('resolveDatabaseTarget', () => {
  it('defaults to .headroom/headroom.db under the working directory', () => {
    expect(resolveDatabaseTarget(undefined, '/srv/app')).toEqual({
      provider: 'sqlite',
      path: '/srv/app/.headroom/headroom.db',
    });
  });

  it('keeps absolute SQLite paths and drops URL parameters', () => {
    expect(resolveDatabaseTarget('file:/var/lib/headroom/ccr.db?mode=rwc', '/srv')).toEqual({
      provider: 'sqlite',
      path: '/var/lib/headroom/ccr.db',
    });
  });

  it('selects PostgreSQL for postgresql:// and postgres:// and takes the schema parameter out', () => {
    expect(
      resolveDatabaseTarget('postgresql://u:p%40ss@db:5433/ccr?schema=tenant_a&sslmode=require'),
    ).toEqual({
      provider: 'postgresql',
      connectionString: 'postgresql://u:p%40ss@db:5433/ccr?sslmode=require',
      schema: 'tenant_a',
    });
    expect(resolveDatabaseTarget('postgres://db/ccr')).toMatchObject({
      provider: 'postgresql',
      schema: undefined,
    });
  });

  it('refuses other schemes and in-memory SQLite without echoing the URL', () => {
    expect(() => resolveDatabaseTarget('mysql://root:secret@db/ccr')).toThrow(DatabaseUrlError);
    expect(() => resolveDatabaseTarget('mysql://root:secret@db/ccr')).not.toThrow(/secret/);
    expect(() => resolveDatabaseTarget('file::memory:')).toThrow(/in-memory/);
  });
});
