"""Every function of the language is documented with its signature, and the
validator's arity check agrees with the evaluator's."""

from pathlib import Path

import pytest

from engine.expressions import SIGNATURES, ExpressionError, check

DOCS = Path(__file__).resolve().parents[2] / "docs" / "definitions.md"


def test_every_function_is_in_the_docs_table():
    text = DOCS.read_text(encoding="utf-8")
    table = text[text.index("| Signature | What it gives |") :]
    for name in SIGNATURES:
        assert f"| `{name}(" in table, name


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_too_many_arguments_are_refused_at_validation_and_at_run_time(name):
    signature = SIGNATURES[name]
    if signature.variadic:
        return
    text = f"{name}({', '.join(['1'] * (len(signature.params) + 1))})"
    with pytest.raises(ExpressionError, match="参数个数"):
        check(text)
    with pytest.raises(ExpressionError, match="参数个数"):
        _run_unchecked(text)


def _run_unchecked(text):
    """Run text that skipped validation (as stored data could): the
    evaluator refuses a wrong arity by itself."""
    import ast

    from engine.expressions import evaluator

    evaluator.run(ast.parse(text, mode="eval"), {})
