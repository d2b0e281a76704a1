"""What is wrong with a flow, in sentences a course author understands.

Errors make a flow unplayable (or wrong) and should block publishing; warnings are probably
unintended but playable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from quizflow.errors import ConditionSyntaxError
from quizflow.flow.condition_nodes import score_thresholds
from quizflow.flow.conditions import (
    Condition,
    Default,
    evaluate,
    format_condition,
    labels_in,
    parse_condition,
    uses_choices,
    uses_text,
)
from quizflow.flow.graph import question_edges, reachable, strongly_connected
from quizflow.flow.model import Flow, Link, Question, Response, grade

# Past 10 choices a multi-select has over 1,023 possible answers; rather than enumerate them,
# such a question counts as covered only if it has a default link.
MAX_COVERAGE_CHOICES = 10


@dataclass(frozen=True, slots=True)
class FlowIssue:
    """One problem found in a flow; `code` is stable, `message` is for people."""

    severity: Literal["error", "warning"]
    code: str
    message: str
    question_id: str | None = None
    link_id: str | None = None


def has_errors(issues: Iterable[FlowIssue]) -> bool:
    """Whether any issue is an error (as opposed to a warning)."""
    return any(issue.severity == "error" for issue in issues)


def validate_flow(
    flow: Flow,
    scenario_question_ids: frozenset[str] | None = None,
    *,
    names: Mapping[str, str] | None = None,
) -> list[FlowIssue]:
    """Every issue of the flow, in question order; never raises.

    `scenario_question_ids` are the questions links may lead to (default: the flow's own);
    `names` maps question ids to what authors call them ("Q3") for the messages.
    """
    return _Validator(flow, scenario_question_ids, names or {}).run()


class _Validator:
    def __init__(self, flow: Flow, known: frozenset[str] | None, names: Mapping[str, str]) -> None:
        self.flow = flow
        self.known = known if known is not None else frozenset(flow.by_id)
        self.names = names
        self.issues: list[FlowIssue] = []
        self.exits: set[str] = set()  # questions where the scenario may end

    def name(self, question_id: str | None, *, start: bool = False) -> str:
        if question_id is None:
            return "The end" if start else "the end"
        return f"{'Q' if start else 'q'}uestion {self.names.get(question_id, question_id)}"

    def add(
        self,
        severity: Literal["error", "warning"],
        code: str,
        message: str,
        question_id: str | None = None,
        link_id: str | None = None,
    ) -> None:
        self.issues.append(FlowIssue(severity, code, message, question_id, link_id))

    def run(self) -> list[FlowIssue]:
        first = self.flow.first_question_id
        if first is None or first not in self.flow.by_id:
            problem = "has no first question" if first is None else f"starts at {first}, not in it"
            message = f"The scenario {problem}; choose the question where learners start."
            self.add("error", "no_first_question", message)
        for question in self.flow.questions:
            self.check_question(question)
        if first is not None and first in self.flow.by_id:
            reached = reachable(question_edges(self.flow), first)
            for question in self.flow.questions:
                if question.id not in reached:
                    self.add(
                        "warning",
                        "unreachable_question",
                        f"No path from the first question leads to "
                        f"{self.name(question.id)}, so learners never see it.",
                        question.id,
                    )
        self.check_cycles()
        return self.issues

    def check_question(self, question: Question) -> None:
        where = self.name(question.id, start=True)
        if question.is_multiple_choice and not question.choices:
            self.add(
                "error",
                "no_choices",
                f"{where} is multiple choice but has no choices, so nobody can answer it.",
                question.id,
            )
        links = self.flow.links_from(question.id)
        parsed: list[tuple[Link, Condition]] = []
        for link in links:
            condition = self.check_link(question, link)
            if condition is not None:
                parsed.append((link, condition))
        defaults = [link for link, condition in parsed if isinstance(condition, Default)]
        for extra in defaults[1:]:
            # An error, not a warning: only the first default can ever be taken, so the
            # diagram shows a path no learner follows; the author meant something else.
            self.add(
                "error",
                "duplicate_default",
                f"{where} has {len(defaults)} default links; only the one to "
                f"{self.name(defaults[0].to_question_id)} can ever be taken.",
                question.id,
                extra.id,
            )
        # A broken condition is already an error; not knowing what it matches, assume the
        # scenario may end there rather than pile a coverage warning on top.
        broken = len(parsed) < len(links)
        uncovered = (
            bool(links)
            and not defaults
            and (broken or not self.covers_every_answer(question, parsed))
        )
        if uncovered or not links or any(link.to_question_id is None for link in links):
            self.exits.add(question.id)

    def check_link(self, question: Question, link: Link) -> Condition | None:
        where, to = self.name(question.id), self.name(link.to_question_id)
        target = link.to_question_id
        if target is not None and target not in self.known:
            self.add(
                "error",
                "link_leaves_scenario",
                f"The link from {where} leads to question {target}, which is not part of "
                "this scenario.",
                question.id,
                link.id,
            )
        try:
            condition = parse_condition(link.condition)
        except ConditionSyntaxError as exc:
            self.add(
                "error",
                "bad_condition",
                f"The condition of the link from {where} to {to} is not valid: {exc.message}.",
                question.id,
                link.id,
            )
            return None
        text = format_condition(condition)
        if not question.is_multiple_choice:
            if uses_choices(condition):
                self.add(
                    "error",
                    "choice_condition_on_free_text",
                    f"The link from {where} to {to} tests a chosen answer or correctness "
                    f"(`{text}`), but {where} is answered in writing, so that test is "
                    "never true.",
                    question.id,
                    link.id,
                )
            return condition
        unknown = sorted(labels_in(condition) - question.labels)
        if unknown:
            self.add(
                "error",
                "unknown_label",
                f"The link from {where} to {to} names choice {', '.join(unknown)}, but "
                f"the choices of {where} are {', '.join(sorted(question.labels)) or 'none'}"
                ".",
                question.id,
                link.id,
            )
        if uses_text(condition):
            self.add(
                "warning",
                "text_condition_on_choice_question",
                f"The link from {where} to {to} tests written text (`{text}`), but {where} "
                "is multiple choice, so that test is never true.",
                question.id,
                link.id,
            )
        return condition

    def covers_every_answer(self, question: Question, parsed: list[tuple[Link, Condition]]) -> bool:
        """Whether some link matches every possible answer, at every possible score."""
        where = self.name(question.id, start=True)
        ending = "and no default link, so the scenario ends there for"
        if not question.is_multiple_choice:
            self.add(
                "warning",
                "uncovered_answers",
                f"{where} is answered in writing and has links {ending} any answer "
                "that no condition matches; add a default link.",
                question.id,
            )
            return False
        labels = sorted(question.labels)
        if question.multi_select and len(labels) > MAX_COVERAGE_CHOICES:
            self.add(
                "warning",
                "uncovered_answers",
                f"{where} has {len(labels)} choices, too many to check every combination, "
                f"{ending} any answer no condition matches; add a default link.",
                question.id,
            )
            return False
        sizes = range(1, len(labels) + 1) if question.multi_select else (1,)
        conditions = [condition for _, condition in parsed]
        thresholds = frozenset().union(*(score_thresholds(c) for c in conditions))
        # The score's exact value is unknown here, but only its position relative to the
        # thresholds matters, so trying each threshold and its neighbours tries every case.
        candidates = sorted({s for t in thresholds for s in (t - 1, t, t + 1)} | {0})
        never_negative = all(q.points >= 0 for q in self.flow.questions)
        for size in sizes:
            for chosen in combinations(labels, size):
                response = Response(frozenset(chosen))
                outcome = grade(question, response)
                floor = outcome.score if never_negative else None
                scores = [s for s in candidates if floor is None or s >= floor] or [floor or 0]
                missed = [
                    s
                    for s in scores
                    if not any(
                        evaluate(c, response=response, is_correct=outcome.is_correct, score=s)
                        for c in conditions
                    )
                ]
                if missed:
                    answer = ", ".join(chosen)
                    answer = f"[{answer}]" if question.multi_select else answer
                    when = "" if len(missed) == len(scores) else f" with a score of {missed[0]}"
                    self.add(
                        "warning",
                        "uncovered_answers",
                        f"{where} has no link for the answer {answer}{when} {ending} that "
                        "answer; add a condition for it or a default link.",
                        question.id,
                    )
                    return False
        return True

    def check_cycles(self) -> None:
        edges = question_edges(self.flow)
        reverse: dict[str, list[str]] = {qid: [] for qid in edges}
        for source, targets in edges.items():
            for target in targets:
                reverse[target].append(source)
        can_end, todo = set(self.exits), list(self.exits)
        while todo:
            for source in reverse[todo.pop()]:
                if source not in can_end:
                    can_end.add(source)
                    todo.append(source)
        order = {q.id: i for i, q in enumerate(self.flow.questions)}
        for component in strongly_connected(edges):
            is_cycle = len(component) > 1 or component[0] in edges[component[0]]
            if not is_cycle or component[0] in can_end:
                continue
            component.sort(key=order.__getitem__)
            if len(component) == 1:
                what = f"{self.name(component[0], start=True)} only leads back to itself"
            else:
                listed = ", ".join(self.name(qid) for qid in component)
                what = f"These questions lead only to one another: {listed}"
            self.add(
                "error",
                "cycle_without_exit",
                f"{what}; a learner who gets there can never finish the scenario. Add a "
                "way out, such as a `correct` link to the next question or to the end.",
                component[0],
            )
