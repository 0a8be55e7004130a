import pytest
import yaml
from django.conf import settings

from engine.definitions.bundle import read_folder
from engine.demo.org import demo_units_create
from engine.models import User
from engine.runtime.reference import calendar_store
from engine.runtime.versions import version_store


@pytest.fixture
def units(db):
    """The union hierarchy of the source page (units only: no demo logins)."""
    return demo_units_create()


@pytest.fixture
def publish(db):
    def publish(key: str):
        calendar_store(yaml.safe_load((settings.WORKFLOWS_DIR / "reference" / "calendar.yaml").read_text()))
        version, _ = version_store(files=read_folder(settings.WORKFLOWS_DIR / key), origin=key)
        return version

    return publish


@pytest.fixture
def new_applicant(db):
    """An applicant as self sign-up makes one: a mobile number, a name, no union yet."""

    def make(mobile="13912345678", *, home_unit=None, name="刘新"):
        return User.objects.create_user(
            username=mobile, password="Pw-123456", display_name=name, mobile=mobile, home_unit=home_unit
        )

    return make


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
