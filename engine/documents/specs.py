"""The `documents:` section of a definition version, as plain data.

Until the definitions layer offers normalised bundles this reads
definition.yaml from the version's stored files itself."""

from dataclasses import dataclass, field

from engine.definitions.loader import yaml_data

DEFINITION_FILE = "definition.yaml"


class DocumentSpecError(LookupError):
    """The definition declares no such document, or declares it badly."""


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    template: str  # path inside the version's files, e.g. documents/file_card.html
    download: tuple[str, ...] = field(default_factory=tuple)
    number_field: str = ""  # case data field holding the official number, if any
    sign: bool = False  # sign with the union's certificate (pyHanko)


def label_text(label, language: str = "zh") -> str:
    """A label is plain text or {zh: ..., en: ...}."""
    if isinstance(label, dict):
        return str(label.get(language) or label.get("zh") or next(iter(label.values()), ""))
    return "" if label is None else str(label)


def document_specs(version) -> dict[str, DocumentSpec]:
    text = (version.files or {}).get(DEFINITION_FILE, "")
    definition = yaml_data(text, DEFINITION_FILE) or {}
    section = definition.get("documents") or {}
    if not isinstance(section, dict):
        raise DocumentSpecError("documents: must be a mapping of document keys")
    return {key: _spec(key, raw or {}) for key, raw in section.items()}


def document_spec(version, key: str) -> DocumentSpec:
    specs = document_specs(version)
    if key not in specs:
        raise DocumentSpecError(f"{version}: no document {key!r} in {DEFINITION_FILE}")
    return specs[key]


def _spec(key, raw) -> DocumentSpec:
    if not raw.get("template"):
        raise DocumentSpecError(f"document {key!r} has no template")
    download = raw.get("download") or []
    if isinstance(download, str):
        download = [download]
    return DocumentSpec(
        key=str(key),
        title=label_text(raw.get("title")) or str(key),
        template=str(raw["template"]),
        download=tuple(str(role) for role in download),
        number_field=str(raw.get("number") or ""),
        sign=bool(raw.get("sign", False)),
    )
