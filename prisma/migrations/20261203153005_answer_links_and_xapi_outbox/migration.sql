-- AlterTable
ALTER TABLE "answers" ADD COLUMN     "link_condition" TEXT,
ADD COLUMN     "link_id" UUID;

-- CreateTable
CREATE TABLE "xapi_outbox" (
    "id" UUID NOT NULL,
    "statement" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(6),
    "last_error" TEXT,

    CONSTRAINT "xapi_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "xapi_outbox_delivered_at_next_attempt_at_idx" ON "xapi_outbox"("delivered_at", "next_attempt_at");

-- CreateIndex
CREATE INDEX "answers_link_id_idx" ON "answers"("link_id");

-- AddForeignKey
ALTER TABLE "answers" ADD CONSTRAINT "answers_link_id_fkey" FOREIGN KEY ("link_id") REFERENCES "question_links"("id") ON DELETE SET NULL ON UPDATE CASCADE;
