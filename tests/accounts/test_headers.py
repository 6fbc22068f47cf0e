"""Security headers, cookies and the production settings (issue 2 section 3)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import login

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_csp_forbids_inline_script_and_style(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "img-src 'self' data:" in csp
    assert "frame-ancestors 'none'" in csp


def test_frame_options_and_nosniff(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_store_on_staff_pages_and_api(client, officer):
    login(client, officer.username)
    for url in ("/work/", "/api/v1/me/", "/accounts/login/"):
        assert client.get(url)["Cache-Control"].startswith("no-store"), url


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, officer):
    page = client.get("/accounts/login/")
    assert page.cookies["csrftoken"]["httponly"]
    response = login(client, officer.username)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_csrf_is_enforced_on_login(officer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": officer.username, "password": "x"})
    assert response.status_code == 403


def _production_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "DEBUG": "",
    }
    env.pop("SUNSHINE_TESTING", None)
    return env


def test_production_passes_check_deploy_with_zero_issues(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PROBE = """
import django, json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunshine.settings")
django.setup()
from django.conf import settings
from django.test import Client
response = Client().post("/api/v1/auth/token/", {}, secure=True, HTTP_HOST="example.org")
print(json.dumps({
    "status": response.status_code,
    "hsts": response.get("Strict-Transport-Security", ""),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "session_name": settings.SESSION_COOKIE_NAME,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "debug": settings.DEBUG,
    "redirect": Client().get("/accounts/login/", HTTP_HOST="example.org").status_code,
}))
"""


def test_production_sends_hsts_and_uses_secure_cookies(tmp_path):
    import json

    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**_production_env(tmp_path), "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.strip().splitlines()[-1])
    assert data["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert data["session_secure"] and data["csrf_secure"]
    assert data["session_name"].startswith("__Host-")
    assert data["ssl_redirect"] and not data["debug"]
    assert data["redirect"] == 301  # plain HTTP goes to HTTPS
