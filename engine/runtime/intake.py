"""Where a new case goes: its receiving unit, found as the definition's
`intake:` says (docs/definitions.md, "Intake"). Every entrance that starts a
case asks here: the applicant wizard, the demo loader, services.case_start
when no unit is given.

The sources are tried in order; the first that gives a unit wins:
- home_unit: the applicant's registered union (User.home_unit), mapped up to
  the intake's level (an enterprise union's district union);
- pick: the unit the applicant chose in the wizard's receiving-unit field;
- field: the unit named by an org_unit field of the start form, mapped up;
- unit: a fixed unit, by code.
A unit found must be at one of the intake's levels and inside its `within`
subtrees; otherwise the next source is tried."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from engine.definitions.normalise import INTAKE_PICK_FIELD
from engine.models import OrgUnit


class IntakeRefused(Exception):
    """No receiving unit can be found; `field` names the answer to fix."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def intake_spec(bundle) -> dict:
    return bundle.definition["intake"]


def map_up(unit: OrgUnit | None, levels: list[str]) -> OrgUnit | None:
    """The unit itself when it is at one of `levels` (or there are none),
    else the nearest unit above it that is."""
    if unit is None or not levels or unit.level in levels:
        return unit
    return next((above for above in unit.ancestors() if above.level in levels), None)


def _roots(spec: dict) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(code__in=spec["within"])) if spec["within"] else []


def in_scope(unit: OrgUnit, spec: dict, roots: list[OrgUnit] | None = None) -> bool:
    if spec["levels"] and unit.level not in spec["levels"]:
        return False
    if not spec["within"]:
        return True
    roots = _roots(spec) if roots is None else roots
    return any(unit.is_within(root) for root in roots)


def allowed_units(spec: dict):
    """The units an applicant may pick, top-down: at the intake's levels,
    under its `within` units."""
    units = OrgUnit.objects.exclude(level=OrgUnit.Level.PARTNER)
    if spec["levels"]:
        units = units.filter(level__in=spec["levels"])
    if spec["within"]:
        roots = _roots(spec)
        if not roots:
            return OrgUnit.objects.none()
        prefix = Q()
        for root in roots:
            prefix |= Q(path__startswith=root.path)
        units = units.filter(prefix)
    return units.order_by("path")


def home_choice(spec: dict, applicant) -> OrgUnit | None:
    """The applicant's registered union mapped to the intake's level, when
    it falls inside the intake's scope (the pick field's first value)."""
    home = getattr(applicant, "home_unit", None) if applicant is not None else None
    unit = map_up(home, spec["levels"])
    return unit if unit is not None and in_scope(unit, spec) else None


def _by_code(code) -> OrgUnit | None:
    if not code or not isinstance(code, str):
        return None
    return OrgUnit.objects.filter(code=code).first()


def receiving_unit(bundle, *, applicant, data: dict) -> OrgUnit:
    """The unit a new case of `bundle` with these start-form answers belongs
    to; IntakeRefused (with a message for the applicant) when none fits."""
    spec = intake_spec(bundle)
    roots = _roots(spec)
    for source in spec["from"]:
        if source == "home_unit":
            unit = map_up(getattr(applicant, "home_unit", None), spec["levels"])
            if unit is not None and in_scope(unit, spec, roots):
                return unit
        elif source == "pick":
            code = data.get(INTAKE_PICK_FIELD)
            if code:
                unit = _by_code(code)
                if unit is None or not in_scope(unit, spec, roots):
                    raise IntakeRefused(
                        _("所选受理工会不在可选范围内，请重新选择。"), field=INTAKE_PICK_FIELD
                    )
                return unit
        elif source == "field":
            unit = map_up(_by_code(data.get(spec["field"])), spec["levels"])
            if unit is not None and in_scope(unit, spec, roots):
                return unit
        elif source == "unit":
            unit = _by_code(spec["unit"])
            if unit is not None and in_scope(unit, spec, roots):
                return unit
    raise IntakeRefused(_refusal(spec), field=INTAKE_PICK_FIELD if "pick" in spec["from"] else spec["field"])


def _refusal(spec) -> str:
    if "pick" in spec["from"]:
        return _("无法确定受理单位：请选择受理工会，或在个人资料中设置所属工会。")
    if spec["from"] == ["unit"]:
        return _("受理单位暂未开通，请联系工会。")
    if "field" in spec["from"]:
        return _("无法确定受理单位：请在表单中选择所在工会。")
    return _("无法确定受理单位：请先在个人资料中设置所属工会。")


def landing_level(bundle) -> str:
    """The level a case of this process lands at, for simulations (the
    studio's dry run): the intake's first level, else the owner level."""
    spec = intake_spec(bundle)
    return (spec["levels"] or [bundle.definition.get("owner_level") or "district"])[0]
