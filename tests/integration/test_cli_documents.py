"""`quizflow import/export/storage gc` as a person runs them: real processes, a real database and
a local object store each."""

from __future__ import annotations

import io
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader
from sqlalchemy import Engine, create_engine, text

from quizflow.storage.base import content_key
from quizflow.storage.local import LocalBlobStore
from tests.cli import one_error_line, plain, quizflow
from tests.conftest import DatabaseFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


@dataclass
class Env:
    """A migrated database and an object store directory, and the CLI pointed at both."""

    db_url: str
    storage: Path
    engine: Engine

    def run(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
        env = {"QUIZFLOW_STORAGE_DIR": str(self.storage), **extra_env}
        return quizflow(*args, database_url=self.db_url, env=env)

    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())

    def questions_of(self, scenario_id: uuid.UUID) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT prompt_text FROM questions WHERE scenario_id = :s ORDER BY position"),
                {"s": scenario_id},
            )
            return [row[0] for row in rows]

    def stored_objects(self) -> set[str]:
        if not self.storage.exists():
            return set()
        return {
            p.relative_to(self.storage).as_posix() for p in self.storage.rglob("*") if p.is_file()
        }

    def imported(self, *args: str) -> uuid.UUID:
        result = self.run("import", *args)
        assert result.returncode == 0, result.stderr
        return uuid.UUID(result.stdout.strip())


@pytest.fixture
def env(databases: DatabaseFactory, tmp_path: Path) -> Iterator[Env]:
    db_url = plain(databases.create(migrated=True))
    engine = create_engine(db_url)
    yield Env(db_url, tmp_path / "objects", engine)
    engine.dispose()


@pytest.fixture
def word_quiz(tmp_path: Path) -> Path:
    """A .docx as authors type one in Word: numbered questions, A) choices, Answer lines."""
    document = docx.Document()
    document.add_heading("Lab safety", level=1)
    document.add_paragraph("Read the safety sheet before you start.")
    questions = [
        ("What do you wear?", ["Sandals", "Goggles", "A scarf"], "B"),
        ("Where is the eye wash?", ["By the door", "In the car park"], "A"),
        ("Who do you tell about a spill?", ["Nobody", "The teacher", "A friend"], "B"),
    ]
    for number, (prompt, choices, answer) in enumerate(questions, start=1):
        document.add_paragraph(f"{number}. {prompt}")
        for label, choice in zip("ABC", choices, strict=False):
            document.add_paragraph(f"{label}) {choice}")
        document.add_paragraph(f"Answer: {answer}")
        document.add_paragraph(f"Explanation: the safety sheet says {answer}.")
    path = tmp_path / "lab-safety.docx"
    document.save(str(path))
    return path


def test_import_of_a_word_quiz_creates_a_scenario_and_keeps_the_document(
    env: Env, word_quiz: Path
) -> None:
    result = env.run("import", str(word_quiz))

    assert result.returncode == 0, result.stderr
    scenario_id = uuid.UUID(result.stdout.strip())
    assert env.questions_of(scenario_id) == [
        "What do you wear?",
        "Where is the eye wash?",
        "Who do you tell about a spill?",
    ]
    assert env.count("documents") == 1
    with env.engine.connect() as conn:
        keys = conn.execute(text("SELECT object_keys FROM documents")).scalar_one()
    assert set(keys) <= env.stored_objects()
    assert keys
    check = env.run("flow", "check", str(scenario_id))
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize(
    ("fixture", "title", "prompts", "question_4"),
    [
        (
            "libreoffice-quiz.docx",
            "Fire safety quiz",
            ["What do you do first?", "Where do you go?", "How sure are you?"],
            "no correct answer is marked",
        ),
        (
            "word-numbering.docx",
            "Chemistry check",
            ["Which gas do plants absorb?", "What is H2O?"],
            # "4. Name the product" / "a) Use its common name": one unmarked item is the
            # model answer of a free-text question, which the import accepts.
            "a single unmarked item under it (a model answer); it was kept as a free-text",
        ),
    ],
)
def test_dry_run_prints_every_question_and_warning_and_saves_nothing(
    env: Env, fixture: str, title: str, prompts: list[str], question_4: str
) -> None:
    result = env.run("import", str(FIXTURES / fixture), "--dry-run")

    # The dry run exits non-zero exactly when the real import would refuse the file (it
    # exited 0, so a script could not tell), after the whole preview.
    refused = fixture == "libreoffice-quiz.docx"
    assert (result.returncode != 0) is refused
    assert ("mark at least one" in result.stderr) is refused
    assert title in result.stdout
    for prompt in prompts:
        assert prompt in result.stdout
    assert "✓" in result.stdout
    assert f"warning: question 4: {question_4}" in result.stdout
    assert "4 question(s)" in result.stdout
    assert "nothing was saved" in result.stdout
    assert (env.count("documents"), env.count("scenarios"), env.count("users")) == (0, 0, 0)
    assert env.stored_objects() == set()


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        (
            "libreoffice-quiz.docx",
            "error: question 4 (paragraph 18): mark at least one choice as correct; "
            "nothing was saved",
        ),
    ],
)
def test_import_of_a_quiz_with_an_unanswerable_question_names_it_and_saves_nothing(
    env: Env, fixture: str, message: str
) -> None:
    result = env.run("import", str(FIXTURES / fixture))

    assert one_error_line(result) == message
    assert (env.count("documents"), env.count("scenarios")) == (0, 0)
    assert env.stored_objects() == set()


