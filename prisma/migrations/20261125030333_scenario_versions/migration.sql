-- DropIndex
DROP INDEX "answers_idempotency_key_key";

-- DropIndex
DROP INDEX "answers_user_id_idx";

-- DropIndex
DROP INDEX "questions_scenario_id_position_idx";

-- AlterTable
ALTER TABLE "questions" ADD COLUMN     "origin_id" UUID,
ADD COLUMN     "version_id" UUID;

-- AlterTable
ALTER TABLE "scenarios" ADD COLUMN     "latest_version_id" UUID;

-- AlterTable
ALTER TABLE "user_progress" ADD COLUMN     "version_id" UUID NOT NULL;

-- CreateTable
CREATE TABLE "scenario_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "scenario_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "context_html" TEXT NOT NULL,
    "context_text" TEXT NOT NULL,
    "first_question_id" UUID,
    "published_by_id" UUID NOT NULL,
    "published_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenario_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "scenario_versions_first_question_id_key" ON "scenario_versions"("first_question_id");

-- CreateIndex
CREATE UNIQUE INDEX "scenario_versions_scenario_id_number_key" ON "scenario_versions"("scenario_id", "number");

-- CreateIndex
CREATE UNIQUE INDEX "answers_user_id_idempotency_key_key" ON "answers"("user_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "questions_scenario_id_version_id_position_idx" ON "questions"("scenario_id", "version_id", "position");

-- CreateIndex
CREATE INDEX "questions_version_id_position_idx" ON "questions"("version_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_latest_version_id_key" ON "scenarios"("latest_version_id");

-- CreateIndex
CREATE INDEX "user_progress_version_id_idx" ON "user_progress"("version_id");

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_latest_version_id_fkey" FOREIGN KEY ("latest_version_id") REFERENCES "scenario_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_versions" ADD CONSTRAINT "scenario_versions_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_versions" ADD CONSTRAINT "scenario_versions_first_question_id_fkey" FOREIGN KEY ("first_question_id") REFERENCES "questions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenario_versions" ADD CONSTRAINT "scenario_versions_published_by_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questions" ADD CONSTRAINT "questions_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "scenario_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "scenario_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
