"""Every string a person can see has its pt-BR (and es) translation, compiled and current."""

import gettext

import pytest

from lms.i18n import catalogue_dirs, merged_catalogue, untranslated


@pytest.mark.parametrize("directory", catalogue_dirs(), ids=lambda d: d.parent.name)
def test_catalogue_is_complete(directory):
    assert untranslated(directory) == []


@pytest.mark.parametrize("directory", catalogue_dirs(), ids=lambda d: d.parent.name)
def test_compiled_catalogue_matches_its_source(directory):
    """A stale django.mo would show people old or English text: run `make messages`."""
    with open(directory / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    for entry in merged_catalogue(directory):
        if entry.obsolete or entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert catalogue.get(key) == entry.msgstr, entry.msgid


def test_portuguese_and_spanish_catalogues_exist():
    assert {d.parent.name for d in catalogue_dirs()} >= {"pt_BR", "es"}