def test_import_into_appends_to_the_scenario_named_by_title_or_id(
    env: Env, word_quiz: Path
) -> None:
    scenario_id = env.imported(str(word_quiz))

    by_title = env.imported(str(FIXTURES / "quiz.md"), "--into", "lab SAFETY")
    by_id = env.imported(str(FIXTURES / "quiz.txt"), "--into", str(scenario_id))

    assert by_title == by_id == scenario_id
    prompts = env.questions_of(scenario_id)
    assert len(prompts) == 3 + 2 + 2
    assert prompts[3] == "What do you do first?"
    assert (env.count("documents"), env.count("scenarios")) == (3, 1)


def test_import_into_a_missing_scenario_is_one_error_line_and_saves_nothing(
    env: Env, word_quiz: Path
) -> None:
    result = env.run("import", str(word_quiz), "--into", "No such scenario")

    assert one_error_line(result) == "error: no scenario is titled 'No such scenario'"
    assert (env.count("documents"), env.count("scenarios")) == (0, 0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda tmp: _write(tmp / "quiz.docx", b"\x89PNG\r\n\x1a\n" + bytes(200)),
            "error: quiz.docx is not a Word document (.docx): it looks like a PNG image",
        ),
        (
            lambda tmp: FIXTURES / "encrypted.docx",
            "error: encrypted.docx is password-protected; remove the password and upload again",
        ),
        (
            lambda tmp: tmp / "missing.docx",
            "error: " + "{tmp}/missing.docx: no such file (give a .docx, .txt, .md, .html or "
            ".gdoc file, or a Google Docs link)",
        ),
    ],
    ids=["renamed-png", "encrypted", "missing"],
)
def test_a_bad_file_is_one_error_line_a_failure_and_nothing_saved(
    env: Env, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)

    result = env.run("import", str(path))

    assert one_error_line(result) == message.format(tmp=tmp_path)
    assert (env.count("documents"), env.count("scenarios")) == (0, 0)
    assert env.stored_objects() == set()


def test_a_google_docs_link_without_credentials_is_one_error_line(env: Env, tmp_path: Path) -> None:
    result = env.run(
        "import",
        "https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit",
        GOOGLE_APPLICATION_CREDENTIALS=str(tmp_path / "no-key.json"),
    )

    line = one_error_line(result)
    assert line.startswith("error: Google Docs import needs Google credentials")
    assert env.count("documents") == 0


def test_export_txt_has_the_answer_key_only_with_answers(env: Env, word_quiz: Path) -> None:
    scenario_id = env.imported(str(word_quiz))
    out = env.storage.parent / "quiz.txt"

    plain_result = env.run("export", str(scenario_id), "--format", "txt", "-o", "-")
    keyed = env.run("export", "Lab safety", "--format", "txt", "--answers", "-o", str(out))

    assert plain_result.returncode == 0, plain_result.stderr
    assert "What do you wear?" in plain_result.stdout
    assert "Answer:" not in plain_result.stdout
    assert "Explanation:" not in plain_result.stdout
    assert keyed.returncode == 0, keyed.stderr
    written = out.read_text(encoding="utf-8")
    assert "What do you wear?" in written
    assert "Answer: B" in written
    assert "Explanation: the safety sheet says B." in written
    assert not out.with_name("quiz.txt.part").exists()


def test_export_pdf_writes_a_pdf_that_pypdf_reads(env: Env, word_quiz: Path) -> None:
    scenario_id = env.imported(str(word_quiz))
    out = env.storage.parent / "quiz.pdf"

    result = env.run("export", str(scenario_id), "--format", "pdf", "--answers", "-o", str(out))

    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Lab safety" in content
    assert "Who do you tell about a spill?" in content


def test_export_bank_holds_every_scenario_of_the_author(env: Env, word_quiz: Path) -> None:
    env.imported(str(word_quiz))
    env.imported(str(FIXTURES / "quiz.md"))

    result = env.run("export", "--bank", "--format", "txt", "-o", "-")

    assert result.returncode == 0, result.stderr
    assert "Lab safety" in result.stdout
    assert "Fire safety quiz" in result.stdout


def test_export_without_scenario_or_bank_is_one_error_line(env: Env) -> None:
    result = env.run("export", "--format", "txt", "-o", "-")

    assert one_error_line(result) == (
        "error: give the SCENARIO to export, or --bank for all of an author's"
    )


def test_storage_gc_deletes_objects_no_document_refers_to_and_keeps_the_others(
    env: Env, word_quiz: Path
) -> None:
    env.imported(str(word_quiz))
    kept = env.stored_objects()
    stray_key = content_key(b"left by a crash", extension="bin")
    LocalBlobStore(env.storage).put(stray_key, b"left by a crash", content_type="text/plain")

    dry = env.run("storage", "gc", "--dry-run")
    after_dry = env.stored_objects()
    swept = env.run("storage", "gc")

    assert dry.returncode == 0, dry.stderr
    assert f"would delete {stray_key}" in dry.stdout
    assert after_dry == kept | {stray_key}
    assert swept.returncode == 0, swept.stderr
    assert f"{len(kept) + 1} object(s) examined" in swept.stdout
    assert "1 deleted" in swept.stdout
    assert env.stored_objects() == kept


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["import"], ["--dry-run", "--into", "--as"]),
        (["export"], ["--format", "--answers", "--output", "--bank", "--as"]),
        (["storage", "gc"], ["--dry-run"]),
    ],
)
def test_every_command_explains_its_options(
    env: Env, command: list[str], expected: list[str]
) -> None:
    result = env.run(*command, "--help")

    assert result.returncode == 0, result.stderr
    for option in expected:
        assert option in result.stdout


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
