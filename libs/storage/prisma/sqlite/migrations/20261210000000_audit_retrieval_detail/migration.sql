-- Authored with `node tools/scripts/prisma.cjs diff --provider sqlite --from <the schema
-- before this migration>`. Every column is nullable: audit rows written before it keep
-- working and read as retrievals of unknown kind.

-- AlterTable
ALTER TABLE "ccr_audit" ADD COLUMN "items_served" INTEGER;
ALTER TABLE "ccr_audit" ADD COLUMN "query" TEXT;
ALTER TABLE "ccr_audit" ADD COLUMN "query_sha256" TEXT;
ALTER TABLE "ccr_audit" ADD COLUMN "retrieval_type" TEXT;
ALTER TABLE "ccr_audit" ADD COLUMN "total_items" INTEGER;

