"""What the demo needs to know about each published process: its roles, how
many committee members its votes expect, and which demo union hosts it.

The host comes from `workflows/<key>/demo.yaml` when the process ships one:

    org_unit: yucheng                      # OrgUnit code that owns the cases
    staff:                                 # named logins (optional)
      - {username: wangkai, display_name: 王凯, role: rights_officer}
    cases:                                 # sample cases (optional, see cases.py)
      - applicant: {username: "13905348866", display_name: 苑晓梅, mobile: "13905348866"}
        answers: {...}
        progress: [{step: call_back, by: wangkai, outcome: done, data: {...}}]
    statistics: [...]                      # more cases for the dashboard figures

Roles the staff list leaves out still get a generated login. A case filed in
another unit (`org_unit:` on a case) gives that unit a generated login for
every role that acts in the case's own unit. Without a
demo.yaml, the host is the unit at the definition's owner_level whose region
the definition's title or description names (禹城, 天津...), else the first
unit at that level. The engine itself never names a process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import yaml
from django.conf import settings

from engine.models import OrgUnit, ProcessDefinition

# libyaml's parser when PyYAML was built with it: ~10x faster on big files.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Suffixes stripped from a unit's name to get the region a text would mention.
_UNIT_SUFFIXES = ("总工会", "工会")


@dataclass
class Role:
    key: str
    label: str
    applicant: bool = False
    levels: list[str] = field(default_factory=list)
    members: int = 1


@dataclass
class ProcessDemo:
    key: str
    title: str
    definition: dict
    home: OrgUnit
    roles: list[Role]
    spec: dict = field(default_factory=dict)
    version: object = None  # the published DefinitionVersion

    @property
    def staff(self) -> list[dict]:
        return list(self.spec.get("staff") or [])

    @property
    def cases(self) -> list[dict]:
        return list(self.spec.get("cases") or [])

    @property
    def statistics(self) -> list[dict]:
        """Further cases for the dashboard figures (`statistics:`, same shape as
        `cases:`), loaded by `manage.py demo` but not by the process tests."""
        return list(self.spec.get("statistics") or [])

    @property
    def hosts(self) -> list[OrgUnit]:
        """Units other than the home unit where demo cases are filed (an
        entry's or an `each:` row's `org_unit`), in the order first named."""
        codes = []
        for entry in self.cases + self.statistics:
            for row in [entry, *(entry.get("each") or [])]:
                code = row.get("org_unit")
                if code and code != self.home.code and code not in codes:
                    codes.append(code)
        units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
        return [units[code] for code in codes]

    @property
    def applicants(self) -> list[dict]:
        """Applicants named by the sample cases (each once), else one generated."""
        named = {}
        for case in self.cases + self.statistics:
            person = case.get("applicant") or {}
            if person.get("username"):
                named.setdefault(str(person["username"]), person)
        if named:
            return list(named.values())
        mobile = _fallback_mobile(self.key)
        return [{"username": mobile, "mobile": mobile, "display_name": "示例申请人"}]


def text_zh(value) -> str:
    """A label written as plain text or as {zh, en}."""
    if isinstance(value, dict):
        return str(value.get("zh") or value.get("en") or "")
    return "" if value is None else str(value)


def definition_of(process: ProcessDefinition) -> dict:
    files = process.published_version.files
    return yaml.load(files.get("definition.yaml") or "", Loader=_Loader) or {}


def roles_of(definition: dict) -> list[Role]:
    votes = _vote_members(definition)
    roles = []
    for key, spec in (definition.get("roles") or {}).items():
        if isinstance(spec, dict) and "label" in spec:
            role = Role(
                key, text_zh(spec["label"]), bool(spec.get("applicant")), list(spec.get("levels") or [])
            )
        else:
            role = Role(key, text_zh(spec))
        role.members = votes.get(key, 1)
        roles.append(role)
    return roles


def case_unit_roles(definition: dict) -> set[str]:
    """Roles whose tasks or votes are looked up in the case's own unit (no
    `unit:` on the step, or `unit: case`)."""
    return {
        step["role"]
        for step in definition.get("steps") or []
        if isinstance(step, dict)
        and step.get("type") in ("task", "vote")
        and step.get("role")
        and step.get("unit", "case") == "case"
    }


def _vote_members(definition: dict) -> dict[str, int]:
    """A committee role needs as many logins as its votes expect ballots."""
    members: dict[str, int] = {}
    for step in definition.get("steps") or []:
        if isinstance(step, dict) and step.get("type") == "vote" and isinstance(step.get("members"), int):
            members[step["role"]] = max(members.get(step["role"], 1), step["members"])
    return members


def demo_spec(key: str) -> dict:
    path = settings.WORKFLOWS_DIR / key / "demo.yaml"
    if not path.is_file():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def home_unit(definition: dict, spec: dict) -> OrgUnit:
    code = spec.get("org_unit") or spec.get("unit")
    if code:
        return OrgUnit.objects.get(code=code)
    level = definition.get("owner_level") or "district"
    candidates = list(OrgUnit.objects.filter(level=level).order_by("path"))
    text = text_zh(definition.get("title")) + str(definition.get("description") or "")
    for unit in candidates:
        if any(_region(u) in text for u in [unit, *unit.ancestors()] if u.level != "national"):
            return unit
    if not candidates:
        raise ValueError(f"No demo union at level {level!r}")
    return candidates[0]


def _region(unit: OrgUnit) -> str:
    name = unit.name
    for suffix in _UNIT_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.removesuffix("市").removesuffix("省") or unit.name


def published_processes() -> list[ProcessDemo]:
    result = []
    queryset = ProcessDefinition.objects.filter(published_version__isnull=False).select_related(
        "published_version"
    )
    for process in queryset.order_by("key"):
        definition = definition_of(process)
        spec = demo_spec(process.key)
        result.append(
            ProcessDemo(
                key=process.key,
                title=process.title,
                definition=definition,
                home=home_unit(definition, spec),
                roles=roles_of(definition),
                spec=spec,
                version=process.published_version,
            )
        )
    return result


def _fallback_mobile(key: str) -> str:
    """A stable mobile number per process, so reruns find the same user."""
    digits = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10**8
    return f"139{digits:08d}"
