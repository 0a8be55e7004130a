#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine with Python 3.11:
#   scripts/setup.sh run    set up, then serve on http://127.0.0.1:8000
#   scripts/setup.sh test   set up, then run the whole test suite
# Idempotent: each step checks before it acts, so a second run (of either
# command, after the other) only migrates, reloads and starts.
set -euo pipefail

cd "$(dirname "$0")/.."

MODE="${1:-run}"
case "$MODE" in
run | test) ;;
*)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

VENV=.venv
PY="$VENV/bin/python"
# WeasyPrint's system libraries; harfbuzz-subset keeps CJK PDFs fast.
APT_RUN=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
# Tests also read PDFs (pdffonts) and drive Debian's chromium via Playwright;
# a small CJK font lets the browser screenshots show Chinese instead of boxes.
APT_TEST=(poppler-utils chromium fonts-wqy-microhei)

say() { printf '\n== %s ==\n' "$*"; }

missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
    done
}

apt_install() {
    # Installs only what is missing; as non-root, stops with the exact command.
    local missing
    mapfile -t missing < <(missing_packages "$@")
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "Missing system packages. Run this as root, then run me again:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    say "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

check_python() {
    if ! command -v python3.11 >/dev/null 2>&1; then
        echo "Python 3.11 is required (Debian 12 ships it). Install it with:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y python3.11 python3.11-venv" >&2
        exit 1
    fi
}

make_venv() {
    [ -x "$PY" ] && return 0
    # Debian splits venv/ensurepip out of python3.11.
    python3.11 -c 'import ensurepip, venv' 2>/dev/null || apt_install python3.11-venv
    say "Creating $VENV with python3.11"
    if ! python3.11 -m venv "$VENV"; then
        rm -rf "$VENV" # a half-made venv would be taken for a good one next time
        echo "python3.11 could not create $VENV (see above)." >&2
        exit 1
    fi
}

install_requirements() {
    # Reinstall only when requirements.txt changed since the last install.
    local want have stamp="$VENV/.requirements.sha256"
    want="$(sha256sum requirements.txt | cut -d' ' -f1)"
    have="$(cat "$stamp" 2>/dev/null || true)"
    if [ "$want" != "$have" ]; then
        say "Installing Python packages (requirements.txt)"
        "$PY" -m pip install -q --upgrade pip
        "$PY" -m pip install -q -r requirements.txt
        echo "$want" >"$stamp"
    fi
}

prepare_database() {
    mkdir -p var/static # WhiteNoise warns at start-up when STATIC_ROOT is missing
    say "Migrating the database"
    "$PY" manage.py migrate --noinput
    say "Loading workflow definitions"
    "$PY" manage.py workflows load
    say "Loading demo data"
    "$PY" manage.py demo
}

check_python
apt_install "${APT_RUN[@]}"
if [ "$MODE" = test ]; then apt_install "${APT_TEST[@]}"; fi
make_venv
install_requirements
prepare_database

if [ "$MODE" = run ]; then
    # The background worker renders documents after each decision and sends
    # reminders and escalations (every 30 s) when no Celery is configured;
    # it is safe beside Celery too. It stops when the server stops.
    say "Starting the background worker (documents, reminders, escalations)"
    "$PY" manage.py worker &
    WORKER_PID=$!
    trap 'kill "$WORKER_PID" 2>/dev/null || true; wait "$WORKER_PID" 2>/dev/null || true' EXIT
    trap 'exit 130' INT TERM
    say "Serving on http://127.0.0.1:8000 (Ctrl-C stops both)"
    "$PY" manage.py runserver 127.0.0.1:8000
    exit $?
fi
say "Running the test suite"
exec "$VENV/bin/pytest"
