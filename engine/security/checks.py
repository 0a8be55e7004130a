"""Deploy checks of the settings that security depends on.

SITE_URL is printed on every document (the verification QR code and link):
left at its default, every certificate a union hands out points at
127.0.0.1 and cannot be verified by anyone who receives it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
LOOPBACK = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}


def site_url_problems() -> list[checks.CheckMessage]:
    site_url = str(getattr(settings, "SITE_URL", "") or "")
    parts = urlsplit(site_url)
    if site_url.rstrip("/") == DEFAULT_SITE_URL or (parts.hostname or "") in LOOPBACK:
        return [
            checks.Error(
                f"SITE_URL is {site_url or 'empty'}: the QR codes and verification links on every "
                "document would point at this machine, not at the site",
                hint="set the SITE_URL environment variable to the public address, e.g. https://gh.example.org",
                id="unionflow.E001",
            )
        ]
    if parts.scheme != "https":
        return [
            checks.Warning(
                f"SITE_URL {site_url} is not https: verification links would be sent in clear",
                hint="use the https:// address the site is served on",
                id="unionflow.W001",
            )
        ]
    return []


def _production() -> bool:
    # config/settings/production.py is the settings module that forbids the demo.
    return getattr(settings, "DEMO_ALLOWED", True) is False


@checks.register(checks.Tags.security)
def check_site_url_in_production(app_configs=None, **kwargs):
    """Under production settings every command that runs checks (migrate,
    check, runserver) fails while SITE_URL is left at its default."""
    return site_url_problems() if _production() else []


@checks.register(checks.Tags.security, deploy=True)
def check_site_url_for_deploy(app_configs=None, **kwargs):
    """`manage.py check --deploy` says the same under any settings module
    (the production one already reported it above)."""
    return [] if _production() else site_url_problems()
