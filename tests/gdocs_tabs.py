"""A Google Doc with tabs, as `documents.get(includeTabsContent=True)` returns it.

No public real response in the tabs shape exists (../shared/documents/gdocs/SOURCES.md says
so; its three real responses are in the legacy shape). The tabs shape moves the legacy
top-level fields (`body`, `lists`, `inlineObjects`, `namedStyles`…) unchanged into each
`tabs[].documentTab`, so the real responses are put there as they are; the question tabs are
written as Docs writes typed paragraphs (one NORMAL_TEXT paragraph per line).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

# ../shared from the main checkout and from a worktree beside it alike.
GDOCS = next(
    p / "shared" / "documents" / "gdocs"
    for p in Path(__file__).resolve().parents
    if (p / "shared" / "documents" / "gdocs").is_dir()
)
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "documents"
DOC_ID = "1TabsTabsTabsTabsTabsTabsTabsTabsTabs0123"
TITLE = "Safety training"
LEGACY_FIELDS = ("body", "headers", "footers", "documentStyle", "namedStyles", "lists",
                 "inlineObjects", "footnotes")  # fmt: skip

FIRE = """1. Which extinguisher is used on an electrical fire?
A) Water
B) CO2
Answer: B
2. Where do you meet after an evacuation?
A) At the assembly point
B) In the car park
Answer: A"""
FIRST_AID = """1. What do you check first?
A) Breathing
B) Shoes
Answer: A"""


def real(name: str) -> dict[str, Any]:
    """One of the shared real responses, read in place."""
    path = GDOCS / f"gatsby-source-google-docs-{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def document_tab(response: dict[str, Any]) -> dict[str, Any]:
    """The `documentTab` a legacy response's content becomes."""
    return {key: copy.deepcopy(response[key]) for key in LEGACY_FIELDS if key in response}


def typed(text: str) -> dict[str, Any]:
    """A documentTab holding `text`, a paragraph per line."""
    content: list[dict[str, Any]] = [{"endIndex": 1, "sectionBreak": {"sectionStyle": {}}}]
    position = 1
    for line in text.splitlines():
        run = line + "\n"
        end = position + len(run.encode("utf-16-le")) // 2
        content.append({"startIndex": position, "endIndex": end, "paragraph": {
            "elements": [{"startIndex": position, "endIndex": end,
                          "textRun": {"content": run, "textStyle": {}}}],
            "paragraphStyle": {"namedStyleType": "NORMAL_TEXT"}}})  # fmt: skip
        position = end
    return {"body": {"content": content}}


def tab(tab_id: str, title: str, index: int, content: dict[str, Any], *children: Any) -> Any:
    out: dict[str, Any] = {
        "tabProperties": {"tabId": tab_id, "title": title, "index": index},
        "documentTab": content,
    }
    if children:
        out["childTabs"] = list(children)
    return out


def tabbed(second: dict[str, Any] | None = None) -> dict[str, Any]:
    """Tab "Fire" (two questions) with child tab "Lists" (the real lists response: no
    questions), then tab "First aid" (one question, or `second` instead)."""
    lists = real("lists")
    child = tab("t.child", "Lists", 0, document_tab(lists))
    child["tabProperties"]["parentTabId"] = "t.0"
    return {
        "title": TITLE,
        "documentId": DOC_ID,
        "revisionId": lists["revisionId"],
        "suggestionsViewMode": "PREVIEW_WITHOUT_SUGGESTIONS",
        "tabs": [
            tab("t.0", "Fire", 0, typed(FIRE), child),
            tab("t.1", "First aid", 1, second or typed(FIRST_AID)),
        ],
    }


def refused_second_tab() -> dict[str, Any]:
    """The second tab holds gdoc-quiz.json, whose question 3 has no correct answer."""
    return document_tab(json.loads((FIXTURES / "gdoc-quiz.json").read_text(encoding="utf-8")))


def write(path: Path, response: dict[str, Any]) -> Path:
    path.write_text(json.dumps(response), encoding="utf-8")
    return path
