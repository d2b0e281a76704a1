"""Question banks in: a GIFT, Aiken, Moodle XML or QTI 3 file becomes scenarios at once.

`plan_import` says, per item, what would be created and what is converted or skipped (nothing
is written); `import_bank` keeps the file and its embedded files first (content-addressed, as
a document, so `storage gc` keeps them), then creates every scenario, question, choice and link
in ONE transaction: a failure leaves no scenario behind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.db import models as orm
from quizflow.documents.model import Block, ImageRef, NormalizedDocument
from quizflow.errors import ConditionSyntaxError, InvalidInputError
from quizflow.flow.conditions import format_condition, labels_in, parse_condition, uses_choices
from quizflow.interchange.formats import read_bank
from quizflow.interchange.model import Bank, BankQuestion, Format, Note
from quizflow.services import access
from quizflow.services.documents import Progress, store_document
from quizflow.services.questions import (
    CheckedQuestion,
    ChoiceInput,
    QuestionInput,
    check_question,
)
from quizflow.services.scenarios import ScenarioSummary, new_scenario, summary
from quizflow.settings import Settings
from quizflow.storage.base import BlobStore


@dataclass(frozen=True, slots=True)
class PlannedLink:
    target: str | None
    condition: str


@dataclass(frozen=True, slots=True)
class PlannedQuestion:
    bank_id: str
    source: str
    checked: CheckedQuestion
    links: tuple[PlannedLink, ...] = ()


@dataclass(frozen=True, slots=True)
class PlannedScenario:
    title: str
    context_html: str
    questions: tuple[PlannedQuestion, ...]
    branching: bool


@dataclass(frozen=True, slots=True)
class ImportPlan:
    format: Format
    scenarios: tuple[PlannedScenario, ...]
    #: Per item: what was converted (kept differently) or skipped, and why.
    notes: tuple[Note, ...]
    bank: Bank = field(repr=False, compare=False)

    @property
    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.scenarios)


@dataclass(frozen=True, slots=True)
class ImportResult:
    document_id: uuid.UUID
    scenarios: tuple[ScenarioSummary, ...]
    notes: tuple[Note, ...]


def _question_input(question: BankQuestion, notes: list[Note]) -> QuestionInput:
    item = question.source or question.id
    if question.shuffle:
        notes.append(Note(item, "shuffled choices not kept: quizflow shows them in order"))
    if question.kind == "text":
        return QuestionInput(
            prompt_html=question.prompt_html,
            is_multiple_choice=False,
            explanation=question.general_feedback_html,
            points=question.points,
        )
    top = max(c.fraction for c in question.choices)
    if question.kind == "single":
        first = next(i for i, c in enumerate(question.choices) if c.fraction == top)
        correct = {first} if top > 0 else set()
        partial = [c.label for i, c in enumerate(question.choices) if c.is_correct and i != first]
        if partial:
            notes.append(
                Note(item, f"partial credit for {', '.join(partial)} not kept: counted as wrong")
            )
    else:
        correct = {i for i, c in enumerate(question.choices) if c.is_correct}
        if any(c.fraction < 0 for c in question.choices) or len(correct) > 1:
            notes.append(
                Note(item, "graded all or nothing in quizflow (the file gives partial credit)")
            )
    return QuestionInput(
        prompt_html=question.prompt_html,
        choices=tuple(
            ChoiceInput(c.body_html, i in correct, c.label, c.feedback_html)
            for i, c in enumerate(question.choices)
        ),
        multi_select=question.kind == "multiple",
        explanation=question.general_feedback_html,
        points=question.points,
    )


def _links(
    question: BankQuestion, checked: CheckedQuestion, ids: set[str], notes: list[Note]
) -> tuple[PlannedLink, ...]:
    item = question.source or question.id
    labels = {c.label for c in checked.choices}
    links = []
    for rule in question.rules:
        try:
            condition = parse_condition(rule.condition)
        except ConditionSyntaxError as exc:
            notes.append(Note(item, f"branch rule not kept ({exc.message})"))
            continue
        unknown = labels_in(condition) - labels
        if unknown or (not checked.is_multiple_choice and uses_choices(condition)):
            notes.append(Note(item, f"branch rule {rule.condition!r} does not fit the question"))
            continue
        if rule.target is not None and rule.target not in ids:
            notes.append(Note(item, f"branch rule to {rule.target}, which was not imported"))
            continue
        links.append(PlannedLink(rule.target, format_condition(condition)))
    return tuple(links)


def plan_import(bank: Bank, file_format: Format) -> ImportPlan:
    """What importing `bank` creates, per item what is converted or skipped; writes nothing."""
    notes = list(bank.notes)
    scenarios = []
    for scenario in bank.scenarios:
        checked: list[tuple[BankQuestion, CheckedQuestion]] = []
        for question in scenario.questions:
            try:
                checked.append((question, check_question(_question_input(question, notes))))
            except InvalidInputError as exc:
                notes.append(Note(question.source or question.id, f"skipped: {exc.message}"))
        ids = {q.id for q, _ in checked}
        planned = tuple(
            PlannedQuestion(q.id, q.source, c, _links(q, c, ids, notes)) for q, c in checked
        )
        if planned:
            branching = any(q.rules for q, _ in checked)
            scenarios.append(
                PlannedScenario(scenario.title, scenario.context_html, planned, branching)
            )
    if not scenarios:
        reasons = "; ".join(f"{n.item}: {n.message}" for n in notes[:3])
        raise InvalidInputError(
            "no question in the file can be imported" + (f" ({reasons})" if reasons else "")
        )
    return ImportPlan(file_format, tuple(scenarios), tuple(notes), bank)


def preview_bank(
    *,
    data: bytes,
    filename: str,
    settings: Settings,
    file_format: Format | None = None,
    actor: Principal | None = None,
) -> ImportPlan:
    """Read and plan an upload (for `actor`, an author, when given: the CLI's dry run has no
    account); raises ForbiddenError, DocumentTooLargeError, InvalidDocumentError,
    UnsupportedMediaTypeError or InvalidInputError (nothing importable)."""
    if actor is not None:
        access.require_author(actor, "import question banks")
    from quizflow.documents.importers.limits import check_upload_size
    from quizflow.interchange.detect import detect_format

    check_upload_size(data, filename=filename, max_bytes=settings.max_upload_bytes)
    chosen = file_format or detect_format(data, filename)
    bank = read_bank(data, filename=filename, file_format=chosen)
    return plan_import(bank, chosen)


def _document(plan: ImportPlan) -> NormalizedDocument:
    """The bank as a document row's content: one paragraph per question, its files as images."""
    blocks = tuple(
        Block("paragraph", q.checked.prompt_text, q.checked.prompt_html, q.source or q.bank_id)
        for s in plan.scenarios
        for q in s.questions
    )
    images = tuple(ImageRef(f.key, f.media_type, f.data) for f in plan.bank.files)
    return NormalizedDocument(plan.scenarios[0].title, blocks, images)


