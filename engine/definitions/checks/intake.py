"""`intake:` — where a new case goes. Each source has what it needs, and
no step is left without anyone to do it: wherever the intake can land a
case, every staff step must find its role at the level it looks in."""

from __future__ import annotations

from ..normalise import INTAKE_PICK_FIELD, raw_pages, start_form_key
from ..problems import did_you_mean
from .context import LEVELS
from .roles import resolve_unit


def _listed(value) -> list:
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def _start_form(ctx):
    key = start_form_key(ctx.raw)
    for relpath, form_key, raw in ctx.forms():
        if form_key == key:
            return relpath, raw
    return None, None


def _start_fields(ctx) -> dict:
    _relpath, raw = _start_form(ctx)
    if raw is None:
        return {}
    return {field["name"]: field for _path, page in raw_pages(raw) for field in page["fields"]}


def check_intake_sources(ctx):
    intake = ctx.raw.get("intake")
    if intake is None:
        return
    sources = _listed(intake.get("from")) or (
        ["unit"] if "unit" in intake else ["field"] if "field" in intake else ["home_unit"]
    )
    where = ("intake", "from") if "from" in intake else ("intake",)
    key = "from" not in intake
    if "pick" in sources and "level" not in intake:
        yield ctx.problem(
            where, "intake 的 pick 需要 level（申请人在哪一级单位中选择）", "如 level: district", key=key
        )
    if "unit" in sources and "unit" not in intake:
        yield ctx.problem(where, "intake 的 unit 需要写出固定受理单位的代码", "如 unit: beijing", key=key)
    if "field" in sources:
        yield from _field_source(ctx, intake)
    if "page" in intake:
        if "pick" not in sources:
            yield ctx.problem(("intake", "page"), "intake.page 只用于 pick（选择框放在哪一页）")
        else:
            _relpath, raw = _start_form(ctx)
            pages = [page["id"] for _path, page in raw_pages(raw)] if raw else []
            if raw and intake["page"] not in pages:
                hint = did_you_mean(intake["page"], pages, label="申请表的页")
                yield ctx.problem(("intake", "page"), f"申请表没有页 '{intake['page']}'", hint)
    if "pick" in sources and INTAKE_PICK_FIELD in _start_fields(ctx):
        message = f"申请表已有字段 '{INTAKE_PICK_FIELD}'，与 intake 的受理工会选择框同名"
        yield ctx.problem(where, message, "请给该字段改名", key=key)


def _field_source(ctx, intake):
    if "field" not in intake:
        yield ctx.problem(
            ("intake",), "intake 的 field 需要写出给出单位的字段名", "如 field: employer_union", key=True
        )
        return
    fields = _start_fields(ctx)
    name = intake["field"]
    units = sorted(n for n, f in fields.items() if f.get("type") == "org_unit")
    if name not in fields:
        hint = did_you_mean(name, units, label="申请表中的 org_unit 字段")
        yield ctx.problem(("intake", "field"), f"申请表中没有字段 '{name}'", hint)
    elif fields[name].get("type") != "org_unit":
        yield ctx.problem(
            ("intake", "field"), f"字段 '{name}' 的类型是 {fields[name].get('type')}，应为 org_unit"
        )


def landing_levels(ctx) -> list[str]:
    """Levels where the intake may put a case. A declared `level` bounds
    every source; without it the applicant's union may be at any level, a
    form field at its own `level`, a fixed unit at the owner level."""
    intake = ctx.raw.get("intake")
    declared = _listed(intake.get("level"))
    if declared:
        return declared
    owner = ctx.raw.get("owner_level")
    levels = []
    for source in _listed(intake.get("from")) or (
        ["unit"] if "unit" in intake else ["field"] if "field" in intake else ["home_unit"]
    ):
        if source == "field":
            level = (_start_fields(ctx).get(intake.get("field")) or {}).get("level")
            levels += [level] if level else LEVELS
        elif source == "unit" and owner:
            levels.append(owner)
        else:
            levels += LEVELS
    return [level for level in LEVELS if level in levels]


def check_intake_roles(ctx):
    """Refuse an intake that can land a case where a step's role cannot act."""
    intake = ctx.raw.get("intake")
    if intake is None or ("pick" in _listed(intake.get("from")) and "level" not in intake):
        return  # a pick without a level is reported once, by check_intake_sources
    where, key = (("intake", "level"), False) if "level" in intake else (("intake",), True)
    levels = landing_levels(ctx)
    owner = ctx.raw.get("owner_level")
    if "level" in intake and owner and owner not in levels:
        message = f"intake 的 level（{', '.join(levels)}）不含 owner_level '{owner}'"
        yield ctx.problem(where, message, "案件所属级别应是受理单位的级别之一", key=key)
    roles = ctx.bundle.roles
    for _path, step in ctx.steps():
        role = roles.get(step.get("role"))
        unit = step.get("unit", "case")
        if step["type"] not in ("task", "vote") or role is None or role["applicant"] or unit == "partner":
            continue
        if unit not in ("case", "parent", *LEVELS):
            continue  # reported by check_units
        stuck = []
        # At the owner level check_units already reports, at the step.
        for level in (each for each in levels if each != owner):
            target, _why = resolve_unit(level, unit)
            if target is None or (role["levels"] and target not in role["levels"]):
                stuck.append(level)
        if stuck:
            exists = f"只存在于 {', '.join(role['levels'])} 级" if role["levels"] else ""
            message = (
                f"按 intake，案件可能落在 {', '.join(stuck)} 级单位，步骤 '{step['id']}' 在那里"
                f"（unit: {unit}）找不到能担任角色 '{step['role']}' 的人{('：该角色' + exists) if exists else ''}"
            )
            hint = "用 intake 的 level 限定案件落在哪一级，或修改该角色的 levels、步骤的 unit"
            yield ctx.problem(where, message, hint, key=key)


def check_unique_fields(ctx):
    """A duplicate rule compares answers of the start form."""
    fields = _start_fields(ctx)
    for index, rule in enumerate(ctx.raw.get("unique") or []):
        names = _listed(rule.get("fields"))
        for position, name in enumerate(names):
            path = ("unique", index, "fields") + ((position,) if isinstance(rule.get("fields"), list) else ())
            if name not in fields:
                hint = did_you_mean(name, sorted(fields), label="申请表的字段")
                yield ctx.problem(path, f"重复申请规则的字段 '{name}' 不在申请表中", hint)
            elif fields[name].get("type") in ("table", "file", "computed"):
                message = f"重复申请规则的字段 '{name}' 是 {fields[name]['type']}，不能用来判断重复"
                yield ctx.problem(path, message, "用身份证号、信用代码等申请人填写的字段")
