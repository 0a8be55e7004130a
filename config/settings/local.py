"""Developer machine: DEBUG on, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
DEMO_ALLOWED = True
# Trying webhooks against a receiver on this machine.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", True)
