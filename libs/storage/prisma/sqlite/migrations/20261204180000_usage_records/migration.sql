-- CreateTable
CREATE TABLE "usage_requests" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "request_id" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT,
    "status" INTEGER NOT NULL,
    "tokens_before" INTEGER NOT NULL,
    "tokens_after" INTEGER NOT NULL,
    "cached_tokens" INTEGER,
    "bytes_before" INTEGER NOT NULL,
    "bytes_after" INTEGER NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "overhead_ms" REAL NOT NULL,
    "compressors" TEXT NOT NULL,
    "ccr_stored" INTEGER NOT NULL,
    "fail_open" BOOLEAN NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "usage_requests_at_idx" ON "usage_requests"("at");

-- CreateIndex
CREATE INDEX "usage_requests_tenant_at_idx" ON "usage_requests"("tenant", "at");

