"""Benchmarks run by `python manage.py bench NAME` (see docs/benchmarks.md).

An installed app only under config.settings.bench, so that viewflow can
resolve the hand-written Flow class of the engine benchmark by its dotted
path ("benchmarks/handwritten.BenchHandwritten")."""
