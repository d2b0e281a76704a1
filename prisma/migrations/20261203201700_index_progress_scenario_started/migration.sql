-- CreateIndex
CREATE INDEX "user_progress_scenario_id_started_at_idx" ON "user_progress"("scenario_id", "started_at");

-- CreateIndex
CREATE INDEX "user_progress_scenario_id_score_idx" ON "user_progress"("scenario_id", "score");
