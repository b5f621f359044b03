"""The font every PDF of the platform embeds (certificates, attendance sheets), and its limits.

Vera ships with reportlab, so every word is real, searchable text in any PDF viewer. It is
registered once per process, when this module is first imported: parsing a TTF costs more than
a page.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
_FONT_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf"}


def _register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    font_dir = Path(reportlab.__file__).parent / "fonts"
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(font_dir / filename)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


_register_fonts()

# Vera has every Portuguese and Spanish letter and the usual typography (– — “ ” ‘ ’ … ¿ ¡ ª º),
# but not every letter of every name (ę, ř, ő, Vietnamese ễ) nor some rarer punctuation. A
# character the font lacks would print as an empty box, so it becomes its nearest relative
# the font has: a look-alike from this table, or the letter with fewer accents.
_LOOKALIKES = {
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "–",  # figure dash
    "\u2015": "—",  # horizontal bar
    "\u2212": "-",  # minus sign
    "\u201e": "“",  # low double quotation mark
    "\u201a": "‘",  # low single quotation mark
    "\u2032": "'",  # prime
    "\u2033": '"',  # double prime
    "\u2039": "‹",
    "\u203a": "›",
    "\u0110": "D",
    "\u0111": "d",
}


class _GlyphFallback(dict):
    """A ``str.translate`` table that fills itself in, one character at a time, as text comes."""

    def __init__(self, font_names: tuple[str, ...]):
        super().__init__()
        glyph_sets = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in font_names]
        self._drawable = set.intersection(*glyph_sets)

    def __missing__(self, codepoint: int) -> str:
        self[codepoint] = self._replacement(chr(codepoint))
        return self[codepoint]

    def _replacement(self, character: str) -> str:
        category = unicodedata.category(character)
        if character == "\n":
            return character  # line breaks are for the wrapping code to act on
        if category == "Cf":
            return ""  # invisible formatting: soft hyphens, zero-width spaces and joiners
        if category in ("Cc", "Zl", "Zp"):
            return " "  # tabs and other controls
        if ord(character) in self._drawable:
            return character
        if character in _LOOKALIKES:
            return _LOOKALIKES[character]
        base, *marks = unicodedata.normalize("NFKD", character)
        for kept in range(len(marks), -1, -1):
            candidate = unicodedata.normalize("NFC", base + "".join(marks[:kept]))
            if all(ord(c) in self._drawable for c in candidate):
                return candidate
        return "?"


_DRAWABLE = _GlyphFallback((FONT, FONT_BOLD))


def drawable(text: str) -> str:
    """``text`` with every character Vera cannot draw replaced by its nearest one it can."""
    return text.translate(_DRAWABLE)
