"""The fuzz targets of `make fuzz`, briefly, in the suite: every seed and some random and
mutated bytes give a result or a quizflow error, never another exception. Findings of
`make fuzz` become cases here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.targets import TARGETS, run_one, seeds

BANK_TARGETS = ["gift", "aiken", "moodle-xml", "qti3", "detect"]


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_seed_is_read_or_refused_cleanly(name: str) -> None:
    found = seeds(name)
    assert found, f"no seeds for {name}"
    for seed in found:
        run_one(name, seed.read_bytes())


@st.composite
def mutated(draw: st.DrawFn, name: str) -> bytes:
    base = bytearray(draw(st.sampled_from(seeds(name))).read_bytes()[:4000])
    for _ in range(draw(st.integers(1, 8))):
        if not base:
            break
        at = draw(st.integers(0, len(base) - 1))
        base[at : at + draw(st.integers(0, 4))] = draw(st.binary(max_size=4))
    return bytes(base)


@pytest.mark.parametrize("name", BANK_TARGETS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_mutated_real_files_never_crash_a_reader(name: str, data: st.DataObject) -> None:
    run_one(name, data.draw(mutated(name)))


@pytest.mark.parametrize("name", BANK_TARGETS)
@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_crash_a_reader(name: str, data: bytes) -> None:
    run_one(name, data)


FINDINGS = Path(__file__).resolve().parents[2] / "fixtures" / "fuzz"


@pytest.mark.parametrize("finding", sorted(FINDINGS.glob("*.bin")), ids=lambda p: p.stem)
def test_what_make_fuzz_found_is_refused_cleanly(finding: Path) -> None:
    # Named <target>-<what>.bin: .docx files whose zip made zipfile seek before 0, or claim a
    # zip version it does not know, or hold a nameless entry (all tracebacks before).
    run_one(finding.stem.split("-", 1)[0], finding.read_bytes())
