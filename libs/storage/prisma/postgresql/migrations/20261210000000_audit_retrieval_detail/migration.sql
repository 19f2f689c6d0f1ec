-- Authored with `node tools/scripts/prisma.cjs diff --provider postgresql --from <the schema
-- before this migration>`. Every column is nullable, so the ALTER rewrites no rows and
-- audit rows written before it keep working as retrievals of unknown kind.

-- AlterTable
ALTER TABLE "ccr_audit" ADD COLUMN     "items_served" INTEGER,
ADD COLUMN     "query" TEXT,
ADD COLUMN     "query_sha256" TEXT,
ADD COLUMN     "retrieval_type" TEXT,
ADD COLUMN     "total_items" INTEGER;

