"""`labels` in the document context: the display text of each answered
choice field, so templates print 深度困难 rather than the stored code `deep`.

Read from the version's own form specs (forms/*.yaml) and, for
`options_from`, from the reference lists. Documents are Chinese first, so the
zh label is used. Multichoice answers are joined with 、."""

from engine.definitions.loader import yaml_data

from .specs import label_text

CHOICE_TYPES = {"choice", "multichoice"}


def data_labels(version, data: dict) -> dict[str, str]:
    labels = {}
    for field in _choice_fields(version):
        name = field.get("name")
        if name not in data or data[name] in (None, "", []):
            continue
        mapping = _options(field)
        values = data[name] if isinstance(data[name], list) else [data[name]]
        labels[name] = "、".join(mapping.get(str(value), str(value)) for value in values)
    return labels


def _choice_fields(version):
    for path, text in sorted((version.files or {}).items()):
        if not (path.startswith("forms/") and path.endswith((".yaml", ".yml"))):
            continue
        spec = yaml_data(text, path) or {}
        for page in spec.get("steps") or []:
            for field in page.get("fields") or []:
                if isinstance(field, dict) and field.get("type") in CHOICE_TYPES:
                    yield field


def _options(field) -> dict[str, str]:
    if field.get("options_from"):
        from engine.models import ReferenceItem

        items = ReferenceItem.objects.filter(ref_list__key=field["options_from"])
        return {item.code: item.label for item in items}
    mapping = {}
    for option in field.get("options") or []:
        if isinstance(option, dict):
            mapping[str(option.get("value"))] = label_text(option.get("label")) or str(option.get("value"))
        else:
            mapping[str(option)] = str(option)
    return mapping
