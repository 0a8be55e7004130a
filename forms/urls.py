from django.urls import path

from . import views
from .wizard import REVIEW, ApplicantWizard

app_name = "forms"

wizard = ApplicantWizard.as_view()

urlpatterns = [
    path("apply/", views.ApplyIndexView.as_view(), name="apply_index"),
    path("apply/<slug:process_key>/", wizard, name="apply"),
    path("apply/<slug:process_key>/review/", wizard, {"step": REVIEW}, name="review"),
    path("apply/<slug:process_key>/discard/", views.DraftDiscardView.as_view(), name="discard"),
    path(
        "apply/<slug:process_key>/submitted/<id:draft_id>/", views.SubmittedView.as_view(), name="submitted"
    ),
    path("apply/<slug:process_key>/page/<slug:step>/", wizard, name="page"),
    path(
        "apply/<slug:process_key>/page/<slug:page_id>/visibility/",
        views.VisibilityView.as_view(),
        name="visibility",
    ),
    path("attachments/<id:pk>/", views.AttachmentView.as_view(), name="attachment"),
]
