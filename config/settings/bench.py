"""Settings for `python manage.py bench`: the test settings plus the
benchmarks app (home of the hand-written Flow class). Benchmarks create
their own throw-away database (test_<NAME>), never the development one."""

import os
import tempfile
from pathlib import Path

from .test import *  # noqa: F401,F403
from .test import DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks"]
DEBUG = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not Django's in-memory test database: that is what runs in use.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"unionflow-bench-{os.getpid()}.sqlite3")
    }
