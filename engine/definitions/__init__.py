"""The definition layer: read a process folder, validate it, normalise it.
Pure: no Django models, testable without a database.

    files = read_folder("workflows/x")
    bundle, problems = load_bundle(files, "workflows/x")
"""

from .bundle import Bundle, load_bundle, read_folder
from .durations import Duration, parse_duration
from .problems import Problem

__all__ = ["Bundle", "Duration", "Problem", "load_bundle", "parse_duration", "read_folder"]
