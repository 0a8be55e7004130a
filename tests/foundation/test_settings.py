"""Settings per environment, checked in fresh interpreters so each test sees
exactly the environment variables it sets."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# Variables of the outer run that would leak into the child's settings.
LEAKY = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "EXPECT_POSTGRES",
    "SITE_URL",
)


def run(code_or_args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in LEAKY}
    clean.update(env)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DEMO_ALLOWED, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])"
)
PRODUCTION = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}


def strong_key():
    return secrets.token_urlsafe(64)


def test_production_refuses_to_start_without_secret_key():
    result = run(PRINT_SETTINGS, **PRODUCTION, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(PRINT_SETTINGS, **PRODUCTION, SECRET_KEY=strong_key())
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_forces_debug_off_and_demo_off():
    result = run(
        PRINT_SETTINGS, **PRODUCTION, SECRET_KEY=strong_key(), ALLOWED_HOSTS="a.org,b.org", DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["False", "False"]
    assert "['a.org', 'b.org']" in result.stdout


def test_check_deploy_passes_under_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECRET_KEY=strong_key(),
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_fails_while_site_url_is_left_at_its_default():
    """The documents' QR codes point at SITE_URL: under production settings
    every command that runs the checks fails until it is set."""
    for command in (["manage.py", "check"], ["manage.py", "check", "--deploy"]):
        result = run(command, **PRODUCTION, SECRET_KEY=strong_key(), ALLOWED_HOSTS="example.org")
        assert result.returncode != 0, command
        assert "unionflow.E001" in result.stderr + result.stdout
    local = run(
        ["manage.py", "check", "--deploy"],
        **PRODUCTION,
        SECRET_KEY=strong_key(),
        ALLOWED_HOSTS="example.org",
        SITE_URL="http://localhost:8000/",
    )
    assert local.returncode != 0 and "unionflow.E001" in local.stderr + local.stdout


def test_a_plain_http_site_url_is_a_deploy_warning():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECRET_KEY=strong_key(),
        ALLOWED_HOSTS="example.org",
        SITE_URL="http://example.org",
    )
    assert result.returncode != 0 and "unionflow.W001" in result.stderr + result.stdout


def test_development_settings_run_without_a_site_url():
    result = run(["manage.py", "check"], DJANGO_SETTINGS_MODULE="config.settings.local")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_catches_a_weak_secret_key():
    # The check is real: a short key is reported, so the pass above means something.
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        SECRET_KEY="too-short",
        ALLOWED_HOSTS="example.org",
        SITE_URL="https://example.org",
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_sqlite_by_default_and_database_url_switches_to_postgresql():
    default = run(PRINT_SETTINGS, DJANGO_SETTINGS_MODULE="config.settings.local")
    assert default.returncode == 0, default.stderr
    assert default.stdout.split()[-1] == "django.db.backends.sqlite3"
    switched = run(
        PRINT_SETTINGS,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL="postgres://someone:secret@db.example:5432/unionflow",
    )
    assert switched.returncode == 0, switched.stderr
    assert switched.stdout.split()[-1] == "django.db.backends.postgresql"


def test_local_settings_allow_debug_and_demo():
    result = run(PRINT_SETTINGS, DJANGO_SETTINGS_MODULE="config.settings.local")
    assert result.stdout.split()[:2] == ["True", "True"]


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert settings.USE_I18N is True


def test_test_settings_are_fast():
    # Real password hashing would make every login in the suite take ~0.3 s.
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
    assert settings.CELERY_BROKER_URL == ""


def test_production_refuses_allowed_hosts_that_name_no_host():
    result = run(PRINT_SETTINGS, **PRODUCTION, SECRET_KEY=strong_key(), ALLOWED_HOSTS=" , ")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr
