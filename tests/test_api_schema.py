"""The OpenAPI schema: generated without warnings, valid, and covering every API endpoint."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def _api_paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_paths(entry, pattern)
        elif isinstance(entry, URLPattern) and pattern.startswith("api/v1/"):
            yield "/" + pattern


def _shape(path: str) -> str:
    """The path with every parameter blanked: the schema may name ``<pk>`` as ``{id}``."""
    path = re.sub(r"<(?:\w+:)?\w+>", "{}", path.replace("^", "").replace("$", ""))
    return re.sub(r"\{\w+\}", "{}", path)


def test_schema_generates_without_warnings_and_validates():
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out, stderr=err
    )
    assert "Warning" not in err.getvalue()
    assert '"openapi"' in out.getvalue()


def test_every_api_endpoint_is_in_the_schema(client):
    schema_paths = {_shape(path) for path in client.get("/api/schema/?format=json").json()["paths"]}
    missing = sorted(
        path for path in map(_shape, _api_paths()) if path not in schema_paths and "(?P" not in path
    )
    assert missing == []
