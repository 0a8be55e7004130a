"""The English catalog is complete, keeps every placeholder, and the
committed .mo matches the .po (so a fresh machine needs no gettext)."""

import re
from pathlib import Path

from django.conf import settings

from .catalog import mo_catalog, po_entries

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
TRANS_TAG = re.compile(r"""\{%\s*trans(?:late)?\s+(["'])(.+?)\1""")


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    assert len(entries) > 200
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not all(s.strip() for s in e.strs)] == []


def test_translations_keep_the_placeholders_of_their_source():
    wrong = [
        (e.msgid, s)
        for e in entries_with_placeholders()
        for s in e.strs
        if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(e.msgid))
    ]
    assert wrong == []


def entries_with_placeholders():
    return [e for e in po_entries() if PLACEHOLDER.search(e.msgid)]


def test_no_chinese_left_in_the_english_text():
    # Quoted sample unit names like “禹” are the one allowed exception.
    han = re.compile(r"[\u4e00-\u9fff]")
    leaks = [s for e in po_entries() for s in e.strs if han.search(re.sub(r"“[^”]*”", "", s))]
    assert leaks == []


def test_plural_entries_have_singular_and_plural_english():
    plurals = [e for e in po_entries() if e.plural]
    assert plurals, "expected ngettext entries"
    for entry in plurals:
        assert len(entry.strs) == 2 and entry.strs[0] != entry.strs[1], entry.msgid


def test_compiled_catalog_matches_the_po():
    mo = mo_catalog()
    for entry in po_entries():
        if entry.plural:
            assert mo.ngettext(entry.msgid, entry.plural, 1) == entry.strs[0]
            assert mo.ngettext(entry.msgid, entry.plural, 2) == entry.strs[1]
        else:
            assert mo.gettext(entry.msgid) == entry.strs[0], entry.msgid


def test_every_trans_tag_in_the_site_templates_is_in_the_catalog():
    """Catches a new {% trans %} string added without re-running makemessages."""
    known = {e.msgid for e in po_entries()}
    roots = [
        Path(settings.BASE_DIR) / "templates",
        Path(settings.BASE_DIR) / "engine" / "documents" / "templates",
    ]
    missing = {
        f"{path.name}: {match.group(2)}"
        for root in roots
        for path in root.rglob("*.html")
        for match in TRANS_TAG.finditer(path.read_text(encoding="utf-8"))
        if match.group(2) not in known
    }
    assert missing == set(), "run makemessages -l en (see locale/README.md) and translate"
