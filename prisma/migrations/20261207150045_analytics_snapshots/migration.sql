-- CreateTable
CREATE TABLE "analytics_snapshots" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "version_id" UUID NOT NULL,
    "class_id" UUID,
    "use_case" VARCHAR(32) NOT NULL,
    "scope" VARCHAR(36) NOT NULL,
    "data_token" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "compute_ms" INTEGER NOT NULL,
    "refresh_wanted_at" TIMESTAMPTZ(6),

    CONSTRAINT "analytics_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "analytics_snapshots_class_id_idx" ON "analytics_snapshots"("class_id");

-- CreateIndex
CREATE INDEX "analytics_snapshots_refresh_wanted_at_idx" ON "analytics_snapshots"("refresh_wanted_at");

-- CreateIndex
CREATE UNIQUE INDEX "analytics_snapshots_version_id_use_case_scope_key" ON "analytics_snapshots"("version_id", "use_case", "scope");

-- AddForeignKey
ALTER TABLE "analytics_snapshots" ADD CONSTRAINT "analytics_snapshots_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "scenario_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analytics_snapshots" ADD CONSTRAINT "analytics_snapshots_class_id_fkey" FOREIGN KEY ("class_id") REFERENCES "classes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the use cases the service knows, and a scope that names the class filtered on
ALTER TABLE "analytics_snapshots" ADD CONSTRAINT "analytics_snapshots_use_case_check"
    CHECK ("use_case" IN ('items_all', 'items_first', 'paths'));
ALTER TABLE "analytics_snapshots" ADD CONSTRAINT "analytics_snapshots_scope_check"
    CHECK (("class_id" IS NULL AND "scope" = 'all') OR "scope" = "class_id"::text);
