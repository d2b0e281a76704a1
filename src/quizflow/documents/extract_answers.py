"""Which choices of a question are correct: typed marks, formatting, answer lines and the
answer key, in that order of trust, with a warning when they disagree."""

from __future__ import annotations

from quizflow.documents.extract_base import Choice, QuestionBase, label_list, paragraph_block
from quizflow.documents.extract_patterns import (
    comparable,
    parse_labels,
)
from quizflow.documents.html_cuts import (
    EMPHASES,
    visible_text,
    without_emphasis,
)


class AnswerReading(QuestionBase):
    """The half of a question's assembly that finds which choices are correct."""

    def _correct(self, choices: list[Choice]) -> set[int]:
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
                    f"{what} marks {label_list(choices, other)} but the answer key gives "
                    f"{label_list(choices, keyed)}; the answer key is used",
                    self.key.source if self.key else source,
                )
            correct = keyed
        elif stated:
            if marks and marks != stated:
                self.warn(
                    f"the choices are marked {label_list(choices, marks)} but the answer line "
                    f"gives {label_list(choices, stated)}; the answer line is used",
                    self._answers[0][1].block.source,
                )
            correct = stated
        else:
            correct = marks
        if not correct:
            self.warn("no correct answer is marked", source)
        return correct

    def _emphasised(self, choices: list[Choice]) -> set[int]:
        """The choices set apart by a highlight or colour, an underline or bold that the
        others lack (the formatting is then removed: it was a mark, not emphasis)."""
        for kind in EMPHASES:
            having = {i for i, c in enumerate(choices) if kind in c.emphasis}
            if having and len(having) < len(choices):
                for choice in choices:
                    choice.html = without_emphasis(choice.html, kind)
                return having
        return set()

    def _keyed(self, choices: list[Choice]) -> set[int]:
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
                self._explain(
                    len(self.draft.lines), paragraph_block(key.explanation_html, key.source)
                )
        return found

    def _resolve(self, choices: list[Choice], text: str, source: str) -> set[int] | None:
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
            self._explain(after, paragraph_block(f"Answer: {key.answer_html}", key.source))
            if key.explanation_html is not None:
                self._explain(after + 1, paragraph_block(key.explanation_html, key.source))

    def _warn_if_labels(self, text: str, source: str) -> None:
        labels, end = parse_labels(text)
        if labels and not text[end:].strip() and all(label.isalpha() for label in labels):
            self.warn(
                f"the answer names {', '.join(sorted(set(labels)))} but no choices were found",
                source,
            )
