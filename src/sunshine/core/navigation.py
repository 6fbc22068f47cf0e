"""Navigation, staff-home cards and portal links, collected from every Sunshine app.

Nothing here knows the apps. Each installed ``sunshine.<app>`` may provide:

``<app>/nav.py``
    ``MENU = {"label": _("Cases"), "icon": "bi-folder2-open", "order": 30,
    "items": [(_("Case list"), "cases:case_list", "cases.view"), ...]}`` — one section of the staff
    navigation (a list of such dicts is accepted too). An item is ``(label, url name, capability)``;
    the capability may also be a tuple of capabilities, any of which is enough. An item is shown only
    when the user holds the capability and its URL name resolves (so a menu can name pages that land
    later); a section with no visible item is not shown.

``<app>/work.py``
    ``def cards(request) -> list[dict]`` — cards on the staff home (``/work/``), each
    ``{"title", "value", "url", "note", "variant"}`` (variant: a Bootstrap colour name), only the
    user's own work, in a few queries.

``<app>/portal.py``
    ``LINKS = [{"title": _(...), "description": _(...), "url": "disclosure:case_list",
    "icon": "bi-megaphone", "order": 10}, ...]`` — entries on the public front page (no login);
    shown only when the URL name resolves.

Modules are found once per process; an ``ImportError`` inside a module that exists is not hidden.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from dataclasses import dataclass, field
from functools import lru_cache

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from sunshine.accounts.roles import has_capability

logger = logging.getLogger(__name__)

APP_PREFIX = "sunshine."
DEFAULT_ORDER = 1000
CARD_VARIANTS = frozenset({"primary", "secondary", "success", "danger", "warning", "info", "light", "dark"})


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool = False


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str
    icon: str
    order: int
    items: tuple[NavItem, ...] = field(default_factory=tuple)

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def single(self) -> NavItem | None:
        """The only item, when the section has one: shown as a plain link rather than a dropdown."""
        return self.items[0] if len(self.items) == 1 else None


@lru_cache(maxsize=8)
def app_modules(name: str) -> tuple[tuple[str, object], ...]:
    """``(app label, module)`` for every installed Sunshine app that has ``<app>.<name>``."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith(APP_PREFIX):
            continue
        module_name = f"{config.name}.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        found.append((config.label, importlib.import_module(module_name)))
    return tuple(found)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _allowed(user, capability) -> bool:
    if capability is None:
        return False
    if isinstance(capability, str):
        return has_capability(user, capability)
    return any(has_capability(user, one) for one in capability)


def _is_active(path: str, url: str) -> bool:
    if url == "/work/":  # the staff home is the prefix of every staff page
        return path == url
    return path == url or path.startswith(url)


def _menus() -> list[tuple[str, dict]]:
    menus = []
    for label, module in app_modules("nav"):
        menu = getattr(module, "MENU", None)
        if menu is None:
            continue
        for index, one in enumerate(menu if isinstance(menu, list | tuple) else [menu]):
            menus.append((label if index == 0 else f"{label}-{index}", one))
    return menus


def navigation(user, path: str = "") -> list[NavSection]:
    """The staff navigation the user may see, sorted by ``order`` then label."""
    if not getattr(user, "is_authenticated", False):
        return []
    sections = []
    for key, menu in _menus():
        items = []
        for label, url_name, capability in menu.get("items", ()):
            if not _allowed(user, capability):
                continue
            url = _url(url_name)
            if url is None:
                continue
            items.append(NavItem(label=str(label), url=url, active=bool(path) and _is_active(path, url)))
        if items:
            sections.append(
                NavSection(
                    key=key,
                    label=str(menu["label"]),
                    icon=menu.get("icon", "bi-circle"),
                    order=int(menu.get("order", DEFAULT_ORDER)),
                    items=tuple(items),
                )
            )
    sections.sort(key=lambda section: (section.order, section.label))
    return sections


@dataclass
class WorkCards:
    cards: list[dict]
    failed: list[str]


def work_cards(request) -> WorkCards:
    """Every app's cards for the user, in the order of the apps' menus.

    One app's failure does not take the staff home down: it is logged, and the page says that some
    work could not be shown (``failed`` names the apps).
    """
    menu_order = {key: int(menu.get("order", DEFAULT_ORDER)) for key, menu in _menus()}
    modules = sorted(app_modules("work"), key=lambda pair: (menu_order.get(pair[0], DEFAULT_ORDER), pair[0]))
    cards, failed = [], []
    for label, module in modules:
        provider = getattr(module, "cards", None)
        if provider is None:
            continue
        try:
            produced = list(provider(request) or [])
        except Exception:
            logger.exception("work cards of %s failed", label)
            failed.append(label)
            continue
        for card in produced:
            variant = card.get("variant") or "primary"
            cards.append(
                {
                    "app": label,
                    "title": card["title"],
                    "value": card.get("value"),
                    "url": card.get("url") or "",
                    "note": card.get("note") or "",
                    "variant": variant if variant in CARD_VARIANTS else "primary",
                }
            )
    return WorkCards(cards=cards, failed=failed)


def portal_links() -> list[dict]:
    """The public front page's links that resolve, sorted by ``order`` then title."""
    links = []
    for _label, module in app_modules("portal"):
        for link in getattr(module, "LINKS", ()):
            url = _url(link["url"])
            if url is None:
                continue
            links.append(
                {
                    "title": link["title"],
                    "description": link.get("description", ""),
                    "url": url,
                    "icon": link.get("icon", "bi-link-45deg"),
                    "order": int(link.get("order", DEFAULT_ORDER)),
                }
            )
    links.sort(key=lambda link: (link["order"], str(link["title"])))
    return links
