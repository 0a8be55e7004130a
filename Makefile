# The two commands of the README. Both set everything up first (idempotent).
.PHONY: run test lint format

run:
	bash scripts/setup.sh run

test:
	bash scripts/setup.sh test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
