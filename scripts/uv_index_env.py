#!/usr/bin/env python3
"""Print pip's index settings as uv's environment variables: `env $(scripts/uv_index_env.py) uv …`.

uv reads no pip configuration, yet a machine's pip may be set up to find packages somewhere
else than the default index (a mirror, local wheels, a company CA). `make install` and
`make lock` hand the same settings to uv, read at make time from `pip config list` (the files
and PIP_* variables pip itself would use), so nothing machine-specific is committed.
Variables already set for uv win. Prints nothing when pip has no such settings.

    scripts/uv_index_env.py          # for installing: every index and wheel folder pip uses
    scripts/uv_index_env.py --lock   # for locking: pip's main index only

A lock takes its hashes from the index each version is found on: an extra index or a folder of
wheels holding one build of a package would leave the others' hashes out of the lock, and the
lock would then install on this machine only.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

# pip's key -> (uv's variable, how uv joins several values)
SETTINGS = {
    "index-url": ("UV_INDEX_URL", " "),
    "extra-index-url": ("UV_EXTRA_INDEX_URL", " "),
    "find-links": ("UV_FIND_LINKS", ","),
    "cert": ("SSL_CERT_FILE", " "),
}
LOCAL_ONLY = ("extra-index-url", "find-links")  # partial sources: install from them, never lock
# Environment variables beat the install section, which beats the global one (pip's order).
PRECEDENCE = (":env:", "install", "global")


def pip_config() -> dict[str, str]:
    listed = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found: dict[str, str] = {}
    for line in listed.splitlines():
        name, _, value = line.partition("=")
        found[name.strip()] = value.strip().strip("'\"")
    return found


def uv_environment(config: dict[str, str], *, lock: bool = False) -> dict[str, str]:
    environment: dict[str, str] = {}
    for key, (variable, separator) in SETTINGS.items():
        if lock and key in LOCAL_ONLY:
            continue
        value = next((config[f"{s}.{key}"] for s in PRECEDENCE if f"{s}.{key}" in config), None)
        if value and variable not in os.environ:
            environment[variable] = separator.join(value.split())
    # pip takes the best version from all its indexes; uv's default takes the first index
    # that has the package at all, which would prefer a partial mirror over the default index.
    if "UV_EXTRA_INDEX_URL" in environment and "UV_INDEX_STRATEGY" not in os.environ:
        environment["UV_INDEX_STRATEGY"] = "unsafe-best-match"
    return environment


def main() -> int:
    environment = uv_environment(pip_config(), lock="--lock" in sys.argv[1:])
    print(" ".join(f"{k}={shlex.quote(v)}" for k, v in environment.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
