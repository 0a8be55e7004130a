"""Demo logins: an administrator, one staff member per role of every published
process (in the unit where that role acts), and one applicant per process."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password

from engine.models import OrgUnit, RoleAssignment, User

from . import DEMO_PASSWORD
from .processes import ProcessDemo, Role, case_unit_roles

# Deterministic display names, picked by a hash of the username.
NAMES = (
    "张伟 王芳 李娜 刘洋 陈静 杨磊 赵敏 黄强 周杰 吴霞 徐明 孙丽 马超 朱琳 胡军 郭涛 "
    "何欣 高峰 林芳 罗斌 梁晨 宋佳 郑凯 谢婷 韩冰 唐宁 冯雪 董浩 程鹏 曹颖"
).split()


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    role: str
    unit: str


@cache
def _password_hash() -> str:
    # One hash for every demo user: hashing is slow by design (PBKDF2).
    return make_password(DEMO_PASSWORD)


def _name_for(username: str) -> str:
    return NAMES[int(hashlib.sha256(username.encode()).hexdigest(), 16) % len(NAMES)]


def user_get_or_create(*, username: str, display_name: str, home_unit: OrgUnit | None, **extra) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={
            "display_name": display_name,
            "home_unit": home_unit,
            "password": _password_hash(),
            **extra,
        },
    )
    return user


def admin_create() -> Login:
    user_get_or_create(
        username="admin",
        display_name="系统管理员",
        home_unit=OrgUnit.objects.filter(code="acftu").first(),
        is_staff=True,
        is_superuser=True,
    )
    return Login("admin", "系统管理员", "系统管理员 (superuser)", "—")


def role_unit(home: OrgUnit, role: Role) -> OrgUnit:
    """Where a role acts: the home unit, or when the role names levels, the
    nearest unit at one of them - above the home unit first, then below it
    or below one of its ancestors (partner bodies, enterprise unions)."""
    if not role.levels or home.level in role.levels:
        return home
    lineage = [home, *home.ancestors()]
    for unit in lineage:
        if unit.level in role.levels:
            return unit
    for unit in lineage:
        below = unit.descendants(include_self=False).filter(level__in=role.levels).order_by("path")
        if below.exists():
            return below.first()
    return home


def staff_create(process: ProcessDemo) -> list[Login]:
    """The staff the demo spec names, then generated logins for every role
    (or committee seat) it leaves empty."""
    roles = {role.key: role for role in process.roles if not role.applicant}
    logins, filled = [], {key: 0 for key in roles}
    for person in process.staff:
        role = roles.get(person.get("role")) or Role(str(person.get("role")), str(person.get("role")))
        unit = _unit(person.get("unit")) or role_unit(process.home, role)
        logins.append(_staff_login(str(person["username"]), person.get("display_name"), role, unit))
        filled[role.key] = filled.get(role.key, 0) + 1
    for role in roles.values():
        unit = role_unit(process.home, role)
        for number in range(filled[role.key] + 1, role.members + 1):
            logins.append(_staff_login(_generated(unit, role, number), None, role, unit))
    # Units that file demo cases besides the home unit: a login for each role
    # (or seat) that acts in the case's own unit there.
    local = case_unit_roles(process.definition)
    for unit in process.hosts:
        for role in (r for key, r in roles.items() if key in local):
            for number in range(1, role.members + 1):
                logins.append(_staff_login(_generated(unit, role, number), None, role, unit))
    return logins


def _generated(unit: OrgUnit, role: Role, number: int) -> str:
    return f"{unit.code}.{role.key}" + (f".{number}" if role.members > 1 else "")


def _unit(code) -> OrgUnit | None:
    return OrgUnit.objects.get(code=code) if code else None


def _staff_login(username: str, name: str | None, role: Role, unit: OrgUnit) -> Login:
    user = user_get_or_create(username=username, display_name=name or _name_for(username), home_unit=unit)
    RoleAssignment.objects.get_or_create(user=user, org_unit=unit, role=role.key)
    return Login(username, user.display_name, role.label, unit.name)


def applicants_create(process: ProcessDemo) -> list[Login]:
    labels = [role.label for role in process.roles if role.applicant] or ["申请人"]
    logins = []
    for person in process.applicants:
        username = str(person["username"])
        user = user_get_or_create(
            username=username,
            display_name=person.get("display_name") or "示例申请人",
            home_unit=_unit(person.get("unit")) or process.home,
            mobile=str(person.get("mobile") or (username if username.isdigit() else "")),
        )
        logins.append(
            Login(username, user.display_name, labels[0], user.home_unit.name if user.home_unit else "")
        )
    return logins
