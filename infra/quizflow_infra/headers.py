"""The Content-Security-Policy `quizflow serve` sends, read from the application's source.

CloudFront must send the very policy the app's own server sends (one string, in
src/quizflow/api/web.py), or the two drift. The CDK toolchain runs in its own environment
(.venv-cdk), without FastAPI, so it cannot import that module: it reads the constant's literal
out of the source file instead, which is always beside infra/ in a checkout.
"""

from __future__ import annotations

import ast
from pathlib import Path

WEB_MODULE = Path(__file__).resolve().parents[2] / "src" / "quizflow" / "api" / "web.py"
CSP_NAME = "CONTENT_SECURITY_POLICY"


def app_content_security_policy(module: Path = WEB_MODULE) -> str:
    """The value of CONTENT_SECURITY_POLICY in `module` (a string literal, however split)."""
    tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        if isinstance(target, ast.Name) and target.id == CSP_NAME:
            value = node.value  # type: ignore[union-attr]
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                return value.value
            raise ValueError(f"{module}: {CSP_NAME} must be a string literal to be shared")
    raise ValueError(f"{module} defines no {CSP_NAME}: where does the app's policy live now?")
