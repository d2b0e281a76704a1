-- CreateIndex
CREATE INDEX "answers_next_question_id_idx" ON "answers"("next_question_id");
