"""A problem found in a process folder, reported as `path:line:column: message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = "error"  # "warning": shown, but never makes a process invalid

    def __str__(self) -> str:
        warning = "警告：" if self.severity == "warning" else ""
        text = f"{self.path}:{self.line}:{self.column}: {warning}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def did_you_mean(word, choices, *, label: str = "可用的") -> str:
    """A hint naming the closest choice first, then the choices themselves."""
    choices = sorted({str(c) for c in choices})
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    listed = ", ".join(choices[:20]) + (" ..." if len(choices) > 20 else "")
    hint = f"{label}：{listed}" if choices else ""
    if close:
        return f"是否应为 '{close[0]}'？" + (f"{hint}" and f" {hint}")
    return hint
