from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("profile/", views.profile, name="profile"),
]
