"""A process folder read, validated and normalised into a Bundle.

`read_folder` turns a folder into {relative path: text} (what a
DefinitionVersion stores); `load_bundle` parses, validates and checks those
files, so the same code serves files on disk and versions in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import normalise
from .loader import Where, load_yaml
from .problems import Problem
from .schema import validate

DEFINITION_FILE = "definition.yaml"
FORMS_DIR = "forms/"
DOCUMENTS_DIR = "documents/"


@dataclass(frozen=True)
class Source:
    """One parsed YAML file: the display path, its raw data and positions."""

    filename: str
    data: object
    where: Where


@dataclass(frozen=True, eq=False)
class Bundle:
    key: str
    definition: dict
    forms: dict
    templates: dict
    files: dict
    sources: dict = field(repr=False)
    _memo: dict = field(default_factory=dict, repr=False)

    @property
    def steps(self) -> dict:
        if "steps" not in self._memo:
            self._memo["steps"] = {step["id"]: step for step in self.definition["steps"]}
        return self._memo["steps"]

    @property
    def roles(self) -> dict:
        return self.definition["roles"]

    @property
    def documents(self) -> dict:
        return self.definition["documents"]

    @property
    def sequences(self) -> dict:
        return self.definition["sequences"]

    @property
    def computed(self) -> dict:
        return self.definition["data"]

    def form_fields(self, form_key: str) -> list[dict]:
        return [f for page in self.forms[form_key]["steps"] for f in page["fields"]]

    def field_types(self) -> dict:
        """Every name an expression may read -> its type (a fresh copy)."""
        if "field_types" not in self._memo:
            self._memo["field_types"] = self._field_types()
        return dict(self._memo["field_types"])

    def _field_types(self) -> dict:
        types = {}
        for form_key in self.forms:
            for each in self.form_fields(form_key):
                types.setdefault(each["name"], each["type"])
                for column in each.get("columns") or []:
                    types.setdefault(f"{each['name']}.{column['name']}", column["type"])
        for name in self.computed:
            types.setdefault(name, "computed")
        for name, kind in step_written_names(self.definition["steps"]).items():
            types.setdefault(name, kind)
        return types


def step_written_names(steps: list[dict]) -> dict:
    """Names that steps write into case data, with their types."""
    names = {}
    for step in steps:
        if step.get("type") == "task":
            names[f"{step['id']}_outcome"] = "text"
        if step.get("type") == "vote":
            for suffix in ("for", "against", "abstain"):
                names[f"{step['id']}_{suffix}"] = "integer"
            names[f"{step['id']}_passed"] = "boolean"
        for action in step.get("actions") or []:
            if "number" in action:
                names[action.get("into") or action["number"]] = "text"
            for name in action.get("set") or {}:
                names[name] = "computed"
    return names


def read_folder(path) -> dict[str, str]:
    """definition.yaml, forms/*.yaml and documents/** of a folder, as text.
    Files that are not UTF-8 text (images) are left out."""
    root = Path(path)
    wanted = [root / DEFINITION_FILE, *sorted((root / "forms").glob("*.y*ml"))]
    wanted += sorted(p for p in (root / "documents").rglob("*") if p.is_file())
    files = {}
    for file in wanted:
        if not file.is_file():
            continue
        try:
            files[file.relative_to(root).as_posix()] = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
    return files


def form_key_of(relpath: str) -> str | None:
    """'forms/apply.yaml' -> 'apply'."""
    path = PurePosixPath(relpath)
    if relpath.startswith(FORMS_DIR) and len(path.parts) == 2 and path.suffix in (".yaml", ".yml"):
        return path.stem
    return None


def _display(origin: str, relpath: str) -> str:
    origin = str(origin).rstrip("/")
    if origin.endswith((".yaml", ".yml")):
        origin = str(PurePosixPath(origin).parent)
    return f"{origin}/{relpath}" if origin else relpath


def _parse(files: dict, origin: str) -> tuple[dict, list[Problem]]:
    sources, problems = {}, []
    for relpath, text in files.items():
        if relpath != DEFINITION_FILE and not form_key_of(relpath):
            continue
        filename = _display(origin, relpath)
        data, where, found = load_yaml(text, filename)
        problems += found
        if not found and not isinstance(data, dict):
            problems.append(Problem(filename, 1, 1, "文件内容应为一个映射（键: 值），但它是空的或是别的类型"))
        sources[relpath] = Source(filename, data, where)
    return sources, problems


def load_bundle(
    files: dict[str, str], origin: str, known_reference_lists: set[str] | None = None
) -> tuple[Bundle | None, list[Problem]]:
    """Parse, validate and check a process. The bundle is None when the files
    do not parse or do not match the schema; otherwise it is returned along
    with the problems of the static checks. A process is valid only when the
    problem list is empty."""
    from .checks import run_checks  # checks import this module

    if DEFINITION_FILE not in files:
        return None, [
            Problem(
                _display(origin, DEFINITION_FILE), 1, 1, "找不到 definition.yaml", "每个流程文件夹都需要它"
            )
        ]
    sources, problems = _parse(files, origin)
    if problems:
        return None, problems
    for relpath, source in sources.items():
        kind = "definition" if relpath == DEFINITION_FILE else "form"
        problems += validate(source.data, source.where, source.filename, kind)
    if problems:
        return None, problems
    bundle = _build(files, sources)
    return bundle, run_checks(bundle, known_reference_lists)


def _build(files: dict, sources: dict) -> Bundle:
    forms = {}
    for relpath, source in sources.items():
        key = form_key_of(relpath)
        if key:
            forms[key] = normalise.form(key, source.data)
    raw = sources[DEFINITION_FILE].data
    templates = {path: text for path, text in files.items() if path.startswith(DOCUMENTS_DIR)}
    definition = normalise.definition(raw, forms)
    _add_pick_field(definition["intake"], forms.get(normalise.start_form_key(raw)))
    return Bundle(
        key=raw["key"],
        definition=definition,
        forms=forms,
        templates=templates,
        files=dict(files),
        sources=sources,
    )


def _add_pick_field(intake: dict, start_form: dict | None) -> None:
    """`intake: {from: pick}` shows as a field of the start form (on the
    page it names, else the first), so the wizard, the review, the case
    file and the server-side check treat it like any other answer."""
    if "pick" not in intake["from"] or not start_form or not start_form["steps"]:
        return
    pages = start_form["steps"]
    page = next((p for p in pages if p["id"] == intake["page"]), pages[0])
    if all(f["name"] != normalise.INTAKE_PICK_FIELD for f in page["fields"]):
        page["fields"].append(normalise.intake_pick_field(intake))
