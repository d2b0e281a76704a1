-- AlterTable
ALTER TABLE "answers" ADD COLUMN     "next_question_id" UUID,
ADD COLUMN     "score_after" INTEGER NOT NULL DEFAULT 0;

-- AddForeignKey
ALTER TABLE "answers" ADD CONSTRAINT "answers_next_question_id_fkey" FOREIGN KEY ("next_question_id") REFERENCES "questions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
