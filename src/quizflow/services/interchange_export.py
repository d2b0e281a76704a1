"""Question banks out: a scenario (or an author's every scenario) as GIFT, Aiken, Moodle XML
or a QTI 3 package, with what the format could not keep, per item."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from quizflow.auth import Principal
from quizflow.errors import NotFoundError
from quizflow.interchange.formats import EXTENSIONS, MEDIA_TYPES, write_bank
from quizflow.interchange.model import (
    Bank,
    BankChoice,
    BankFile,
    BankQuestion,
    BankRule,
    BankScenario,
    Format,
    Note,
    fraction,
)
from quizflow.services import access
from quizflow.services.content import QuestionContent, ScenarioContent, load_draft
from quizflow.services.exports import file_stem, own_scenario_ids
from quizflow.storage.base import BlobStore

_STORED = re.compile(r"objects/[0-9a-f]{2}/[0-9a-f]{64}\.[a-z0-9]{1,16}")
# The grades Moodle accepts ("Match grades"): a share of 1/k is written as the nearest of these.
_MOODLE_GRADES: tuple[float, ...] = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5)
_MOODLE_GRADES += (0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111)
_MOODLE_GRADES += (0.1, 0.05)


@dataclass(frozen=True, slots=True)
class BankExport:
    filename: str
    media_type: str
    data: bytes
    notes: tuple[Note, ...]


def _share(count: int) -> float:
    return min(_MOODLE_GRADES, key=lambda grade: abs(grade - 1 / max(count, 1)))


def _choices(question: QuestionContent) -> tuple[BankChoice, ...]:
    correct = sum(c.is_correct for c in question.choices)
    wrong = len(question.choices) - correct
    if not question.multi_select:
        return tuple(
            BankChoice(c.label, c.body, 1.0 if c.is_correct else 0.0, c.feedback)
            for c in question.choices
        )
    # All or nothing cannot be said in these formats: each right choice earns its share and
    # each wrong one takes a share away, so only the exact set earns full credit.
    return tuple(
        BankChoice(
            c.label,
            c.body,
            fraction(_share(correct) if c.is_correct else -_share(wrong)),
            c.feedback,
        )
        for c in question.choices
    )


def scenario_to_bank(content: ScenarioContent) -> BankScenario:
    """A scenario's draft as a bank scenario; questions named q1, q2… in display order."""
    names = {q.id: f"q{n}" for n, q in enumerate(content.questions, start=1)}
    questions = []
    for index, question in enumerate(content.questions):
        following = content.questions[index + 1].id if index + 1 < len(content.questions) else None
        ordered = sorted(
            question.links,
            key=lambda link: (link.condition.strip().lower() == "default", link.priority),
        )
        rules = tuple(
            BankRule(
                link.condition, names.get(link.to_question_id) if link.to_question_id else None
            )
            for link in ordered
        )
        linear = (
            len(ordered) == 1
            and rules[0].condition == "default"
            and ordered[0].to_question_id == following
        )
        if linear or (not ordered and following is None):
            rules = ()
        questions.append(
            BankQuestion(
                id=names[question.id],
                kind="text"
                if not question.is_multiple_choice
                else ("multiple" if question.multi_select else "single"),
                prompt_html=question.prompt_html,
                choices=_choices(question) if question.is_multiple_choice else (),
                points=question.points,
                general_feedback_html=question.explanation,
                rules=rules,
            )
        )
    return BankScenario(content.title, tuple(questions), content.context_html)


def _files(
    store: BlobStore, scenarios: list[BankScenario]
) -> tuple[tuple[BankFile, ...], list[Note]]:
    keys: dict[str, str] = {}
    for scenario in scenarios:
        texts = [scenario.context_html]
        for q in scenario.questions:
            texts += [q.prompt_html, q.general_feedback_html or ""]
            texts += [t for c in q.choices for t in (c.body_html, c.feedback_html or "")]
        for text in texts:
            for key in _STORED.findall(text):
                keys.setdefault(key, scenario.title)
    files, notes = [], []
    for key, title in keys.items():
        try:
            data = store.get(store.url_for(key))
        except NotFoundError:
            notes.append(Note(title, f"image {key} is missing from storage and was not included"))
            continue
        extension = key.rsplit(".", 1)[-1]
        files.append(BankFile(key, f"image/{'jpeg' if extension == 'jpg' else extension}", data))
    return tuple(files), notes


def _export(
    store: BlobStore, scenarios: list[BankScenario], file_format: Format, stem: str
) -> BankExport:
    files, notes = _files(store, scenarios)
    written = write_bank(Bank(tuple(scenarios), files), file_format)
    return BankExport(
        f"{stem}.{EXTENSIONS[file_format]}",
        MEDIA_TYPES[file_format],
        written.data,
        (*notes, *written.notes),
    )


def export_scenario_bank(
    *,
    sessions: sessionmaker[Session],
    store: BlobStore,
    actor: Principal,
    scenario_id: uuid.UUID,
    file_format: Format,
) -> BankExport:
    """The author's scenario (its draft) in `file_format`; raises NotFoundError/ForbiddenError."""
    with sessions() as session:
        access.authored_scenario(session, actor, scenario_id)
        scenario = scenario_to_bank(load_draft(session, scenario_id))
    return _export(store, [scenario], file_format, file_stem(scenario.title))


def export_author_bank(
    *, sessions: sessionmaker[Session], store: BlobStore, actor: Principal, file_format: Format
) -> BankExport:
    """Every scenario the actor owns, one category (or test part) each."""
    access.require_author(actor, "export a question bank")
    with sessions() as session:
        scenarios = [
            scenario_to_bank(load_draft(session, i)) for i in own_scenario_ids(session, actor)
        ]
    return _export(store, scenarios, file_format, "question-bank")
