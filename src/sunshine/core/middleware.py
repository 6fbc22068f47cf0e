"""Middleware of the shared kernel."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
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


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese (zh-hans) unless the user has chosen another language with the language switch.

    The bureau's working language is Chinese, so the browser's Accept-Language header is not
    consulted (Django's LocaleMiddleware would show English to every browser set to English);
    the choice made with the switch is kept in the language cookie.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
