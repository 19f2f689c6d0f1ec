// Prisma CLI config for the PostgreSQL schema, used by tools/scripts/prisma.cjs.
// The CLI needs adapter-pg 7.x (aliased as @prisma/adapter-pg-migrate): 6.19.3
// cannot read the `name` column type in Prisma's introspection queries. The
// runtime client keeps adapter-pg 6.19.3. Discrete connection fields, not a
// connection string, so that a `?schema=` parameter is honoured: the adapter's
// own `schema` option does not reach the migration SQL, which names no schema,
// so the schema goes into the session's search_path too.
const { join } = require('node:path');
const { defineConfig } = require('prisma/config');

function connectionFields(raw) {
  const url = new URL(raw);
  const schema = url.searchParams.get('schema') ?? undefined;

  return {
    config: {
      host: url.hostname,
      port: url.port ? Number(url.port) : 5432,
      user: decodeURIComponent(url.username),
      password: url.password ? decodeURIComponent(url.password) : undefined,
      database: url.pathname.replace(/^\//, '') || 'postgres',
      ...(schema ? { options: `-c search_path="${schema.replace(/"/g, '""')}"` } : {}),
    },
    schema,
  };
}

module.exports = defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: join(__dirname, 'schema.prisma'),
  migrations: { path: join(__dirname, 'migrations') },
  adapter: async () => {
    const { PrismaPg } = require('@prisma/adapter-pg-migrate');
    const raw =
      process.env.HEADROOM_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/headroom';
    const { config, schema } = connectionFields(raw);

    return new PrismaPg(config, schema ? { schema } : undefined);
  },
});
