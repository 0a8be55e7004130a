"""Chart geometry for inline SVG (no JavaScript, no CDN): the template draws
rectangles at the positions computed here."""

from __future__ import annotations

LABEL_WIDTH = 200
BAR_HEIGHT = 22
GAP = 6


def bar_chart(pairs, *, width: int = 640) -> dict:
    """Horizontal bars for (label, value) pairs."""
    pairs = list(pairs)
    top = max((value for _label, value in pairs), default=0) or 1
    span = width - LABEL_WIDTH - 60
    bars = [
        {
            "label": label,
            "value": value,
            "y": index * (BAR_HEIGHT + GAP),
            "w": max(1, round(span * value / top)) if value else 0,
            "text_y": index * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7,
        }
        for index, (label, value) in enumerate(pairs)
    ]
    return {
        "bars": bars,
        "width": width,
        "height": max(1, len(bars)) * (BAR_HEIGHT + GAP),
        "x0": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def column_chart(pairs, *, width: int = 640, height: int = 180) -> dict:
    """Vertical columns (e.g. one per week) with labels underneath."""
    pairs = list(pairs)
    top = max((value for _label, value in pairs), default=0) or 1
    plot = height - 40
    step = width / max(1, len(pairs))
    columns = []
    for index, (label, value) in enumerate(pairs):
        h = round(plot * value / top) if value else 0
        columns.append(
            {
                "label": label,
                "value": value,
                "x": round(index * step + step * 0.15, 1),
                "w": round(step * 0.7, 1),
                "y": 20 + plot - h,
                "h": h,
                "cx": round(index * step + step / 2, 1),
            }
        )
    return {"columns": columns, "width": width, "height": height, "base": 20 + plot}
