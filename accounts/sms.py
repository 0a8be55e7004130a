"""Sending text messages through a pluggable backend, the way Django sends
mail: settings.SMS_BACKEND names a class (dotted path) with one method,
`send_messages(messages) -> int`. Shipped backends:

- ConsoleBackend (the default): writes each message to the log and to
  stdout, so a developer reads the code in the runserver console;
- LocmemBackend: keeps messages in `accounts.sms.outbox` (tests);
- DummyBackend: drops them.

A real provider (阿里云短信, 腾讯云短信 ...) is one small class; see
docs/accounts.md for the interface and an example."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("accounts.sms")

# LocmemBackend's messages, newest last (cleared by the tests).
outbox: list[SmsMessage] = []


@dataclass(frozen=True)
class SmsMessage:
    to: str  # an 11-digit mainland mobile number
    text: str  # the whole message, already worded
    # What the message carries, for backends that send through a provider's
    # approved template (template id + parameters) instead of free text.
    purpose: str = ""
    params: dict | None = None


class BaseBackend:
    """Subclass and implement send_messages. Raise nothing for a message a
    provider refused: log it and leave it out of the count."""

    def __init__(self, fail_silently: bool = False, **options):
        self.fail_silently = fail_silently
        self.options = options

    def send_messages(self, messages: list[SmsMessage]) -> int:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send_messages(self, messages):
        for message in messages:
            line = f"[SMS to {message.to}] {message.text}"
            logger.warning(line)
            print(line, file=sys.stdout, flush=True)
        return len(messages)


class LocmemBackend(BaseBackend):
    def send_messages(self, messages):
        outbox.extend(messages)
        return len(messages)


class DummyBackend(BaseBackend):
    def send_messages(self, messages):
        return len(messages)


def get_backend(**options) -> BaseBackend:
    path = getattr(settings, "SMS_BACKEND", "") or "accounts.sms.ConsoleBackend"
    return import_string(path)(**(getattr(settings, "SMS_BACKEND_OPTIONS", None) or {}), **options)


def send_sms(to: str, text: str, *, purpose: str = "", params: dict | None = None) -> int:
    return get_backend().send_messages([SmsMessage(to=to, text=text, purpose=purpose, params=params)])
