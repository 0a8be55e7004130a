from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from .problems import not_found_view
from .views import applicant, auth, cases, partner, signup, staff

app_name = "api"

# <id:...> is the site's bounded id converter (config.converters).

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("auth/signup/code", signup.SignupCode.as_view(), name="signup-code"),
    path("auth/signup", signup.Signup.as_view(), name="signup"),
    path("auth/token", auth.TokenView.as_view(), name="token"),
    path("auth/refresh", auth.RefreshView.as_view(), name="refresh"),
    path("auth/logout", auth.LogoutView.as_view(), name="logout"),
    path("auth/personal-tokens", auth.PersonalTokenView.as_view(), name="personal-tokens"),
    path("services", applicant.ServiceList.as_view(), name="services"),
    path("services/<slug:key>", applicant.ServiceDetail.as_view(), name="service"),
    path("drafts", applicant.DraftList.as_view(), name="drafts"),
    path("drafts/<id:pk>", applicant.DraftDetail.as_view(), name="draft"),
    path("drafts/<id:pk>/pages/<slug:page_id>", applicant.DraftPage.as_view(), name="draft-page"),
    path("drafts/<id:pk>/submit", applicant.DraftSubmit.as_view(), name="draft-submit"),
    path("cases", applicant.MyCases.as_view(), name="my-cases"),
    path("cases/<id:pk>", cases.CaseDetail.as_view(), name="case"),
    path("documents/<id:pk>/download", applicant.DocumentDownload.as_view(), name="document-download"),
    path("notifications", applicant.Notifications.as_view(), name="notifications"),
    path("notifications/<id:pk>/read", applicant.NotificationRead.as_view(), name="notification-read"),
    path("inbox", staff.Inbox.as_view(), name="inbox"),
    path("tasks/<id:pk>/claim", staff.TaskClaim.as_view(), name="task-claim"),
    path("tasks/<id:pk>/unclaim", staff.TaskUnclaim.as_view(), name="task-unclaim"),
    path("tasks/<id:pk>/reassign", staff.TaskReassign.as_view(), name="task-reassign"),
    path("tasks/<id:pk>/complete", staff.TaskComplete.as_view(), name="task-complete"),
    path("tasks/<id:pk>/vote", staff.TaskVote.as_view(), name="task-vote"),
    path("partner/cases", partner.PartnerCaseStart.as_view(), name="partner-cases"),
    path("partner/cases/<str:number>", partner.PartnerCaseStatus.as_view(), name="partner-case"),
    path("partner/webhooks", partner.WebhookList.as_view(), name="webhooks"),
    path("partner/webhooks/<id:pk>", partner.WebhookDetail.as_view(), name="webhook"),
    path(
        "partner/webhooks/<id:pk>/deliveries", partner.WebhookDeliveries.as_view(), name="webhook-deliveries"
    ),
    # Anything else under /api/v1/: a problem document, not the site's HTML 404.
    re_path(r"^", not_found_view),
]
