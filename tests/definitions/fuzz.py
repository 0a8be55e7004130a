"""Mutations of process folders for the load_bundle fuzz test: YAML-level
(text) and structure-level (data) changes, including the hostile inputs of
issue 14 (alias bombs, tags, huge integers, deep nesting, integer keys, lone
surrogates, unsafe expressions and placeholders). Deterministic for a given
random.Random."""

from __future__ import annotations

import random

import yaml

from engine.definitions.bundle import DEFINITION_FILE, form_key_of

ALIAS_BOMB = "bomb0: &b0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"bomb{i}: &b{i} [{', '.join([f'*b{i - 1}'] * 9)}]\n" for i in range(1, 10)
)
HOSTILE_SCALARS = [
    "9" * 5000,
    "0x" + "f" * 5000,
    "0o" + "7" * 5000,
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!float x",
    "!!python/object/apply:os.system ['true']",
    "&anchor x",
    "*nowhere",
    '"\\ud800"',
    "x" * 30000,
    "[" * 200 + "]" * 200,
    "{a: " * 60 + "1" + "}" * 60,
    ".inf",
    "1e99999",
    "2024-13-45",
    "{0: x, 1: y}",
    "~",
    "''",
    "[]",
    "{}",
    "yes",
]
HOSTILE_EXPRESSIONS = [
    "referrals.clear()",
    "'%0999999999d' % 1",
    "name.ljust(10**9)",
    "name.zfill(10**9)",
    "(1).to_bytes(10**9, 'big')",
    "4000000**4000000 > 1",
    "[[1]*100000]*100000",
    "'a' * 10**9",
    "().__class__.__bases__[0].__subclasses__()",
    "f'{x:>999999999}'",
    "count(1, 2, 3)",
    "sum_of(household)",
    "len(1)",
    "__import__('os').system('true')",
    "(" * 300 + "1" + ")" * 300,
    "not " * 200 + "x",
    "x if y else",
    "[x for x in y for z in y for w in y]",
    "\x00",
]
HOSTILE_TEXTS = [
    "{name:>999999999}",
    "{name.__class__.__mro__}",
    "{0}",
    "{}",
    "{name",
    "name}",
    "{{x}}",
    "{x[0]}",
]
RANDOM_CHARS = [
    ":",
    "-",
    " ",
    "  ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "!!binary ",
    "#",
    '"',
    "'",
    "%",
    "|",
    ">",
    "?",
]


def _random_value(rng: random.Random, depth=0):
    choice = rng.randrange(12)
    if choice == 0:
        return rng.randint(-(10**6), 10**6)
    if choice == 1:
        return 10 ** rng.choice([20, 100, 4200])
    if choice == 2:
        return rng.choice(["", "x", "a b", "步骤", "has: colon"])
    if choice == 3:
        return None
    if choice == 4:
        return rng.choice([True, False])
    if choice == 5:
        return rng.random() * 1e6
    if choice == 6 and depth < 3:
        return [_random_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    if choice == 7 and depth < 3:
        return {rng.choice(["id", "type", "next", "x", 1, "when"]): _random_value(rng, depth + 1)}
    if choice == 8:
        value = "x"
        for _ in range(rng.choice([10, 40, 200])):
            value = [value]
        return value
    if choice == 9:
        return rng.choice(HOSTILE_EXPRESSIONS)
    if choice == 10:
        return rng.choice(HOSTILE_TEXTS)
    return {1: "x", 2: "y"}


def _nodes(data, path=()):
    """Every (path, value) in the tree."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nodes(value, (*path, index))


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _delete(data, path):
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


def _mutate_data(rng: random.Random, data):
    nodes = [(p, v) for p, v in _nodes(data) if p]
    if not nodes:
        return {"x": _random_value(rng)}
    path, value = rng.choice(nodes)
    kind = rng.randrange(8)
    if kind == 0:
        _set(data, path, _random_value(rng))
    elif kind == 1:
        _delete(data, path)
    elif kind == 2:  # an integer key where a name is expected (data:, set:, steps...)
        parent = rng.choice([v for p, v in _nodes(data) if isinstance(v, dict)] or [data])
        parent[rng.choice([1, 0, 2024, True])] = _random_value(rng)
    elif kind == 3 and isinstance(value, str):  # expressions and texts become hostile
        _set(data, path, rng.choice(HOSTILE_EXPRESSIONS + HOSTILE_TEXTS))
    elif kind == 4 and isinstance(value, list) and value:
        value.append(value[rng.randrange(len(value))])
    elif kind == 5 and isinstance(value, str):
        _set(data, path, value + rng.choice(["_x", "", " ", "{x}", "()"]))
    elif kind == 6:
        data["data"] = {
            rng.choice([1, "a", "b"]): rng.choice(HOSTILE_EXPRESSIONS),
            "b": "a + 1",
            "a": "b * 2",
        }
    else:
        _set(data, path, _random_value(rng))
    return data


def _mutate_text(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    kind = rng.randrange(9)
    index = rng.randrange(len(lines))
    if kind == 0:
        del lines[index]
    elif kind == 1:
        lines.insert(index, lines[rng.randrange(len(lines))])
    elif kind == 2:
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == 3:
        line = lines[index]
        at = rng.randrange(len(line) + 1)
        lines[index] = line[:at] + rng.choice(RANDOM_CHARS) + line[at:]
    elif kind == 4:
        lines[index] = " " * rng.randrange(1, 5) + lines[index]
    elif kind == 5 and ":" in lines[index]:
        head = lines[index].split(":", 1)[0]
        lines[index] = f"{head}: {rng.choice(HOSTILE_SCALARS)}"
    elif kind == 6:
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 7:
        return ALIAS_BOMB + text
    else:
        lines.insert(
            index, rng.choice(["\ud800", "\x00", "\ufeff", "key: \x85", "- - - -", "? a", "--- ", "..."])
        )
    return "\n".join(lines)


def mutants(folders: list[dict], rng: random.Random, count: int):
    """(label, files) for `count` mutated folders: one YAML file of a shipped
    folder changed, the others kept (so each case isolates one mutation)."""
    for number in range(count):
        files = dict(rng.choice(folders))
        yaml_files = [p for p in files if p == DEFINITION_FILE or form_key_of(p)]
        # definition.yaml carries most of the language: mutate it half the time
        relpath = DEFINITION_FILE if rng.random() < 0.5 else rng.choice(yaml_files)
        text = files[relpath]
        rounds = rng.choice([1, 1, 1, 2, 3])
        if rng.random() < 0.5:
            for _ in range(rounds):
                text = _mutate_text(rng, text)
            how = "text"
        else:
            data = yaml.safe_load(text)
            for _ in range(rounds):
                data = _mutate_data(rng, data)
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
            how = "data"
        files[relpath] = text
        yield f"#{number} {how} {relpath}", files
