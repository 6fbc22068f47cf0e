"""Middleware of the shared kernel."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

STAFF_PREFIXES = ("/work/", "/admin/", "/api/", "/accounts/")


class StaffNoStoreMiddleware:
    """Staff pages and API answers are never stored by browsers or proxies (GB/T 22239 residual info)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(STAFF_PREFIXES):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
