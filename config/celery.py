"""The Celery app. Background work runs here only when CELERY_BROKER_URL is set;
without it `manage.py worker` does the same work (see engine.worker)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("unionflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
