"""The site's language switch: Django's own set_language (cookie), which
also records a signed-in user's choice in `User.language`, the language
their notification emails are written in (there is no profile page)."""

from django.conf import settings
from django.views.i18n import set_language as django_set_language

from engine.models import User


def set_language(request):
    response = django_set_language(request)
    language = request.POST.get("language") if request.method == "POST" else None
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
    return response
