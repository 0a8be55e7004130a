"""Fast, isolated settings for the test suite."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="unionflow-test-private-"))
MEDIA_ROOT = PRIVATE_STORAGE_ROOT
CELERY_BROKER_URL = ""
# Documents render in the test's process after commit: tests that look at a
# document run the on-commit callbacks (django_capture_on_commit_callbacks).
DOCUMENTS_RENDER_AFTER_COMMIT = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# collectstatic never runs for tests; an existing empty root keeps WhiteNoise quiet.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="unionflow-test-static-"))
SMS_BACKEND = "accounts.sms.LocmemBackend"
# The webhook tests run their receiver on 127.0.0.1.
WEBHOOK_ALLOW_PRIVATE_TARGETS = True
# The schema fuzz sends thousands of requests with one token.
from .base import REST_FRAMEWORK as BASE_REST_FRAMEWORK  # noqa: E402

REST_FRAMEWORK = {
    **BASE_REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"credential": "100000/min", "login": "1000/min"},
}
