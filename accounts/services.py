"""Account writes (the code services are in accounts.codes)."""

from django.db import IntegrityError, transaction

from engine.models import User


@transaction.atomic
def applicant_signup(*, mobile: str, display_name: str, password: str) -> User:
    """Applicants get no role and no staff flag: staff accounts are made by
    administrators, never through this form. A number registered meanwhile
    raises IntegrityError."""
    if User.objects.filter(username=mobile).exists() or User.objects.filter(mobile=mobile).exists():
        raise IntegrityError("mobile already registered")
    return User.objects.create_user(
        username=mobile, mobile=mobile, display_name=display_name, password=password
    )
