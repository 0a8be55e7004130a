"""Read the site's English catalog: the .po entries and the compiled .mo."""

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


@dataclass
class Entry:
    msgid: str = ""
    plural: str = ""
    strs: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _string(line: str) -> str:
    return ast.literal_eval(line[line.index('"') :])


def po_entries() -> list[Entry]:
    """Entries of django.po, header excluded; enough of the PO grammar for
    what makemessages writes (single- or multi-line strings, plurals)."""
    entries, entry, target = [], Entry(), None
    for line in (LC_MESSAGES / "django.po").read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry.msgid:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("msgid_plural "):
            entry.plural, target = _string(line), "plural"
        elif line.startswith("msgid "):
            entry.msgid, target = _string(line), "msgid"
        elif line.startswith("msgstr"):
            entry.strs.append(_string(line))
            target = "msgstr"
        elif line.startswith('"') and target == "msgstr":
            entry.strs[-1] += _string(line)
        elif line.startswith('"') and target in ("msgid", "plural"):
            setattr(entry, target, getattr(entry, target) + _string(line))
    return entries


def mo_catalog() -> gettext.GNUTranslations:
    with open(LC_MESSAGES / "django.mo", "rb") as handle:
        return gettext.GNUTranslations(handle)
