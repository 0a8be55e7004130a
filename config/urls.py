from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from engine.portal.language import set_language
from engine.portal.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    # Before Django's own: the switch also records a signed-in user's language.
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("studio/people/", include("engine.people.urls")),
    path("studio/api/", include("engine.api.admin_urls")),
    path("studio/", include("engine.studio.urls")),
    path("", include("engine.documents.urls")),
    path("", include("forms.urls")),
    path("inbox/", include("engine.inbox.urls")),
    path("cases/", include("engine.casefile.urls")),
    path("portal/", include("engine.portal.urls")),
    path("dashboard/", include("engine.dashboard.urls")),
    path("api/v1/", include("engine.api.urls")),
]
