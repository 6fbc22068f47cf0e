"""The REST API's shared parts: one exception handler and the pagination.

Error bodies always have the shape ``{"error": {"code": ..., "message": ..., ...}}``:
- a broken rule → 422 with ``citation``;
- permission → 403; not authenticated → 401;
- malformed input → 400 with ``fields`` (field name → list of messages);
- an unknown object, or one the caller may not see → 404 (the same answer for both).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .errors import PermissionDeniedError, RuleViolation


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [force_str(item) if not isinstance(item, dict | list) else _flatten(item) for item in detail]
    return [force_str(detail)]


def error_response(code: str, message, http_status: int, **extra) -> Response:
    body = {"code": code, "message": force_str(message)}
    body.update(extra)
    return Response({"error": body}, status=http_status)


def _audit_denial(context, code: str) -> None:
    """Every API permission denial is audited, like the web's 403 page (GB/T 22239-2019 8.1.4.3 a))."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from sunshine.audit.services import audit_append

        audit_append(
            actor=user,
            action="security.permission_denied",
            payload={"path": request.path, "method": request.method, "api": True, "code": code},
        )


def exception_handler(exc, context):
    if isinstance(exc, RuleViolation):
        return Response({"error": exc.as_dict()}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    if isinstance(exc, PermissionDeniedError | DjangoPermissionDenied):
        message = force_str(getattr(exc, "message", "")) or _("You do not have permission to do this.")
        _audit_denial(context, "permission_denied")
        return error_response("permission_denied", message, status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return error_response("not_found", _("Not found."), status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return error_response(
            "invalid", _("The input is not valid."), status.HTTP_400_BAD_REQUEST, fields=_flatten(fields)
        )
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return error_response(
            "invalid", _("The input is not valid."), status.HTTP_400_BAD_REQUEST, fields=_flatten(detail)
        )
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = error_response("not_authenticated", exc.detail, status.HTTP_401_UNAUTHORIZED)
        response["WWW-Authenticate"] = 'Token realm="api"'
        return response
    if isinstance(exc, exceptions.PermissionDenied):
        _audit_denial(context, "permission_denied")
        return error_response("permission_denied", exc.detail, status.HTTP_403_FORBIDDEN)
    if isinstance(exc, exceptions.APIException):
        return error_response(exc.default_code, exc.detail, exc.status_code)
    return None
