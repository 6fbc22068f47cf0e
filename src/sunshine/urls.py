"""The URL map. Fixed, because other systems and documents link to it:

- ``/`` public portal (no login)
- ``/work/`` staff workspace (login)
- ``/admin/`` configuration
- ``/api/v1/`` REST API; ``/api/schema/`` OpenAPI 3; ``/api/docs/`` browsable docs
- ``/open311/v2/`` GeoReport v2
"""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

api_v1 = [
    path("auth/", include("sunshine.accounts.api_urls")),
    path("audit/", include("sunshine.audit.api_urls")),
    path("org/", include("sunshine.org.api_urls")),
    path("calendar/", include("sunshine.workdays.api_urls")),
    path("catalog/", include("sunshine.catalog.api_urls")),
    path("parties/", include("sunshine.parties.api_urls")),
    path("", include("sunshine.cases.api_urls")),
    path("service/", include("sunshine.service.api_urls")),
    path("inspections/", include("sunshine.inspections.api_urls")),
    path("evidence/", include("sunshine.evidence.api_urls")),
    path("documents/", include("sunshine.documents.api_urls")),
    path("payments/", include("sunshine.payments.api_urls")),
    path("oversight/", include("sunshine.oversight.api_urls")),
    path("evaluation/", include("sunshine.evaluation.api_urls")),
    path("patrols/", include("sunshine.patrols.api_urls")),
    path("disclosure/", include("sunshine.disclosure.api_urls")),
    path("stats/", include("sunshine.stats.api_urls")),
    path("", include("sunshine.core.api_urls")),
]

urlpatterns = [
    path("", include("sunshine.core.urls")),
    path("service/", include("sunshine.service.portal_urls")),
    path("inspections/", include("sunshine.inspections.portal_urls")),
    path("verify/", include("sunshine.documents.portal_urls")),
    path("disclosure/", include("sunshine.disclosure.portal_urls")),
    path("stats/", include("sunshine.stats.portal_urls")),
    path("evaluate/", include("sunshine.evaluation.portal_urls")),
    path("work/audit/", include("sunshine.audit.urls")),
    path("work/security/", include("sunshine.accounts.security_urls")),
    path("work/org/", include("sunshine.org.urls")),
    path("work/calendar/", include("sunshine.workdays.urls")),
    path("work/catalog/", include("sunshine.catalog.urls")),
    path("work/parties/", include("sunshine.parties.urls")),
    path("work/cases/", include("sunshine.cases.urls")),
    path("work/service/", include("sunshine.service.urls")),
    path("work/inspections/", include("sunshine.inspections.urls")),
    path("work/evidence/", include("sunshine.evidence.urls")),
    path("work/documents/", include("sunshine.documents.urls")),
    path("work/payments/", include("sunshine.payments.urls")),
    path("work/oversight/", include("sunshine.oversight.urls")),
    path("work/evaluation/", include("sunshine.evaluation.urls")),
    path("work/patrols/", include("sunshine.patrols.urls")),
    path("work/disclosure/", include("sunshine.disclosure.urls")),
    path("work/stats/", include("sunshine.stats.urls")),
    path("accounts/", include("sunshine.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("open311/v2/", include("sunshine.service.open311_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "sunshine.core.views.permission_denied"
handler404 = "sunshine.core.views.page_not_found"
handler500 = "sunshine.core.views.server_error"
