"""A plain-text table that stays aligned with Chinese text in a terminal."""

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(size - width(text), 0)


def table(header: tuple[str, ...], rows: list[tuple[str, ...]], indent: str = "  ") -> str:
    sizes = [max(width(cell) for cell in column) for column in zip(header, *rows, strict=False)]
    lines = [
        indent + "  ".join(pad(cell, size) for cell, size in zip(row, sizes, strict=True))
        for row in [header, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)
