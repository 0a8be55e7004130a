import pytest
from django.core.cache import cache

from accounts import sms


@pytest.fixture(autouse=True)
def clean_outbox_and_throttles():
    sms.outbox.clear()
    cache.clear()
    yield
    sms.outbox.clear()
    cache.clear()


def last_code(mobile: str) -> str:
    import re

    message = [m for m in sms.outbox if m.to == mobile][-1]
    return re.search(r"\d{6}", message.text).group(0)
