"""Per-unit figures for staff, drawn as server-rendered inline SVG."""
