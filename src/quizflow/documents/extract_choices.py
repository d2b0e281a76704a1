"""Which lines of a question are its choices: labelled lines, a list after the prompt, or
unlabelled paragraphs set apart by a mark; what is not a choice question after all."""

from __future__ import annotations

import itertools
from dataclasses import replace

from quizflow.documents.extract_base import Choice, Group, QuestionBase
from quizflow.documents.extract_patterns import (
    BLANK,
    LEADING_MARK,
    MARKS,
    comparable,
    position_label,
)
from quizflow.documents.extract_reader import Line
from quizflow.documents.html_cuts import (
    EMPHASES,
    emphasis,
    has_content,
    is_all_bold,
    strip_prefix,
    strip_trailing_mark,
    visible_text,
)
from quizflow.documents.sanitize import sanitize_html


class ChoiceReading(QuestionBase):
    """The half of a question's assembly that finds its choices."""

    def _split(self, before: list[tuple[int, Line]]) -> tuple[list[Line], list[Group]]:
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

    def _unlabelled(self, before: list[tuple[int, Line]]) -> tuple[list[Line], list[Group]]:
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

    def _group(self, region: list[tuple[int, Line]], last: int, kind: str) -> list[Group]:
        """Choices from `region`, whose line `last` is the last one that belongs to a choice,
        each starting at a line of `kind`; deeper list items continue the choice above."""
        levels = [
            line.block.level
            for _, line in region
            if line.kind == kind and line.block.kind == "list_item"
        ]
        base = min(levels, default=0)
        groups: list[Group] = []
        attachable = False
        for k, (order, line) in enumerate(region):
            starts = line.kind == kind and (
                line.block.kind != "list_item" or line.block.level <= base
            )
            if k <= last and starts:
                groups.append(Group(line))
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

    def _choices(self, groups: list[Group]) -> list[Choice]:
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
            choice = Choice(
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

    def _not_choices(self, prompt: list[Line], groups: list[Group], choices: list[Choice]) -> str:
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

    def _restated(self, choices: list[Choice]) -> None:
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

    def _reletter(self, choices: list[Choice]) -> None:
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
