"""A free-text question never shows learners what belongs to choices or their answer without
a warning."""

from __future__ import annotations

import pytest

from tests.unit.documents.test_extract import extract, para


@pytest.mark.parametrize(
    ("lines", "shown"),
    [
        (["1. Name the capital of France. ✓ Paris"], "an answer mark (✓)"),
        (["1. Explain photosynthesis.", "Model answer: light and CO2"], 'an answer ("Answer: …")'),
        (["1. Explain photosynthesis. Đáp án: ánh sáng"], 'an answer ("Answer: …")'),
    ],
)
def test_a_free_text_prompt_that_shows_its_answer_is_a_warning(
    lines: list[str], shown: str
) -> None:
    result = extract(*(para(line) for line in lines))
    (question,) = result.questions
    assert not question.choices
    assert question.warnings == (
        f"question 1: the prompt of this free-text question still shows {shown}, which "
        "learners would see; check how it is written",
    )


def test_a_plain_free_text_prompt_is_not_warned() -> None:
    result = extract(para("1. Explain why 5 * 3 = 15, in your own words."), para("Show working."))
    (question,) = result.questions
    assert question.warnings == ()
