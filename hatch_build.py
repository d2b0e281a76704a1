"""Puts the built browser app (web/dist) into the wheel as quizflow/web_dist.

`quizflow serve` from an installed wheel then serves the app with no source tree around
(src/quizflow/api/web.py looks there first). The app is built by `make web` (Node); a wheel
built without it still works as an API, and says so here. QUIZFLOW_WHEEL_WEB_DIST points at
another build of the app (the tests use a small one).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return  # an editable install serves web/dist of the checkout itself
        dist = Path(os.environ.get("QUIZFLOW_WHEEL_WEB_DIST") or Path(self.root) / "web" / "dist")
        if (dist / "index.html").is_file():
            build_data["force_include"][str(dist)] = "quizflow/web_dist"
        else:
            print(
                f"quizflow: {dist}/index.html is missing (run `make web`): this wheel carries"
                " the API without the browser app",
                file=sys.stderr,
            )
