"""Bodies of the analytics endpoints: item analysis, path traffic and score distribution."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import AliasChoices, Field

from quizflow.api.schemas.common import ReadModel

Flag = Literal["never_chosen", "chosen_by_strong"]


class ChoiceStatsRead(ReadModel):
    choice_id: uuid.UUID
    label: str
    body_text: str
    is_correct: bool
    picked: int = Field(description="Counted attempts whose answer included this choice")
    picked_share: float = Field(ge=0, le=1, description="picked ÷ the question's answered")
    flags: list[Flag] = Field(
        description="On a wrong choice: never_chosen (nobody picked it), chosen_by_strong "
        "(the top third of learners by total score picked it more often than the bottom third)"
    )


class QuestionStatsRead(ReadModel):
    question_id: uuid.UUID
    position: int = Field(description="The question's display number in the version (Q1…)")
    prompt_text: str
    max_points: int
    answered: int = Field(description="Counted attempts that answered it")
    facility: float | None = Field(
        description="Moodle's facility index: mean score ÷ max points × 100 (null: no answers, "
        "or free text, which is not auto-graded)"
    )
    discrimination: float | None = Field(
        description="Moodle's discrimination index: 100 × the correlation between the score on "
        "this question and on the rest of the attempt (null: fewer than 2 answers or no variance)"
    )
    choices: list[ChoiceStatsRead]


class ItemAnalysisRead(ReadModel):
    version: int
    attempts_counted: int = Field(description="Completed attempts included")
    questions: list[QuestionStatsRead]
    counted_at: datetime = Field(
        description="When these numbers were counted (a large version's are kept, and "
        "recounted in the background when learners have played since)"
    )
    refreshing: bool = Field(
        description="Learners have played since counted_at: a newer count is on its way"
    )


class QuestionTrafficRead(ReadModel):
    question_id: uuid.UUID
    position: int
    prompt_text: str
    reached: int = Field(description="Attempts that answered it or are on it")
    stopped: int = Field(
        description="Unfinished attempts (in progress or abandoned) whose current or last "
        "answered question it is"
    )
    median_seconds: float | None = Field(
        description="Median time from the previous answer (or the start) to the answer to it"
    )


class LinkTrafficRead(ReadModel):
    link_id: uuid.UUID
    from_question_id: uuid.UUID
    to_question_id: uuid.UUID | None = Field(description="null: the link ends the scenario")
    condition: str
    taken: int = Field(description="Answers that followed this link")


class PathAnalysisRead(ReadModel):
    version: int
    attempts: int
    completed: int
    abandoned: int
    in_progress: int
    questions: list[QuestionTrafficRead]
    links: list[LinkTrafficRead]
    first_question_id: uuid.UUID | None
    counted_at: datetime = Field(
        description="When these numbers were counted (a large version's are kept, and "
        "recounted in the background when learners have played since)"
    )
    refreshing: bool = Field(
        description="Learners have played since counted_at: a newer count is on its way"
    )


class ScoreBucketRead(ReadModel):
    # `from`/`to` on the wire; Python cannot name a field `from`.
    start: int = Field(
        validation_alias=AliasChoices("start", "from"),
        serialization_alias="from",
        description="Lowest score in the bucket (inclusive)",
    )
    end: int = Field(
        validation_alias=AliasChoices("end", "to"),
        serialization_alias="to",
        description="Exclusive, except in the last bucket, which includes max_score",
    )
    count: int


class ScoreDistributionRead(ReadModel):
    version: int
    max_score: int = Field(description="Every auto-graded question's points")
    attempts: int = Field(description="Completed attempts")
    mean: float | None
    median: float | None
    buckets: list[ScoreBucketRead] = Field(max_length=20)
