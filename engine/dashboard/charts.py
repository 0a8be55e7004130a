"""Chart geometry for inline SVG (no JavaScript, no CDN): the template draws
rectangles at the positions computed here."""

from __future__ import annotations

LABEL_WIDTH = 220
BAR_HEIGHT = 22
GAP = 6
FONT_SIZE = 13  # svg.chart's font-size, in viewBox units


def _text_width(label: str) -> float:
    """Rough advance of `label` at FONT_SIZE: Chinese characters are square,
    Latin letters about half as wide."""
    return sum(FONT_SIZE if ord(ch) >= 0x2E80 else FONT_SIZE * 0.55 for ch in label)


def _label_column(labels, width: int, widest: int) -> tuple[int, list[str]]:
    """The x where bars start and each label cut to fit before it: as wide
    as the longest label needs, at most `widest`; a label that still does
    not fit ends in … (the bar's tooltip keeps it whole)."""
    labels = [str(label) for label in labels]
    need = max((_text_width(label) for label in labels), default=0) + 14
    x0 = int(min(max(need, 80), widest))
    room = x0 - 14
    shown = []
    for label in labels:
        if _text_width(label) > room:
            while label and _text_width(label + "…") > room:
                label = label[:-1]
            label += "…"
        shown.append(label)
    return x0, shown


def bar_chart(pairs, *, width: int = 640) -> dict:
    """Horizontal bars for (label, value) pairs."""
    pairs = list(pairs)
    x0, shown = _label_column((label for label, _value in pairs), width, LABEL_WIDTH)
    top = max((value for _label, value in pairs), default=0) or 1
    span = width - x0 - 60
    bars = [
        {
            "label": label,
            "short": short,
            "value": value,
            "y": index * (BAR_HEIGHT + GAP),
            "w": max(1, round(span * value / top)) if value else 0,
            "text_y": round(index * (BAR_HEIGHT + GAP) + BAR_HEIGHT * 0.7, 1),
        }
        for index, ((label, value), short) in enumerate(zip(pairs, shown, strict=True))
    ]
    return {
        "bars": bars,
        "width": width,
        "height": max(1, len(bars)) * (BAR_HEIGHT + GAP),
        "x0": x0,
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


RATIO_LABEL_WIDTH = 220  # at most; narrower when the labels are short
RATIO_TEXT_WIDTH = 130
TARGET_HEAD = 20


def _x(x0: int, value: float, span: float, top: float) -> float:
    return round(x0 + span * value / top, 1)


def ratio_chart(groups, targets, *, width: int = 640) -> dict:
    """Horizontal bars of count / denominator per group, scaled so 100% (or
    the highest ratio above it) fills the plot, with a dashed line at each
    target. A target limited to some groups is drawn across their bars only."""
    groups = list(groups)
    x0, shown = _label_column((g["label"] for g in groups), width, RATIO_LABEL_WIDTH)
    top = max([1.0, *(g["ratio"] or 0 for g in groups)])
    span = width - x0 - RATIO_TEXT_WIDTH
    height = TARGET_HEAD + max(1, len(groups)) * (BAR_HEIGHT + GAP)
    bars = []
    for index, (group, short) in enumerate(zip(groups, shown, strict=True)):
        y = TARGET_HEAD + index * (BAR_HEIGHT + GAP)
        ratio = group["ratio"] or 0
        bars.append(
            dict(
                group,
                short=short,
                y=y,
                w=round(span * ratio / top, 1),
                text_y=round(y + BAR_HEIGHT * 0.7, 1),
                percent=percent(group["ratio"]),
            )
        )
    lines = []
    for target in targets:
        x = _x(x0, target["value"], span, top)
        rows = [b for b in bars if not target["groups"] or b["code"] in target["groups"]]
        if not rows:
            continue
        y1 = TARGET_HEAD - 4 if not target["groups"] else rows[0]["y"] - 2
        lines.append(
            dict(
                target,
                x=x,
                y1=y1,
                y2=rows[-1]["y"] + BAR_HEIGHT + 2,
                label_y=max(12, y1 - 3),
                percent=percent(target["value"]),
            )
        )
    return {
        "bars": bars,
        "lines": lines,
        "width": width,
        "height": height,
        "x0": x0,
        "span": span,
        "text_x": width - RATIO_TEXT_WIDTH + 8,
        "bar_height": BAR_HEIGHT,
    }


def progress_chart(value, targets, *, width: int = 640) -> dict:
    """One bar for a count or a sum against its targets."""
    value = float(value or 0)
    top = max([value, *(t["value"] for t in targets)]) * 1.1 or 1
    span = width - 20
    lines = [dict(t, x=round(10 + span * t["value"] / top, 1)) for t in targets]
    return {"width": width, "height": 56, "w": round(span * value / top, 1), "lines": lines}


def percent(ratio) -> str:
    if ratio is None:
        return "—"
    text = f"{ratio * 100:.1f}".removesuffix(".0")
    return f"{text}%"


def figure_chart(figure: dict) -> dict | None:
    """The chart a declared figure is drawn with: bars against targets for a
    ratio, bars per group for a grouped count or sum, a bar against targets
    for a count or sum that has targets; None for a plain figure card."""
    if figure["kind"] == "ratio":
        return ratio_chart(figure["groups"], figure["targets"])
    if figure["groups"]:
        key = "total" if figure["kind"] == "sum" else "count"
        return bar_chart((g["label"], g[key] or 0) for g in figure["groups"])
    if figure["targets"]:
        value = figure["total"] if figure["kind"] == "sum" else figure["count"]
        return progress_chart(value, figure["targets"])
    return None
