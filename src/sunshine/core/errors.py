"""Errors every domain raises: one shape for users, the web and the API.

A broken legal or business rule raises :class:`RuleViolation` with a stable ``code``, a message the
user can act on, and the citation of the rule (STYLE.md 6). The API turns it into HTTP 422
``{"error": {"code", "message", "citation"}}``; the web shows the message and the citation.
"""

from __future__ import annotations

from django.utils.encoding import force_str


class RuleViolation(Exception):
    """A legal or business rule blocks the action."""

    def __init__(self, code: str, message, citation="", *, field: str | None = None):
        super().__init__(force_str(message))
        self.code = code
        self.message = message
        self.citation = citation
        self.field = field

    def as_dict(self) -> dict:
        data = {"code": self.code, "message": force_str(self.message), "citation": force_str(self.citation)}
        if self.field:
            data["field"] = self.field
        return data

    def __str__(self) -> str:
        text = force_str(self.message)
        citation = force_str(self.citation)
        return f"{text}（{citation}）" if citation else text


class PermissionDeniedError(Exception):
    """The acting user may not do this (HTTP 403). Services raise it; views translate it."""

    def __init__(self, message="", code: str = "permission_denied"):
        super().__init__(force_str(message))
        self.message = message
        self.code = code
