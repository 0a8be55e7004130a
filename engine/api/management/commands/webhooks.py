"""`manage.py webhooks deliver`: send the webhook deliveries that are due
(cron, or a setup without Celery and without `manage.py worker`)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "发送到期的事件推送 / send webhook deliveries that are due"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["deliver"])

    def handle(self, *args, action, **options):
        from engine.api.webhooks import deliver_due

        counts = deliver_due()
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
