"""Compile and check the project's translation catalogues, in pure Python.

``locale/<lang>/LC_MESSAGES/django.po`` holds the project's own strings (``make messages``
extracts them). ``overrides.po`` beside it fills gaps in third-party catalogues (allauth's
pt-BR misses a few); both compile into one ``django.mo``, which is committed so that a
machine without GNU gettext still shows Portuguese.

Usage: ``python -m lms.i18n compile`` or ``python -m lms.i18n check``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogue_dirs() -> list[Path]:
    return sorted(p.parent for p in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def merged_catalogue(directory: Path) -> polib.POFile:
    po = polib.pofile(str(directory / "django.po"))
    overrides = directory / "overrides.po"
    if overrides.exists():
        known = {(e.msgctxt, e.msgid) for e in po}
        for entry in polib.pofile(str(overrides)):
            if (entry.msgctxt, entry.msgid) not in known:
                po.append(entry)
    return po


def compile_catalogues() -> list[Path]:
    written = []
    for directory in catalogue_dirs():
        target = directory / "django.mo"
        merged_catalogue(directory).save_as_mofile(str(target))
        written.append(target)
    return written


def untranslated(directory: Path) -> list[str]:
    """Entries a person would see in English: missing or fuzzy translations."""
    po = merged_catalogue(directory)
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "compile":
        for path in compile_catalogues():
            print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
    elif command == "check":
        missing = {d.parent.name: untranslated(d) for d in catalogue_dirs()}
        for language, msgids in missing.items():
            for msgid in msgids:
                print(f"{language}: untranslated: {msgid!r}")
        sys.exit(1 if any(missing.values()) else 0)
    else:
        sys.exit(f"unknown command {command!r}: use compile or check")
