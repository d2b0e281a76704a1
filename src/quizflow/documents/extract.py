"""Questions out of a normalised document, the way course authors write them in Word or Docs.

Questions are numbered ("1.", "1)", "Q1:", "Question 1", Word's numbered list), are headings
followed by choices, or are "…?" paragraphs followed by lettered choices; a prompt runs until
the first choice. Choices are labelled paragraphs ("A)", "a.", "(A)", "A:"), a list after the
prompt (labelled by its letters, else A, B, C…) or typed "- " bullets, each optionally followed
by a "Feedback:" line; lines joined by Shift+Enter and choices written on the prompt's line
after "?" are split first. The correct ones are given by an "Answer: B" line, by bold, by a ✓
or `*` on the choice, or by an answer key (a list "1. B" or a table "number | answer |
explanation"); the key wins over an answer line, which wins over marks, with a warning when
they disagree. "Explanation:" lines (and what follows, up to the next question) become the
explanation; what comes before the first question is the context, its leading heading the
title.

Nothing is dropped silently: every oddity is a warning naming its source, and every block that
ended up nowhere is listed in `orphans`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from quizflow.documents.extract_patterns import (
    BARE_NUMBER,
    BLANK,
    EMPHASES,
    LEADING_MARK,
    MARKS,
    comparable,
    emphasis,
    has_content,
    is_all_bold,
    parse_labels,
    position_label,
    strip_prefix,
    strip_trailing_mark,
    visible_text,
    without_emphasis,
)
from quizflow.documents.extract_reader import Draft, KeyEntry, Line, Reader
from quizflow.documents.model import Block, NormalizedDocument
from quizflow.documents.render import blocks_to_html
from quizflow.documents.sanitize import html_to_text, sanitize_html


@dataclass(frozen=True, slots=True)
class ExtractedChoice:
    label: str
    body_html: str
    body_text: str
    is_correct: bool
    feedback: str | None
    source: str


@dataclass(frozen=True, slots=True)
class ExtractedQuestion:
    number: int
    prompt_html: str
    prompt_text: str
    choices: tuple[ExtractedChoice, ...]
    explanation: str | None
    is_multiple_choice: bool
    multi_select: bool
    source: str
    #: The messages of the warnings about this question (all are also in Extraction.warnings).
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExtractionWarning:
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class Extraction:
    title: str | None
    context_html: str
    context_text: str
    questions: tuple[ExtractedQuestion, ...]
    warnings: tuple[ExtractionWarning, ...]
    #: Sources of the blocks used nowhere.
    orphans: tuple[str, ...]


def extract_questions(document: NormalizedDocument) -> Extraction:
    """The title, context and questions of a document, with a warning for each oddity and the
    sources of unused blocks; raises nothing, whatever the blocks."""
    reader = Reader(document.blocks).read()
    if not reader.drafts:
        reader = Reader(document.blocks, eager=True).read()
    extraction = _assemble(document, reader)
    if len(reader.drafts) <= 1:
        # No numbers, prefixes or lists to go by: bold or "…?" stems, unlabelled choices;
        # taken only when it makes more answerable questions.
        loose = _assemble(document, Reader(document.blocks, loose=True).read())
        if _answerable(loose) > _answerable(extraction):
            return loose
    return extraction


def _answerable(extraction: Extraction) -> int:
    return sum(
        len(q.choices) >= 2 and any(c.is_correct for c in q.choices) for q in extraction.questions
    )


def _assemble(document: NormalizedDocument, reader: Reader) -> Extraction:
    warnings = [ExtractionWarning(message, source) for message, source in reader.key_problems]
    warnings += [ExtractionWarning(n.message, n.source) for n in document.notices]
    if reader.drafts and reader.drafts[0].number > 1 and any(map(_is_numbered, reader.context)):
        warnings.append(
            ExtractionWarning(
                f"the first question found is number {reader.drafts[0].number}; the numbered "
                "lines before it were kept as the introduction",
                reader.drafts[0].start.source,
            )
        )
    orphans = list(reader.orphans)
    keyed = _match_key(reader.drafts, reader.key, warnings, orphans)
    questions = []
    seen_numbers: set[int] = set()
    for index, draft in enumerate(reader.drafts):
        assembly = _Assembly(draft, keyed.get(index))
        if draft.number in seen_numbers:
            assembly.warn(f"another question is also numbered {draft.number}", draft.start.source)
        seen_numbers.add(draft.number)
        questions.append(assembly.build())
        warnings.extend(assembly.warnings)
        orphans.extend(assembly.orphans)
    order = {block.source: index for index, block in reversed(list(enumerate(reader.blocks)))}
    context_html = _html(reader.context)
    return Extraction(
        title=reader.title or document.title,
        context_html=context_html,
        context_text=html_to_text(context_html),
        questions=tuple(questions),
        warnings=tuple(sorted(warnings, key=lambda w: order.get(w.source, len(order)))),
        orphans=tuple(sorted(dict.fromkeys(orphans), key=lambda s: order.get(s, len(order)))),
    )


def _is_numbered(block: Block) -> bool:
    if block.kind == "list_item":
        return block.list_kind == "numbered"
    return block.kind == "paragraph" and BARE_NUMBER.match(visible_text(block.html)) is not None


def _html(blocks: list[Block]) -> str:
    return sanitize_html(blocks_to_html(blocks)) if blocks else ""


def _match_key(
    drafts: list[Draft],
    entries: list[KeyEntry],
    warnings: list[ExtractionWarning],
    orphans: list[str],
) -> dict[int, KeyEntry]:
    """The answer-key entry of each question (by index), the first one for a repeated number."""
    by_number: dict[int, int] = {}
    for index, draft in enumerate(drafts):
        by_number.setdefault(draft.number, index)
    keyed: dict[int, KeyEntry] = {}
    for entry in entries:
        found = by_number.get(entry.number)
        if found is None:
            message = (
                f"the answer key gives an answer for question {entry.number}, which does not exist"
            )
        elif found in keyed:
            message = f"the answer key gives question {entry.number} twice; the first is used"
        else:
            keyed[found] = entry
            continue
        warnings.append(ExtractionWarning(message, entry.source))
        orphans.append(entry.source)
    return keyed


@dataclass(slots=True)
class _Group:
    """A choice as read: its line, continuation lines, feedback lines."""

    line: Line
    extra: list[Line] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Choice:
    label: str
    alias: str | None
    html: str
    marked: bool
    #: The EMPHASES covering the whole choice or its typed label.
    emphasis: frozenset[str]
    feedback: str | None
    source: str


class _Assembly:
    """One question from its draft and its answer-key entry."""

    def __init__(self, draft: Draft, key: KeyEntry | None) -> None:
        self.draft = draft
        self.key = key
        self.warnings: list[ExtractionWarning] = []
        self.orphans: list[str] = []
        self._explanation: list[tuple[int, Block]] = []
        self._answers = [(i, line) for i, line in enumerate(draft.lines) if line.kind == "answer"]

    def warn(self, message: str, source: str) -> None:
        self.warnings.append(ExtractionWarning(f"question {self.draft.number}: {message}", source))

    def build(self) -> ExtractedQuestion:
        draft = self.draft
        lines = draft.lines
        split = next((i for i, ln in enumerate(lines) if ln.kind == "explanation"), len(lines))
        for i in range(split, len(lines)):
            if lines[i].kind != "answer":
                self._explain(i, lines[i].block, lines[i].html if i == split else None)
        before = [(i, ln) for i, ln in enumerate(lines[:split]) if ln.kind != "answer"]
        prompt_lines, groups = self._split(before)
        choices = self._choices(groups)
        if choices and (reason := self._not_choices(prompt_lines, groups, choices)):
            self.warn(f"{reason}; it was kept as a free-text question", draft.start.source)
            for group in groups:
                for line in (group.line, *group.extra):
                    self._explain(len(lines) + len(self._explanation), line.block)
            choices = []
        if len(choices) == 1:
            self.warn("a multiple-choice question needs at least two choices", choices[0].source)
        correct = self._correct(choices) if choices else set()
        if not choices:
            self._free_text_answers()
        prompt_blocks = [line.block for line in prompt_lines]
        if has_content(draft.prompt_html):
            prompt_blocks.insert(0, replace(draft.start, html=draft.prompt_html))
        prompt_html = _html(prompt_blocks)
        if not has_content(prompt_html):
            self.warn("the prompt is empty", draft.start.source)
        extracted = tuple(
            ExtractedChoice(
                label=choice.label,
                body_html=(body := sanitize_html(choice.html)),
                body_text=html_to_text(body),
                is_correct=index in correct,
                feedback=choice.feedback,
                source=choice.source,
            )
            for index, choice in enumerate(choices)
        )
        explanation = _html([block for _, block in sorted(self._explanation, key=lambda p: p[0])])
        return ExtractedQuestion(
            number=draft.number,
            prompt_html=prompt_html,
            prompt_text=html_to_text(prompt_html),
            choices=extracted,
            explanation=explanation if has_content(explanation) else None,
            is_multiple_choice=bool(extracted),
            multi_select=sum(choice.is_correct for choice in extracted) > 1,
            source=draft.start.source,
            warnings=tuple(warning.message for warning in self.warnings),
        )

    def _explain(self, order: int, block: Block, html: str | None = None) -> None:
        if html is not None:
            block = replace(block, html=html)
        if block.kind == "heading":
            block = replace(block, kind="paragraph")
        if has_content(block.html) or block.cells:
            self._explanation.append((order, block))

    # -- which lines are choices -------------------------------------------------------------

    def _split(self, before: list[tuple[int, Line]]) -> tuple[list[Line], list[_Group]]:
        explicit = [k for k, (_, line) in enumerate(before) if line.kind == "choice"]
        if explicit:
            # "I. …  II. …  A) I only", "A. Lincoln said…  A) …  B) …": lines labelled before
            # the "A" that a "B" follows belong to the prompt.
            starts = [k for k in explicit if before[k][1].label == "A" or before[k][1].alias == "1"]
            following = {k: before[n][1] for k, n in itertools.pairwise(explicit)}
            first = next(
                (k for k in starts if k in following and following[k].label in ("B", None)),
                starts[0] if starts else explicit[0],
            )
            region = before[first:]
            return self._prompt(before[:first]), self._group(region, explicit[-1] - first, "choice")
        lists = [k for k, (_, line) in enumerate(before) if line.kind == "list"]
        if not lists:
            return self._unlabelled(before)
        end = lists[-1] + 1
        start = end - 1
        while start > 0 and before[start - 1][1].kind in ("list", "feedback"):
            start -= 1
        while before[start][1].kind == "feedback":
            start += 1
        trailing = any(line.kind != "feedback" for _, line in before[end:])
        evidence = self._answers or self.key is not None
        run = [line for _, line in before[start:end] if line.kind == "list"]
        styles = [emphasis(line.html) for line in run]
        marked = any(map(_looks_marked, run)) or any(
            any(kind in style for style in styles) and not all(kind in style for style in styles)
            for kind in EMPHASES
        )
        if trailing and not evidence and not marked:
            # A list inside a prompt that goes on after it ("1. Public Float…" then "Select
            # only one" and "Line 1"…"Line 4"): the choices are what follows, if anything.
            return self._unlabelled(before)
        return self._prompt(before[:start]), self._group(before[start:], end - 1 - start, "list")

    def _unlabelled(self, before: list[tuple[int, Line]]) -> tuple[list[Line], list[_Group]]:
        """Choices with no label or bullet, one paragraph each after the stem: taken only
        when some of them are marked (a highlight, colour, underline or bold the others
        lack), else the question stays free text."""
        stem = max(
            (k for k, (_, line) in enumerate(before) if _is_stem_like(line)),
            default=-1 if has_content(self.draft.prompt_html) else 0,
        )
        run = [(order, line) for order, line in before[stem + 1 :] if line.kind == "plain"]
        if len(run) < 2 or len(run) != len(before) - stem - 1:
            return self._prompt(before), []
        # Choices of several paragraphs each, a blank line between them (a gap after all
        # but the last choice); else one paragraph each.
        # Authors also leave stray blank lines, so gaps count only when they cut the run into
        # three choices or more of two paragraphs or more each.
        starts = [0] + [k + 1 for k, (_, line) in enumerate(run[:-1]) if line.block.after_gap]
        bounds = [*starts, len(run)]
        if len(starts) < 3 or any(b - a < 2 for a, b in itertools.pairwise(bounds)):
            starts = list(range(len(run)))
            bounds = [*starts, len(run)]
        styles = [
            frozenset.intersection(*(_style(line) for _, line in run[a:b]))
            for a, b in itertools.pairwise(bounds)
        ]
        # Every line starred ("* biblioteca", "* la biblioteca") lists accepted answers of a
        # free-text question (text2qti), not choices.
        typed = [_looks_marked(run[k][1]) for k in starts]
        marked = (any(typed) and not all(typed)) or any(
            any(kind in style for style in styles) and not all(kind in style for style in styles)
            for kind in EMPHASES
        )
        if len(starts) < 2 or not marked:
            return self._prompt(before), []
        first = set(starts)
        region = [
            (order, replace(line, kind="unlabelled") if k in first else line)
            for k, (order, line) in enumerate(run)
        ]
        return self._prompt(before[: stem + 1]), self._group(region, len(region) - 1, "unlabelled")

    def _prompt(self, lines: list[tuple[int, Line]]) -> list[Line]:
        prompt = []
        for order, line in lines:
            if line.kind == "feedback":
                self._stray_feedback(order, line)
            else:
                prompt.append(line)
        return prompt

    def _stray_feedback(self, order: int, line: Line) -> None:
        self.warn(
            "a feedback line not right after a choice went to the explanation", line.block.source
        )
        self._explain(order, line.block)

    def _group(self, region: list[tuple[int, Line]], last: int, kind: str) -> list[_Group]:
        """Choices from `region`, whose line `last` is the last one that belongs to a choice,
        each starting at a line of `kind`; deeper list items continue the choice above."""
        levels = [
            line.block.level
            for _, line in region
            if line.kind == kind and line.block.kind == "list_item"
        ]
        base = min(levels, default=0)
        groups: list[_Group] = []
        attachable = False
        for k, (order, line) in enumerate(region):
            starts = line.kind == kind and (
                line.block.kind != "list_item" or line.block.level <= base
            )
            if k <= last and starts:
                groups.append(_Group(line))
                attachable = True
            elif line.kind == "feedback":
                if attachable and groups:
                    groups[-1].feedback.append(line.html)
                else:
                    self._stray_feedback(order, line)
            elif k <= last and groups:
                groups[-1].extra.append(line)
            else:
                self.warn("text after the choices was not used", line.block.source)
                self.orphans.append(line.block.source)
                attachable = False
        return groups

    def _choices(self, groups: list[_Group]) -> list[_Choice]:
        choices = []
        for index, group in enumerate(groups):
            line = group.line
            html, leading = strip_prefix(line.html, LEADING_MARK)
            html, trailing = strip_trailing_mark(html)
            marks = emphasis(html) | line.label_emphasis
            if line.block.all_bold:
                marks |= {"strong"}
            for extra in group.extra:
                html = f"{html}<br>{extra.block.html}" if html else extra.block.html
            feedback = sanitize_html("<br>".join(part for part in group.feedback if part))
            choice = _Choice(
                label=line.label or position_label(index),
                alias=line.alias,
                html=html,
                marked=line.marked or leading is not None or trailing,
                emphasis=marks,
                feedback=feedback if has_content(feedback) else None,
                source=line.block.source,
            )
            if not has_content(html):
                self.warn(f"choice {choice.label} is empty", choice.source)
            choices.append(choice)
        self._restated(choices)
        self._reletter(choices)
        return choices

    def _not_choices(self, prompt: list[Line], groups: list[_Group], choices: list[_Choice]) -> str:
        """Why items that look like choices are not (no answer marks them): the accepted
        answers of a blank, the two lists of a matching question, the same text repeated."""
        if self._answers or self.key is not None or any(c.marked for c in choices):
            return ""
        if any(
            any(kind in c.emphasis for c in choices)
            and not all(kind in c.emphasis for c in choices)
            for kind in EMPHASES
        ):
            return ""
        stem = " ".join([visible_text(self.draft.prompt_html), *(line.text for line in prompt)])
        if BLANK.search(stem):
            return "a fill-in-the-blank question (its items are the accepted answers)"
        if any(
            sum(x.block.kind == "list_item" and x.block.level > g.line.block.level for x in g.extra)
            >= 2
            for g in groups
        ):
            return "a matching question (a list of terms under its list of statements)"
        if len(choices) == 1:
            return "a single unmarked item under it (a model answer)"
        if len({comparable(visible_text(c.html)) for c in choices}) == 1:
            return "its choices all read the same (model answers)"
        return ""

    def _restated(self, choices: list[_Choice]) -> None:
        """A last "x) …" line that repeats an earlier choice word for word is the answer,
        not a choice (smartquiz's layout)."""
        if len(choices) < 3:
            return
        last = choices[-1]
        said = comparable(visible_text(last.html))
        same = [c for c in choices[:-1] if comparable(visible_text(c.html)) == said]
        if said and len(same) == 1 and same[0].label == last.label:
            same[0].marked = True
            choices.pop()

    def _reletter(self, choices: list[_Choice]) -> None:
        """Typed labels that repeat ("A, B, C, C", a letter typed twice) are replaced by
        letters by position: correctness belongs to each choice, never to a label."""
        labels = [choice.label for choice in choices]
        repeated = sorted({label for label in labels if labels.count(label) > 1})
        if not repeated:
            return
        source = next(c.source for c in choices[1:] if labels.count(c.label) > 1)
        self.warn(
            f"two choices are labelled {', '.join(repeated)}; the choices were lettered "
            f"{position_label(0)}–{position_label(len(choices) - 1)} by position",
            source,
        )
        typed = {label: labels.count(label) for label in labels}
        for index, choice in enumerate(choices):
            if choice.alias is None and typed[choice.label] == 1:
                choice.alias = choice.label
            choice.label = position_label(index)

    # -- which choices are correct -----------------------------------------------------------

    def _correct(self, choices: list[_Choice]) -> set[int]:
        """The indices of the correct choices."""
        # A typed mark (✓, *) is deliberate; formatting is read only when there is none.
        marks = {i for i, c in enumerate(choices) if c.marked} or self._emphasised(choices)
        stated: set[int] = set()
        for _, line in self._answers:
            found = self._resolve(choices, line.text, line.block.source)
            if found is None:
                self.warn(f"could not read the answer {line.text.strip()!r}", line.block.source)
                self.orphans.append(line.block.source)
            stated |= found or set()
        keyed = self._keyed(choices)
        source = self.draft.start.source
        if keyed:
            other = stated or marks
            if other and other != keyed:
                what = "the answer line" if stated else "the question"
                self.warn(
                    f"{what} marks {_labels(choices, other)} but the answer key gives "
                    f"{_labels(choices, keyed)}; the answer key is used",
                    self.key.source if self.key else source,
                )
            correct = keyed
        elif stated:
            if marks and marks != stated:
                self.warn(
                    f"the choices are marked {_labels(choices, marks)} but the answer line "
                    f"gives {_labels(choices, stated)}; the answer line is used",
                    self._answers[0][1].block.source,
                )
            correct = stated
        else:
            correct = marks
        if not correct:
            self.warn("no correct answer is marked", source)
        return correct

    def _emphasised(self, choices: list[_Choice]) -> set[int]:
        """The choices set apart by a highlight or colour, an underline or bold that the
        others lack (the formatting is then removed: it was a mark, not emphasis)."""
        for kind in EMPHASES:
            having = {i for i, c in enumerate(choices) if kind in c.emphasis}
            if having and len(having) < len(choices):
                for choice in choices:
                    choice.html = without_emphasis(choice.html, kind)
                return having
        return set()

    def _keyed(self, choices: list[_Choice]) -> set[int]:
        key = self.key
        if key is None:
            return set()
        found = self._resolve(choices, key.answer_text, key.source)
        if found is None:
            self.warn(f"could not read the answer key's {key.answer_text.strip()!r}", key.source)
            self.orphans.append(key.source)
            return set()
        if key.explanation_html is not None:
            said = comparable(visible_text(key.explanation_html))
            restated = any(comparable(visible_text(c.html)) == said for c in choices)
            if not restated:
                self._explain(len(self.draft.lines), _paragraph(key.explanation_html, key.source))
        return found

    def _resolve(self, choices: list[_Choice], text: str, source: str) -> set[int] | None:
        """The choices an answer names (by label, displayed number or body); None:
        unreadable."""
        labels, _ = parse_labels(text)
        names = {c.alias: i for i, c in enumerate(choices) if c.alias} | {
            c.label: i for i, c in enumerate(choices)
        }
        if not any(label.isdigit() for label in names):
            # "2" for choices that show no number of their own: the second one.
            names |= {str(i + 1): i for i in range(len(choices))}
        found = {names[label] for label in labels if label in names}
        unknown = [label for label in labels if label not in names]
        if not found:
            wanted = comparable(text)
            bodies = [
                i for i, c in enumerate(choices) if comparable(visible_text(c.html)) == wanted
            ]
            if wanted and bodies:
                return set(bodies[:1])
        if unknown:
            self.warn(
                f"the answer names {', '.join(sorted(set(unknown)))}, which the question does "
                f"not have (its choices: {', '.join(c.label for c in choices)})",
                source,
            )
        return found if labels else None

    def _free_text_answers(self) -> None:
        """A question without choices keeps its answers as the explanation (a model answer)."""
        for order, line in self._answers:
            self._warn_if_labels(line.text, line.block.source)
            self._explain(order, line.block)
        if self.key is not None:
            key = self.key
            self._warn_if_labels(key.answer_text, key.source)
            after = len(self.draft.lines)
            self._explain(after, _paragraph(f"Answer: {key.answer_html}", key.source))
            if key.explanation_html is not None:
                self._explain(after + 1, _paragraph(key.explanation_html, key.source))

    def _warn_if_labels(self, text: str, source: str) -> None:
        labels, end = parse_labels(text)
        if labels and not text[end:].strip() and all(label.isalpha() for label in labels):
            self.warn(
                f"the answer names {', '.join(sorted(set(labels)))} but no choices were found",
                source,
            )


def _is_stem_like(line: Line) -> bool:
    """A line that ends a stem: a question, a colon, or bold throughout (an instruction such
    as "Select only one", or a bold stem)."""
    text = line.text.rstrip()
    if text[-1:] in ("?", ":", "？", "："):
        return True
    # A highlighted bold "2" among "1", "3" is the marked choice, not a stem.
    bold = line.block.all_bold or is_all_bold(line.html)
    return bold and "mark" not in emphasis(line.html)


def _style(line: Line) -> frozenset[str]:
    return emphasis(line.html) | ({"strong"} if line.block.all_bold else frozenset())


def _looks_marked(line: Line) -> bool:
    text = line.text.strip()
    return line.marked or text[:1] in MARKS or text[-1:] in MARKS


def _paragraph(html: str, source: str) -> Block:
    return Block(kind="paragraph", text=visible_text(html), html=html, source=source)


def _labels(choices: list[_Choice], indices: set[int]) -> str:
    return ", ".join(choices[i].label for i in sorted(indices))
