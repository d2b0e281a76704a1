"""The benchmark's Word files are written only where a Path says (never a file named `1000`)."""

from collections.abc import Callable
from pathlib import Path

import pytest

from bench import make_docx


@pytest.mark.parametrize("build", [make_docx.quiz_docx, make_docx.large_docx])
def test_a_count_in_place_of_the_path_is_refused_and_writes_nothing(
    build: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match="positional"):
        build(1000)
    with pytest.raises(TypeError, match=r"path must be a pathlib\.Path, not int 1000"):
        build(path=1000)
    with pytest.raises(TypeError, match=r"not str 'quiz\.docx'"):
        build(path="quiz.docx")
    assert list(tmp_path.iterdir()) == []


def test_the_quiz_is_written_at_its_path(tmp_path: Path) -> None:
    written = make_docx.quiz_docx(path=tmp_path / "quiz.docx", questions=3)
    assert written == tmp_path / "quiz.docx"
    assert written.read_bytes()[:2] == b"PK"  # a zip, as every .docx
