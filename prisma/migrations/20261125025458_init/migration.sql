-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('author', 'learner', 'admin');

-- CreateEnum
CREATE TYPE "scenario_status" AS ENUM ('draft', 'published');

-- CreateEnum
CREATE TYPE "progress_status" AS ENUM ('in_progress', 'completed', 'abandoned');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" VARCHAR(320) NOT NULL,
    "display_name" VARCHAR(200) NOT NULL,
    "role" "user_role" NOT NULL DEFAULT 'learner',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scenarios" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "owner_id" UUID NOT NULL,
    "title" VARCHAR(300) NOT NULL,
    "context_html" TEXT NOT NULL DEFAULT '',
    "context_text" TEXT NOT NULL DEFAULT '',
    "first_question_id" UUID,
    "status" "scenario_status" NOT NULL DEFAULT 'draft',
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scenarios_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "questions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "scenario_id" UUID NOT NULL,
    "prompt_html" TEXT NOT NULL,
    "prompt_text" TEXT NOT NULL,
    "is_multiple_choice" BOOLEAN NOT NULL DEFAULT true,
    "multi_select" BOOLEAN NOT NULL DEFAULT false,
    "explanation" TEXT,
    "points" INTEGER NOT NULL DEFAULT 1,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "questions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "choices" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "question_id" UUID NOT NULL,
    "label" VARCHAR(8) NOT NULL,
    "body" TEXT NOT NULL,
    "is_correct" BOOLEAN NOT NULL DEFAULT false,
    "feedback" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "choices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "question_links" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "from_question_id" UUID NOT NULL,
    "to_question_id" UUID,
    "condition" TEXT NOT NULL DEFAULT 'default',
    "priority" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "question_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_progress" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "scenario_id" UUID NOT NULL,
    "current_question_id" UUID,
    "status" "progress_status" NOT NULL DEFAULT 'in_progress',
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "score" INTEGER NOT NULL DEFAULT 0,
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(6),

    CONSTRAINT "user_progress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "answers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "progress_id" UUID NOT NULL,
    "free_text" TEXT,
    "is_correct" BOOLEAN,
    "score" INTEGER NOT NULL DEFAULT 0,
    "idempotency_key" VARCHAR(255),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "answers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "answer_choices" (
    "answer_id" UUID NOT NULL,
    "choice_id" UUID NOT NULL,

    CONSTRAINT "answer_choices_pkey" PRIMARY KEY ("answer_id","choice_id")
);

-- CreateTable
CREATE TABLE "documents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "owner_id" UUID NOT NULL,
    "filename" VARCHAR(255) NOT NULL,
    "media_type" VARCHAR(255) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content_text" TEXT,
    "content_html" TEXT,
    "storage_url" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "scenarios_first_question_id_key" ON "scenarios"("first_question_id");

-- CreateIndex
CREATE INDEX "scenarios_owner_id_idx" ON "scenarios"("owner_id");

-- CreateIndex
CREATE INDEX "scenarios_status_idx" ON "scenarios"("status");

-- CreateIndex
CREATE INDEX "questions_scenario_id_position_idx" ON "questions"("scenario_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "choices_question_id_label_key" ON "choices"("question_id", "label");

-- CreateIndex
CREATE INDEX "question_links_from_question_id_priority_idx" ON "question_links"("from_question_id", "priority");

-- CreateIndex
CREATE INDEX "question_links_to_question_id_idx" ON "question_links"("to_question_id");

-- CreateIndex
CREATE INDEX "user_progress_current_question_id_idx" ON "user_progress"("current_question_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_progress_user_id_scenario_id_attempt_key" ON "user_progress"("user_id", "scenario_id", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "answers_idempotency_key_key" ON "answers"("idempotency_key");

-- CreateIndex
CREATE INDEX "answers_progress_id_created_at_idx" ON "answers"("progress_id", "created_at");

-- CreateIndex
CREATE INDEX "answers_question_id_idx" ON "answers"("question_id");

-- CreateIndex
CREATE INDEX "answers_user_id_idx" ON "answers"("user_id");

-- CreateIndex
CREATE INDEX "answer_choices_choice_id_idx" ON "answer_choices"("choice_id");

-- CreateIndex
CREATE INDEX "documents_owner_id_created_at_idx" ON "documents"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "documents_sha256_idx" ON "documents"("sha256");

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scenarios" ADD CONSTRAINT "scenarios_first_question_id_fkey" FOREIGN KEY ("first_question_id") REFERENCES "questions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "questions" ADD CONSTRAINT "questions_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "choices" ADD CONSTRAINT "choices_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "questions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "question_links" ADD CONSTRAINT "question_links_from_question_id_fkey" FOREIGN KEY ("from_question_id") REFERENCES "questions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "question_links" ADD CONSTRAINT "question_links_to_question_id_fkey" FOREIGN KEY ("to_question_id") REFERENCES "questions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_scenario_id_fkey" FOREIGN KEY ("scenario_id") REFERENCES "scenarios"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_current_question_id_fkey" FOREIGN KEY ("current_question_id") REFERENCES "questions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answers" ADD CONSTRAINT "answers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answers" ADD CONSTRAINT "answers_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "questions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answers" ADD CONSTRAINT "answers_progress_id_fkey" FOREIGN KEY ("progress_id") REFERENCES "user_progress"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer_choices" ADD CONSTRAINT "answer_choices_answer_id_fkey" FOREIGN KEY ("answer_id") REFERENCES "answers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "answer_choices" ADD CONSTRAINT "answer_choices_choice_id_fkey" FOREIGN KEY ("choice_id") REFERENCES "choices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "documents" ADD CONSTRAINT "documents_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: constraints that the Prisma schema language cannot express (see schema.prisma).

-- One in-progress attempt per learner and scenario (finished attempts are kept, numbered).
CREATE UNIQUE INDEX "user_progress_one_in_progress_key" ON "user_progress"("user_id", "scenario_id") WHERE "status" = 'in_progress';

ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_attempt_positive" CHECK ("attempt" >= 1);
ALTER TABLE "user_progress" ADD CONSTRAINT "user_progress_completed_at_when_completed" CHECK (("status" = 'completed') = ("completed_at" IS NOT NULL));

-- The content of a document lives inline or in object storage: exactly one of the two.
ALTER TABLE "documents" ADD CONSTRAINT "documents_content_inline_xor_stored" CHECK (
    (("content_text" IS NOT NULL OR "content_html" IS NOT NULL) AND "storage_url" IS NULL)
    OR ("content_text" IS NULL AND "content_html" IS NULL AND "storage_url" IS NOT NULL)
);
ALTER TABLE "documents" ADD CONSTRAINT "documents_sha256_hex" CHECK ("sha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "documents" ADD CONSTRAINT "documents_size_non_negative" CHECK ("size_bytes" >= 0);