def import_bank(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    settings: Settings,
    actor: Principal,
    data: bytes,
    filename: str,
    file_format: Format | None = None,
    progress: Progress | None = None,
    plan: ImportPlan | None = None,
) -> ImportResult:
    """Keep the file and its files, then create its scenarios in one transaction (`plan`:
    the preview of these very bytes, when the caller has it already)."""
    access.require_author(actor, "import question banks")
    if plan is None:
        plan = preview_bank(
            data=data, filename=filename, settings=settings, file_format=file_format
        )
    stored = store_document(
        sessions=sessions,
        store=store,
        settings=settings,
        actor=actor,
        filename=filename,
        data=data,
        document=_document(plan),
        media_type=f"application/vnd.quizflow.{plan.format}",
        progress=progress,
    )
    report = progress or (lambda _: None)
    report("creating questions")
    with sessions.begin() as session:
        created = tuple(_create(session, actor, s) for s in plan.scenarios)
    return ImportResult(stored.id, created, plan.notes)


def _table(model: type[orm.Base]) -> Table:
    return cast(Table, model.__table__)


def _create(session: Session, actor: Principal, planned: PlannedScenario) -> ScenarioSummary:
    title = planned.title.strip()[:300] or "Imported questions"
    scenario = new_scenario(session, actor, title=title, context_html=planned.context_html)
    ids = {q.bank_id: uuid.uuid4() for q in planned.questions}
    order = [ids[q.bank_id] for q in planned.questions]
    # Core INSERTs of many rows each (the ORM's bulk insert splits rows by which values are
    # None, one round trip each): a bank of 10,000 questions is a few dozen statements.
    session.execute(
        insert(_table(orm.Question)),
        [
            dict(
                id=ids[q.bank_id],
                scenario_id=scenario.id,
                prompt_html=q.checked.prompt_html,
                prompt_text=q.checked.prompt_text,
                is_multiple_choice=q.checked.is_multiple_choice,
                multi_select=q.checked.multi_select,
                explanation=q.checked.explanation,
                points=q.checked.points,
                position=position,
            )
            for position, q in enumerate(planned.questions)
        ],
    )
    choices = [
        dict(
            question_id=ids[q.bank_id],
            label=c.label,
            body=c.body,
            is_correct=c.is_correct,
            feedback=c.feedback,
            position=position,
        )
        for q in planned.questions
        for position, c in enumerate(q.checked.choices)
    ]
    if choices:
        session.execute(insert(_table(orm.Choice)), choices)
    links: list[dict[str, object]] = []
    for index, question in enumerate(planned.questions):
        following = order[index + 1] if index + 1 < len(order) else None
        if not planned.branching or not question.links:
            if following is not None:  # in order, as the studio links questions added in order
                links.append(
                    dict(
                        from_question_id=ids[question.bank_id],
                        to_question_id=following,
                        condition="default",
                        priority=0,
                    )
                )
            continue
        links += [
            dict(
                from_question_id=ids[question.bank_id],
                to_question_id=ids[link.target] if link.target else None,
                condition=link.condition,
                priority=priority,
            )
            for priority, link in enumerate(question.links)
        ]
    if links:
        session.execute(insert(_table(orm.QuestionLink)), links)
    scenario.first_question_id = order[0]
    session.flush()
    return summary(session, scenario)
