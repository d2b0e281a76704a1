"""One scenario per tab: a document's sections (Google Docs tabs), each extracted on its own.

Each tab is read as if it were a document of its own, so its numbering, its answer key and
the text before its first question (the scenario's context) stay within the tab.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from quizflow.documents.extract import Extraction, extract_questions
from quizflow.documents.model import NormalizedDocument, Section
from quizflow.errors import InvalidInputError


@dataclass(frozen=True, slots=True)
class TabExtraction:
    #: Where the tab is, for people: "tab 2".
    source: str
    tab_title: str | None
    #: The title its scenario gets: the document's title and the tab's.
    scenario_title: str
    extraction: Extraction

    @property
    def label(self) -> str:
        """How messages name the tab: `tab 2 "Chapter 2"`."""
        return f'{self.source} "{self.tab_title}"' if self.tab_title else self.source


def scenario_title(document_title: str, section: Section) -> str:
    return f"{document_title} — {section.title or section.source}"


def extract_per_tab(document: NormalizedDocument, *, fallback_title: str) -> list[TabExtraction]:
    """The questions of each tab, titled for its own scenario.

    Raises InvalidInputError when the document has no tabs: only Google Docs have them, and an
    author who asks for one scenario per tab of a Word file has the wrong file or the wrong
    option — quietly making one scenario would hide that.
    """
    if not document.sections:
        raise InvalidInputError(
            "this document has no tabs (only Google Docs have them); "
            "import it without the option of one scenario per tab"
        )
    base = document.title or fallback_title
    out = []
    for section in document.sections:
        title = scenario_title(base, section)
        extraction = extract_questions(document.section(section, title=title))
        # The tab's own first heading must not rename it: every tab's scenario says where it
        # came from.
        out.append(
            TabExtraction(
                source=section.source,
                tab_title=section.title,
                scenario_title=title,
                extraction=replace(extraction, title=title),
            )
        )
    return out
