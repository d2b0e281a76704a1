"""The font PDFs are set in: one face that covers accented Latin, CJK, ✓ and →.

PDF's built-in fonts know only Latin-1, so a font is embedded (subset to the glyphs a document
uses). Where it is looked for, first found wins:

1. the folder named by the `pdf_font_dir` setting (QUIZFLOW_PDF_FONT_DIR): the first font file
   in it (.otf, .ttf, .otc, .ttc, by name) that covers the sample text `COVERAGE_SAMPLE`;
2. Noto Sans CJK JP from PyPI, `noto-cjk-sans-jp-regular` (SIL OFL 1.1), a quizflow dependency:
   its Japanese glyph forms cover Chinese, Latin with accents, ✓ and → as well;
3. Debian's `fonts-noto-cjk` or `fonts-wqy-microhei`, when installed.

None found raises ConfigurationError naming what to install.

`truetype_subset` cuts the font down to a document's characters (a few hundred glyphs of
65,000) and, for a CFF-flavoured OpenType font such as Noto Sans CJK, redraws the outlines as
TrueType quadratics. PDF readers all handle the TrueType CID font (Identity-H) that fpdf2 then
embeds, while the CFF path it would otherwise take writes an embedded encoding CMap that pypdf
and pdfminer.six cannot decode (text comes out as NUL-interleaved bytes; poppler copes).
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from quizflow.errors import ConfigurationError

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped,unused-ignore]

#: Characters a font must have to be picked from QUIZFLOW_PDF_FONT_DIR.
COVERAGE_SAMPLE = "AaéüßØ中文日本語✓→"
PYPI_PACKAGE = "noto-cjk-sans-jp-regular"
_PYPI_MODULE = "noto_cjk_sans_jp_regular"
_PYPI_FILE = "NotoSansCJKjp-Regular.otf"
#: Debian packages' files, with the face to use inside a collection.
_SYSTEM_FONTS: tuple[tuple[Path, int, str], ...] = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 0, "fonts-noto-cjk"),
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0, "fonts-wqy-microhei"),
)
DEBIAN_PACKAGES = "fonts-noto-cjk or fonts-wqy-microhei"
_SUFFIXES = (".otf", ".ttf", ".otc", ".ttc")


@dataclass(frozen=True, slots=True)
class PdfFont:
    path: Path
    #: The face to use in a collection (.ttc/.otc); 0 for a single font.
    collection_index: int = 0


def locate_font(font_dir: Path | None = None) -> PdfFont:
    """The font to embed: from `font_dir` if given, else the PyPI or Debian package.

    Raises ConfigurationError when `font_dir` holds no font covering the sample, or when no
    font is installed at all.
    """
    return _locate(font_dir.expanduser().resolve() if font_dir is not None else None)


@lru_cache(maxsize=8)
def _locate(font_dir: Path | None) -> PdfFont:
    if font_dir is not None:
        return _from_dir(font_dir)
    spec = importlib.util.find_spec(_PYPI_MODULE)
    if spec is not None and spec.submodule_search_locations:
        # Located without importing the package: it only carries the file.
        for location in spec.submodule_search_locations:
            candidate = Path(location) / _PYPI_FILE
            if candidate.is_file():
                return PdfFont(candidate)
    for path, index, _package in _SYSTEM_FONTS:
        if path.is_file():
            return PdfFont(path, index)
    raise ConfigurationError(
        "PDF export needs a font covering accented Latin, Chinese/Japanese and ✓, and none is "
        f"installed: `pip install {PYPI_PACKAGE}` (a quizflow dependency), or install "
        f"Debian's {DEBIAN_PACKAGES}, or set QUIZFLOW_PDF_FONT_DIR to a folder holding such a "
        ".otf/.ttf/.ttc font"
    )


def _from_dir(font_dir: Path) -> PdfFont:
    if not font_dir.is_dir():
        raise ConfigurationError(f"QUIZFLOW_PDF_FONT_DIR={font_dir} is not a folder")
    candidates = sorted(p for p in font_dir.iterdir() if p.suffix.lower() in _SUFFIXES)
    for path in candidates:
        if _covers(path, COVERAGE_SAMPLE):
            return PdfFont(path)
    found = ", ".join(p.name for p in candidates[:5]) or "no .otf/.ttf/.ttc file"
    if len(candidates) > 5:
        found += f" and {len(candidates) - 5} more"
    raise ConfigurationError(
        f"QUIZFLOW_PDF_FONT_DIR={font_dir} holds no font covering {COVERAGE_SAMPLE!r} "
        f"(found: {found}); put Noto Sans CJK there, or unset it to use the "
        f"{PYPI_PACKAGE} package"
    )


def _covers(path: Path, sample: str) -> bool:
    from fontTools.ttLib import TTCollection, TTFont, TTLibError  # type: ignore[import-untyped,unused-ignore]

    try:
        if path.suffix.lower() in {".ttc", ".otc"}:
            collection = TTCollection(str(path), lazy=True)
            font = collection.fonts[0]
        else:
            font = TTFont(str(path), lazy=True)
        cmap = font.getBestCmap() or {}
    except (TTLibError, OSError, AssertionError):
        return False
    return all(ord(char) in cmap for char in sample)


#: Tables a PDF never reads: layout (we do not shape text), vertical metrics, signatures,
#: FontForge's timestamp (which the subsetter would warn about).
_DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG", "FFTM")
#: Largest distance, in font units (1/1000 em here), of a redrawn curve from the original.
_MAX_CURVE_ERROR = 1.0


def truetype_subset(font: PdfFont, text: Iterable[str]) -> bytes:
    """The font cut down to the characters in `text`, with TrueType outlines, as .ttf bytes."""
    from fontTools import subset  # type: ignore[import-untyped,unused-ignore]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped,unused-ignore]

    codepoints = {ord(char) for chunk in text for char in chunk}
    ttfont = TTFont(str(font.path), fontNumber=font.collection_index, lazy=True)
    try:
        options = subset.Options()
        options.layout_features = []
        options.drop_tables += list(_DROPPED_TABLES)
        options.hinting = False
        options.notdef_outline = True
        options.name_IDs = [1, 2, 3, 4, 5, 6]
        options.name_languages = [0x409]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(ttfont)
        if "CFF " in ttfont:
            _cff_to_truetype(ttfont)
        output = io.BytesIO()
        ttfont.save(output)
        return output.getvalue()
    finally:
        ttfont.close()


def _cff_to_truetype(ttfont: TTFont) -> None:
    # After fontTools' Snippets/otf2ttf.py: redraw every glyph with quadratic curves.
    from fontTools.pens.cu2quPen import Cu2QuPen  # type: ignore[import-untyped,unused-ignore]
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped,unused-ignore]
    from fontTools.ttLib import newTable  # type: ignore[import-untyped,unused-ignore]

    order = ttfont.getGlyphOrder()
    glyph_set = ttfont.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, _MAX_CURVE_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    ttfont["loca"] = newTable("loca")
    glyf = ttfont["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del ttfont["CFF "]
    glyf.compile(ttfont)
    hmtx = ttfont["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = ttfont["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in (
        "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
    ):  # fmt: skip
        setattr(maxp, field, 0)
    ttfont["post"].formatType = 3.0  # no glyph names: a PDF does not need them
    ttfont.sfntVersion = "\0\1\0\0"
