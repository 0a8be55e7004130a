"""The functions an expression may call, each with its signature.

The signature is data, so the same table serves validation (arity and
argument kinds, refused at the expression's line), the run-time guard and
the documentation (docs/definitions.md lists these). Every function follows
the missing-value rule: a missing argument gives a missing result, except
where the signature says otherwise (`count`, `len`, `sum_of` read a missing
list as empty; `empty` is true for it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .limits import MAX_ITEMS, ExpressionError, LimitExceeded, size_check

# Kinds of values, as far as validation can tell them apart.
NUMBER, TEXT, DATE, LIST, BOOL, ANY = "number", "text", "date", "list", "boolean", "any"

FIELD_KINDS = {
    "integer": NUMBER,
    "decimal": NUMBER,
    "money": NUMBER,
    "date": DATE,
    "multichoice": LIST,
    "table": LIST,
    "boolean": BOOL,
    "text": TEXT,
    "textarea": TEXT,
    "choice": TEXT,
    "mobile": TEXT,
    "id_number": TEXT,
    "bank_card": TEXT,
    "email": TEXT,
}


@dataclass(frozen=True)
class Signature:
    name: str
    params: tuple  # accepted kinds per parameter, e.g. ((NUMBER, TEXT), (NUMBER,))
    returns: str
    doc: str
    required: int | None = None  # None: every parameter is required
    variadic: bool = False  # the last parameter may repeat

    @property
    def least(self) -> int:
        return len(self.params) if self.required is None else self.required

    def usage(self) -> str:
        names = [" | ".join(kinds) for kinds in self.params]
        if self.required is not None:
            names = names[: self.required] + [f"[{n}]" for n in names[self.required :]]
        if self.variadic:
            names.append("...")
        return f"{self.name}({', '.join(names)}) → {self.returns}"


def to_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ExpressionError(f"不是日期：{str(value)[:40]!r}") from exc


def to_decimal(value):
    if value in (None, ""):
        return None
    if isinstance(value, Decimal):
        return size_check(value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ExpressionError(f"不是数值：{str(value)[:40]!r}")
    text = str(value).strip()
    if len(text) > 60:
        raise LimitExceeded("数值文字过长")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ExpressionError(f"不是数值：{text[:40]!r}") from exc
    if not number.is_finite():
        raise ExpressionError(f"不是有限数值：{text!r}")
    return size_check(number)


def _rows(rows):
    if rows is None:
        return []
    if not isinstance(rows, list | tuple):
        raise ExpressionError("应为表格或列表")
    return rows


def _sum_of(rows, column):
    """Sum one column of a repeat group: sum_of(household, 'monthly_income')."""
    total = Decimal(0)
    for row in _rows(rows):
        if isinstance(row, dict):
            value = to_decimal(row.get(column))
            if value is not None:
                total = size_check(total + value)
    return total


def _count(rows):
    return len(_rows(rows))


def _len(value):
    if value is None:
        return 0
    if not isinstance(value, str | list | tuple):
        raise ExpressionError("len 只用于文字或列表")
    return len(value)


def _missing(func):
    """A missing argument gives a missing result."""

    def guarded(*args):
        if any(arg is None for arg in args):
            return None
        return func(*args)

    guarded.__name__ = func.__name__
    return guarded


@_missing
def _days_between(start, end):
    return (to_date(end) - to_date(start)).days


@_missing
def _months_between(start, end):
    """Whole calendar months from start to end (residence months for subsidies)."""
    a, b = to_date(start), to_date(end)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        months -= 1
    return max(months, 0)


@_missing
def _years_between(start, end):
    return _months_between(start, end) // 12


def _places(places):
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 10:
        raise ExpressionError("小数位数应为 0 到 10 的整数")
    return places


def _round_money(value, places=2):
    number = to_decimal(value)
    return None if number is None else number.quantize(Decimal(1).scaleb(-_places(places)))


def _round(value, places=0):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ExpressionError("round 只用于数值")
    return round(value, _places(places)) if places else round(value)


def _extreme(func):
    def pick(*args):
        values = list(_rows(args[0])) if len(args) == 1 else list(args)
        if not values or any(v is None for v in values):
            return None
        return func(values)

    return pick


@_missing
def _abs(value):
    return abs(value)


@_missing
def _int(value):
    if isinstance(value, str):
        value = to_decimal(value)
    return size_check(int(value))


def _str(value):
    if value is None:
        return None
    if isinstance(value, list | tuple | dict):
        raise ExpressionError("str 只用于单个值，不用于列表")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _empty(value):
    return value is None or value == "" or (isinstance(value, list | tuple | dict) and not value)


def _today():
    return dt.date.today()


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_parts(value):
    """(birth date, sex) of a valid 18-digit resident ID number (GB 11643:
    format, birth date and the ISO 7064 MOD 11-2 check character), else
    None: a number that does not check gives nothing rather than a guess."""
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        return None
    total = sum(int(digit) * weight for digit, weight in zip(text[:17], _ID_WEIGHTS, strict=True))
    if "10X98765432"[total % 11] != text[17]:
        return None
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None
    return born, ("male" if int(text[16]) % 2 else "female")


def _id_birth_date(value):
    parts = _id_parts(value)
    return parts[0] if parts else None


def _id_sex(value):
    parts = _id_parts(value)
    return parts[1] if parts else None


def _id_age(value, on=None):
    """Whole years of age on `on` (today by default)."""
    born = _id_birth_date(value)
    if born is None:
        return None
    return _years_between(born, to_date(on) if on not in (None, "") else dt.date.today())


_TABLE = (LIST,)
SIGNATURES = {
    s.name: s
    for s in [
        Signature("len", ((TEXT, LIST),), NUMBER, "文字的字数或列表的项数；缺失值为 0"),
        Signature("count", (_TABLE,), NUMBER, "表格的行数或多选的项数；缺失值为 0"),
        Signature("sum_of", (_TABLE, (TEXT,)), NUMBER, "表格某一列的合计，如 sum_of(household, 'income')"),
        Signature("min", ((NUMBER, DATE, LIST),), ANY, "最小值：min(a, b, ...) 或 min(列表)", variadic=True),
        Signature("max", ((NUMBER, DATE, LIST),), ANY, "最大值：max(a, b, ...) 或 max(列表)", variadic=True),
        Signature("abs", ((NUMBER,),), NUMBER, "绝对值"),
        Signature("round", ((NUMBER,), (NUMBER,)), NUMBER, "四舍五入到给定小数位（默认 0）", required=1),
        Signature(
            "money", ((NUMBER, TEXT), (NUMBER,)), NUMBER, "金额：保留 2 位（或给定位数）小数", required=1
        ),
        Signature("int", ((NUMBER, TEXT),), NUMBER, "取整数部分"),
        Signature("decimal", ((NUMBER, TEXT),), NUMBER, "把数字或数字文字变为精确小数"),
        Signature("str", ((NUMBER, TEXT, DATE, BOOL),), TEXT, "变为文字（日期为 2024-01-31 形式）"),
        Signature("date", ((DATE, TEXT),), DATE, "把 2024-01-31 形式的文字变为日期"),
        Signature("today", (), DATE, "今天的日期"),
        Signature("days_between", ((DATE, TEXT), (DATE, TEXT)), NUMBER, "两个日期之间的天数（后减前）"),
        Signature("months_between", ((DATE, TEXT), (DATE, TEXT)), NUMBER, "两个日期之间的整月数（不小于 0）"),
        Signature("years_between", ((DATE, TEXT), (DATE, TEXT)), NUMBER, "两个日期之间的整年数（如年龄）"),
        Signature("empty", ((ANY,),), BOOL, "缺失、空文字或空列表时为真"),
        Signature("id_birth_date", ((TEXT,),), DATE, "身份证号中的出生日期（号码无效时为缺失）"),
        Signature("id_sex", ((TEXT,),), TEXT, "身份证号中的性别：'male' 或 'female'（号码无效时为缺失）"),
        Signature(
            "id_age",
            ((TEXT,), (DATE, TEXT)),
            NUMBER,
            "按身份证号算出的周岁（默认到今天，或到给定日期）",
            required=1,
        ),
    ]
}

FUNCTIONS = {
    "len": _len,
    "count": _count,
    "sum_of": _sum_of,
    "min": _extreme(min),
    "max": _extreme(max),
    "abs": _abs,
    "round": _round,
    "money": _round_money,
    "int": _int,
    "decimal": to_decimal,
    "str": _str,
    "date": to_date,
    "today": _today,
    "days_between": _days_between,
    "months_between": _months_between,
    "years_between": _years_between,
    "empty": _empty,
    "id_birth_date": _id_birth_date,
    "id_sex": _id_sex,
    "id_age": _id_age,
}
assert set(FUNCTIONS) == set(SIGNATURES)


def call(name: str, args: list):
    """Run a function after checking its arity (the grammar check refuses a
    wrong arity in a definition; this holds for text that skipped it)."""
    signature = SIGNATURES[name]
    if len(args) < signature.least or (len(args) > len(signature.params) and not signature.variadic):
        raise ExpressionError(f"{signature.usage()} 的参数个数不对（给了 {len(args)} 个）")
    if len(args) > MAX_ITEMS:
        raise LimitExceeded("参数过多")
    return size_check(FUNCTIONS[name](*args))
