"""Open311 GeoReport v2 URLs (``/open311/v2/``)."""

from django.urls import re_path

from . import open311

app_name = "open311"
F = r"\.(?P<fmt>[a-z]+)$"

urlpatterns = [
    re_path(r"^discovery" + F, open311.discovery, name="discovery"),
    re_path(r"^services" + F, open311.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/]+?)" + F, open311.service_definition, name="service"),
    re_path(r"^requests" + F, open311.request_list, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + F, open311.request_detail, name="request"),
    re_path(r"^tokens/(?P<token_id>[^/]+?)" + F, open311.token, name="token"),
    re_path(r"^(?P<rest>.*)$", open311.not_found, name="not_found"),
]
