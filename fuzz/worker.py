"""One atheris run: `python -m fuzz.worker TARGET CORPUS ARTIFACTS SECONDS`."""

from __future__ import annotations

import sys

import atheris

# The readers are imported here, instrumented, so that coverage guides the search in them.
with atheris.instrument_imports(include=["quizflow"]):
    import quizflow.documents.extract
    import quizflow.documents.importers
    import quizflow.interchange.aiken
    import quizflow.interchange.detect
    import quizflow.interchange.gift
    import quizflow.interchange.moodle_xml
    import quizflow.interchange.qti
    import quizflow.services.interchange  # noqa: F401

from fuzz.targets import run_one


def main() -> None:
    name, corpus, artifacts, seconds = sys.argv[1:5]
    atheris.Setup(
        [
            sys.argv[0],
            corpus,
            f"-artifact_prefix={artifacts}",
            f"-max_total_time={seconds}",
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-max_len=200000",
            "-print_final_stats=1",
        ],
        lambda data: run_one(name, data),
    )
    atheris.Fuzz()


if __name__ == "__main__":
    main()
