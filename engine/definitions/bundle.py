"""A process folder read, validated and normalised into a Bundle.

`read_folder` turns a folder into {relative path: text} (what a
DefinitionVersion stores); `load_bundle` parses, validates and checks those
files, so the same code serves files on disk and versions in the database."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import normalise
from .loader import Where, load_yaml
from .problems import Problem
from .schema import validate

DEFINITION_FILE = "definition.yaml"
MAX_FILE_BYTES = 512 * 1024  # one file of a process folder
MAX_FILES = 200
MAX_TOTAL_BYTES = 5 * 1024 * 1024  # a whole process folder
_SURROGATE = re.compile("[\ud800-\udfff]")
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
            if step.get("for_each"):  # one {item, outcome, answers...} per instance
                names[f"{step['id']}_items"] = "table"
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
    Files that are not UTF-8 text (images) are left out. At most MAX_FILES
    + 1 files, and at most MAX_FILE_BYTES + 1 bytes of each, are read: a file
    over the limit is kept cut short so that load_bundle reports it."""
    root = Path(path)
    wanted = [root / DEFINITION_FILE, *sorted((root / "forms").glob("*.y*ml"))]
    documents = root / "documents"
    if documents.is_dir():
        for count, file in enumerate(documents.rglob("*")):
            if count > 4 * MAX_FILES:
                break
            if file.is_file() and not file.is_symlink():
                wanted.append(file)
    files = {}
    for file in wanted[: MAX_FILES + 1]:
        try:
            if not file.is_file():
                continue
            with file.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
            files[file.relative_to(root).as_posix()] = raw.decode("utf-8")
        except UnicodeDecodeError:
            if len(raw) > MAX_FILE_BYTES:  # cut inside a character: still too big
                files[file.relative_to(root).as_posix()] = raw.decode("utf-8", "replace")
            continue
        except OSError:
            continue
    return files


def size_problems(files: dict, origin: str) -> list[Problem]:
    """Bounds on a whole process folder, before anything is parsed."""
    problems = []
    if len(files) > MAX_FILES:
        problems.append(Problem(_display(origin, DEFINITION_FILE), 1, 1, f"文件过多（最多 {MAX_FILES} 个）"))
    total = 0
    for relpath, text in files.items():
        if not isinstance(relpath, str) or not isinstance(text, str):
            problems.append(Problem(_display(origin, str(relpath)), 1, 1, "文件内容应为文字"))
            continue
        if _SURROGATE.search(text):
            problems.append(Problem(_display(origin, relpath), 1, 1, "文件中有无效的字符（孤立的代理项）"))
        size = len(text.encode("utf-8", "surrogatepass"))
        total += size
        if size > MAX_FILE_BYTES:
            message = f"文件过大（{size // 1024} KB，最多 {MAX_FILE_BYTES // 1024} KB）"
            problems.append(
                Problem(_display(origin, relpath), 1, 1, message, "把长内容拆开，或检查是否传错了文件")
            )
    if total > MAX_TOTAL_BYTES:
        message = f"流程文件合计过大（最多 {MAX_TOTAL_BYTES // 1024 // 1024} MB）"
        problems.append(Problem(_display(origin, DEFINITION_FILE), 1, 1, message))
    return problems


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
        source, found = _parsed(relpath, text, _display(origin, relpath))
        problems += found
        sources[relpath] = source
    return sources, problems


@functools.lru_cache(maxsize=256)
def _parsed(relpath: str, text: str, filename: str) -> tuple[Source, list[Problem]]:
    """One file parsed and checked against its schema, once per distinct text:
    the studio re-validates a folder whose forms did not change, and the
    runtime loads the same versions again. Sources are read, never changed."""
    data, where, found = load_yaml(text, filename)
    if not found and not isinstance(data, dict):
        found = [Problem(filename, 1, 1, "文件内容应为一个映射（键: 值），但它是空的或是别的类型")]
    if not found:
        kind = "definition" if relpath == DEFINITION_FILE else "form"
        try:
            found = validate(data, where, filename, kind)
        except Exception as exc:  # a shape the schema validator could not walk
            found = [Problem(filename, 1, 1, f"结构校验时出错（{type(exc).__name__}）", "检查此文件的结构")]
    return Source(filename, data, where), tuple(found)


def load_bundle(
    files: dict[str, str], origin: str, known_reference_lists: set[str] | None = None
) -> tuple[Bundle | None, list[Problem]]:
    """Parse, validate and check a process. The bundle is None when the files
    do not parse or do not match the schema; otherwise it is returned along
    with the problems of the static checks. A process is valid only when the
    problem list is empty."""
    try:
        return _load_bundle(files, origin, known_reference_lists)
    except Exception as exc:  # the last line of defence: a problem, never a crash
        message = f"校验时出错（{type(exc).__name__}）：{str(exc)[:120]}"
        hint = "文件里有校验器不能理解的写法；请检查最近改动的地方"
        return None, [Problem(_display(origin, DEFINITION_FILE), 1, 1, message, hint)]


def _load_bundle(files, origin, known_reference_lists):
    from .checks import run_checks  # checks import this module

    if not isinstance(files, dict):
        return None, [Problem(_display(origin, DEFINITION_FILE), 1, 1, "不是一个流程文件夹")]
    problems = size_problems(files, origin)
    if problems:
        return None, problems
    if DEFINITION_FILE not in files:
        return None, [
            Problem(
                _display(origin, DEFINITION_FILE), 1, 1, "找不到 definition.yaml", "每个流程文件夹都需要它"
            )
        ]
    sources, problems = _parse(files, origin)
    if problems:
        return None, list(problems)
    try:
        bundle = _build(files, sources)
    except Exception as exc:  # normalising met a shape the schema let through
        message = f"整理定义时出错（{type(exc).__name__}）：{str(exc)[:120]}"
        hint = "检查各步骤、表单字段的写法是否与文档一致"
        return None, [Problem(sources[DEFINITION_FILE].filename, 1, 1, message, hint)]
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
