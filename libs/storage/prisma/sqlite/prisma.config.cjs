// Prisma CLI config for the SQLite schema, used by tools/scripts/prisma.cjs
// (generate, migrate diff, migrate deploy). 6.x with the JS schema engine is
// the only combination that runs offline here; see shared/notes/deps.md §4.
const { join } = require('node:path');
const { defineConfig } = require('prisma/config');

module.exports = defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: join(__dirname, 'schema.prisma'),
  migrations: { path: join(__dirname, 'migrations') },
  adapter: async () => {
    const { PrismaBetterSQLite3 } = require('@prisma/adapter-better-sqlite3');
    const url = process.env.HEADROOM_DATABASE_URL ?? 'file:./.headroom/headroom.db';

    return new PrismaBetterSQLite3({ url });
  },
});
