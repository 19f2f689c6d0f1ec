export * from './database-target';
export * from './migrations/migration-files';
export { migratePostgres } from './migrations/postgresql.migrator';
export { migrateSqlite } from './migrations/sqlite.migrator';
export * from './open-original.store';
export * from './prisma-original.store';
export * from './usage/prisma-usage.store';
