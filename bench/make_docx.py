"""Build the benchmark's Word files at run time (they are never committed).

    python -m bench.make_docx OUT_DIR      # writes quiz-1000.docx and large-20mb.docx there

`quiz_docx` writes questions the way authors type them in Word: "12. …?", "A) …" to "D) …",
"Answer: C" and an "Explanation: …" line. `large_docx` writes the same kind of text with
photographs in between (noise PNGs, which do not compress) until the file reaches its size.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zlib
from pathlib import Path

import docx
from docx.shared import Cm

LABELS = "ABCD"
#: Just under the 20 MiB upload limit (settings.max_upload_bytes), so the file is accepted.
LARGE_BYTES = 20 * 1024 * 1024 - 512 * 1024


def answer_of(number: int) -> str:
    return LABELS[(number * 7) % 4]


def _add_question(document: docx.document.Document, number: int) -> None:
    document.add_paragraph(
        f"{number}. A visitor in Zürich reports a spill near bench {number % 40}; "
        "which step of the procedure comes next?"
    )
    for label in LABELS:
        document.add_paragraph(
            f"{label}) Step {label} for case {number}: do it at once, then report to the lead"
        )
    answer = answer_of(number)
    document.add_paragraph(f"Answer: {answer}")
    document.add_paragraph(
        f"Explanation: step {answer} comes first because the spill sheet, section "
        f"{number % 17}, says so."
    )


def _checked(path: object) -> Path:
    # `quiz_docx(1000)` once wrote files named `1000` into the working directory: a count passed
    # where the path goes. The path is keyword-only, and checked here for callers mypy misses.
    if not isinstance(path, Path):
        raise TypeError(f"path must be a pathlib.Path, not {type(path).__name__} {path!r}")
    return path


def quiz_docx(*, path: Path, questions: int = 1000) -> Path:
    """A .docx of `questions` four-choice questions with answer lines and explanations.

    Raises TypeError when `path` is not a Path.
    """
    path = _checked(path)
    document = docx.Document()
    document.add_heading(f"Benchmark quiz: {questions} questions", level=1)
    document.add_paragraph("Answer every question; each has exactly one correct choice.")
    for number in range(1, questions + 1):
        _add_question(document, number)
    document.save(str(path))
    return path


def noise_png(width: int, height: int, seed: int) -> bytes:
    """A valid RGB PNG of random pixels: about width x height x 3 bytes, whatever the zip."""
    rows = random.Random(seed).randbytes(height * (width * 3 + 1))
    # Filter byte 0 on every row; the pixel bytes after it may be anything.
    raw = bytearray(rows)
    raw[:: width * 3 + 1] = bytes(height)

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 1))
        + chunk(b"IEND", b"")
    )


def large_docx(
    *, path: Path, target_bytes: int = LARGE_BYTES, questions: int = 2000, image_side: int = 600
) -> Path:
    """A .docx of about `target_bytes`: `questions` questions with images spread among them.

    Raises TypeError when `path` is not a Path.
    """
    path = _checked(path)
    text_only = io.BytesIO()
    _large_document(questions, [], 1).save(text_only)
    room = target_bytes - len(text_only.getvalue())
    full = len(noise_png(image_side, image_side, 0))
    sides = [image_side] * (room // full)
    rest = room - full * len(sides) - 4096  # each picture adds a little XML and zip overhead
    if rest > 10_000:
        sides.append(int((rest / 3) ** 0.5))
    _large_document(questions, sides, max(1, questions // max(1, len(sides)))).save(str(path))
    return path


def _large_document(questions: int, sides: list[int], every: int) -> docx.document.Document:
    document = docx.Document()
    document.add_heading("Benchmark: a large document", level=1)
    document.add_paragraph("Many questions, with a photograph every few of them.")
    pending = list(sides)
    for number in range(1, questions + 1):
        _add_question(document, number)
        if number % every == 0 and pending:
            side = pending.pop(0)
            picture = io.BytesIO(noise_png(side, side, seed=number))
            document.add_picture(picture, width=Cm(8))
    return document


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for built in (quiz_docx(path=out / "quiz-1000.docx"), large_docx(path=out / "large-20mb.docx")):
        print(f"{built} ({built.stat().st_size / 1_048_576:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
