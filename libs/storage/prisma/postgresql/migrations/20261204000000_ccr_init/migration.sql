-- Authored with `node tools/scripts/prisma.cjs diff --provider postgresql`, minus its
-- `CREATE SCHEMA IF NOT EXISTS "public"`: the tables go to the connection's schema
-- (search_path), and that statement needs CREATE on the database even when public exists.

-- CreateTable
CREATE TABLE "ccr_originals" (
    "tenant" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "compressed" TEXT,
    "kind" TEXT NOT NULL,
    "compressor" TEXT NOT NULL,
    "tool_name" TEXT,
    "tokens_before" INTEGER,
    "tokens_after" INTEGER,
    "item_count" INTEGER,
    "kept_count" INTEGER,
    "content_bytes" INTEGER NOT NULL,
    "ttl_seconds" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "last_accessed_at" TIMESTAMP(3),
    "retrieval_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ccr_originals_pkey" PRIMARY KEY ("tenant","key")
);

-- CreateTable
CREATE TABLE "ccr_audit" (
    "id" BIGSERIAL NOT NULL,
    "event" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "actor" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ccr_audit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ccr_originals_expires_at_idx" ON "ccr_originals"("expires_at");

-- CreateIndex
CREATE INDEX "ccr_audit_tenant_key_idx" ON "ccr_audit"("tenant", "key");

-- CreateIndex
CREATE INDEX "ccr_audit_tenant_event_id_idx" ON "ccr_audit"("tenant", "event", "id");

-- CreateIndex
CREATE INDEX "ccr_audit_at_idx" ON "ccr_audit"("at");

