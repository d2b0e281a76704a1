"""What writers lose, said the same way by each: points, shuffle, labels, feedback, the flow."""

from __future__ import annotations

from quizflow.interchange.model import BankQuestion, BankScenario, NoteList, letter


def common_losses(
    question: BankQuestion, notes: NoteList, *, holds_points: bool, holds_shuffle: bool
) -> None:
    """Note what a writer without points, shuffle or choice labels loses of `question`."""
    item = question.name or question.id
    if not holds_points and question.points != 1:
        notes.add(item, f"points ({question.points}) not kept: the format has none")
    if not holds_shuffle and question.shuffle:
        notes.add(item, "shuffled choices not kept")
    if any(c.label != letter(i) for i, c in enumerate(question.choices)):
        notes.add(item, "choice labels not kept: they are lettered A, B, C… in order")


def flow_losses(scenario: BankScenario, notes: NoteList) -> None:
    """For formats without branching: note each question whose links are not 'the next one'."""
    questions = scenario.questions
    for index, question in enumerate(questions):
        following = questions[index + 1].id if index + 1 < len(questions) else None
        linear = not question.rules or (
            len(question.rules) == 1
            and question.rules[0].condition.strip().lower() == "default"
            and question.rules[0].target == following
        )
        if not linear:
            notes.add(
                question.name or question.id,
                "the flow (where each answer leads) was not kept: the format has no branching; "
                "questions are in order",
            )
