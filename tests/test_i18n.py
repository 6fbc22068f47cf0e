"""Both languages are complete: every catalogue filled, every string in the code in a catalogue.

Each app keeps its catalogue in ``src/sunshine/<app>/locale``; the project-wide strings (settings.py,
urls.py, ``src/sunshine/templates``) are in ``src/sunshine/locale`` (docs/conventions.md). The
extraction test runs Django's ``makemessages`` on a temporary copy of each app, exactly as
``make messages APP=<app>`` does, and names every msgid its catalogue lacks.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sunshine"
LANGUAGES = ("zh_Hans", "en")
APPS = sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))
SOURCES = [*APPS, "project"]


def catalogue_dir(source: str) -> Path:
    return PACKAGE / "locale" if source == "project" else PACKAGE / source / "locale"


def catalogues():
    for path in sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/*.po")):
        if path.parts[-3] in LANGUAGES:
            yield pytest.param(path, id=str(path.relative_to(PACKAGE)))


def key(entry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def show(keys) -> str:
    return "\n  ".join(
        f"[{context}] {msgid!r}" if context else repr(msgid) for context, msgid in sorted(keys)
    )


@pytest.mark.parametrize("path", list(catalogues()))
def test_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    untranslated = [key(entry) for entry in catalogue.untranslated_entries() if not entry.obsolete]
    fuzzy = [key(entry) for entry in catalogue.fuzzy_entries() if not entry.obsolete]
    assert not untranslated, f"{path.relative_to(PACKAGE)}: untranslated msgids:\n  {show(untranslated)}"
    assert not fuzzy, f"{path.relative_to(PACKAGE)}: fuzzy msgids:\n  {show(fuzzy)}"


def copy_sources(source: str, target: Path):
    if source == "project":
        target.mkdir()
        for module in PACKAGE.glob("*.py"):
            shutil.copy2(module, target / module.name)
        if (PACKAGE / "templates").is_dir():
            shutil.copytree(PACKAGE / "templates", target / "templates")
    else:
        shutil.copytree(
            PACKAGE / source,
            target,
            ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc"),
        )
    (target / "locale").mkdir()


def extracted_msgids(source: str, tmp_path: Path) -> set[tuple[str, str]]:
    """The msgids ``makemessages`` finds in a copy of the source.

    LOCALE_PATHS is emptied so that makemessages writes into the copy's own ``locale`` folder.
    """
    copy = tmp_path / source
    copy_sources(source, copy)
    with override_settings(LOCALE_PATHS=[]), contextlib.chdir(copy):
        call_command("makemessages", locale=["zh_Hans"], verbosity=0, no_location=True, no_obsolete=True)
    extracted = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    if not extracted.exists():  # nothing translatable in this source
        return set()
    return {key(entry) for entry in polib.pofile(str(extracted)) if not entry.obsolete}


@pytest.mark.parametrize("source", SOURCES)
def test_every_string_in_the_code_is_in_its_catalogue(source, tmp_path):
    found = extracted_msgids(source, tmp_path)
    for language in LANGUAGES:
        path = catalogue_dir(source) / language / "LC_MESSAGES" / "django.po"
        if not found:
            continue
        assert path.exists(), (
            f"{source}: {len(found)} translatable strings but no {path.relative_to(PACKAGE)} "
            f"(run `make messages APP={source}`)"
        )
        present = {key(entry) for entry in polib.pofile(str(path)) if not entry.obsolete}
        missing = found - present
        assert not missing, (
            f"{source}: {len(missing)} msgids are missing from {path.relative_to(PACKAGE)} "
            f"(run `make messages APP={source}` and translate):\n  {show(missing)}"
        )


@pytest.mark.django_db
def test_staff_home_is_chinese_by_default_and_english_after_switching(client, make_user):
    client.force_login(make_user("officer"))
    html = client.get("/work/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "我的工作" in html and "退出登录" in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/work/"})
    assert response.status_code == 302 and response["Location"] == "/work/"
    html = client.get("/work/").content.decode()
    assert '<html lang="en">' in html
    assert "My work" in html and "Log out" in html
    assert "我的工作" not in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/work/"})
    assert "我的工作" in client.get("/work/").content.decode()


@pytest.mark.django_db
def test_portal_is_chinese_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in html and "我们的承诺" in html


@pytest.mark.django_db
def test_chinese_whatever_the_browser_asks_until_english_is_chosen(client):
    """The working language is zh-hans: an English browser still gets Chinese until the user switches."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "zh-hans"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.headers["Content-Language"] == "en"
