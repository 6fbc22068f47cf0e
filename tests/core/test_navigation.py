"""Navigation, staff-home cards and portal links come from the apps' nav.py / work.py / portal.py."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sunshine.core import navigation as nav
from sunshine.core.navigation import navigation, portal_links, work_cards

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """Replace the discovered modules: registry(nav=[(label, module)], work=[...], portal=[...])."""

    def install(**found):
        monkeypatch.setattr(nav, "app_modules", lambda name: tuple(found.get(name, ())))

    return install


def menu(label, order, items, icon="bi-folder"):
    return SimpleNamespace(MENU={"label": label, "icon": icon, "order": order, "items": items})


def test_discovery_finds_the_apps_modules():
    labels = [label for label, _module in nav.app_modules("nav")]
    assert "core" in labels
    assert all(module.__name__.startswith("sunshine.") for _label, module in nav.app_modules("nav"))


def test_items_need_the_capability(registry, make_user):
    registry(nav=[("org", menu("Organisation", 20, [("Units", "org:unit_list", "org.view")]))])
    assert [s.label for s in navigation(make_user("officer"))] == ["Organisation"]
    assert navigation(make_user("auxiliary")) == []  # auxiliaries lack org.view


def test_any_of_several_capabilities(registry, make_user):
    registry(
        nav=[("core", menu("Config", 900, [("Site", "admin:index", ("config.manage", "accounts.manage"))]))]
    )
    assert navigation(make_user("security_admin"))[0].single.url == "/admin/"
    assert navigation(make_user("system_admin"))[0].single.url == "/admin/"
    assert navigation(make_user("audit_admin")) == []


def test_unresolvable_url_names_are_left_out(registry, make_user):
    registry(
        nav=[
            ("cases", menu("Cases", 30, [("Later", "cases:no_such_page", "cases.view")])),
            (
                "org",
                menu(
                    "Organisation",
                    20,
                    [("Units", "org:unit_list", "org.view"), ("Nope", "org:nope", "org.view")],
                ),
            ),
        ]
    )
    sections = navigation(make_user("officer"))
    assert [s.label for s in sections] == ["Organisation"]  # the section without a page is dropped
    assert [item.label for item in sections[0].items] == ["Units"]


def test_sections_sorted_by_order_then_label(registry, make_user):
    registry(
        nav=[
            ("b", menu("Beta", 20, [("B", "org:unit_list", "org.view")])),
            ("a", menu("Alpha", 20, [("A", "org:staff_list", "org.view")])),
            ("z", menu("Zero", 5, [("Z", "org:grid_list", "org.view")])),
        ]
    )
    assert [s.label for s in navigation(make_user("officer"))] == ["Zero", "Alpha", "Beta"]


def test_a_list_of_menus_gives_several_sections(registry, make_user):
    module = SimpleNamespace(
        MENU=[
            {"label": "One", "order": 1, "items": [("A", "org:unit_list", "org.view")]},
            {"label": "Two", "order": 2, "items": [("B", "org:staff_list", "org.view")]},
        ]
    )
    registry(nav=[("org", module)])
    sections = navigation(make_user("officer"))
    assert [(s.key, s.label) for s in sections] == [("org", "One"), ("org-1", "Two")]


def test_active_item_follows_the_path(registry, make_user):
    registry(
        nav=[
            ("core", menu("Home", 0, [("My work", "core:work_home", "work.view")])),
            (
                "org",
                menu(
                    "Org",
                    20,
                    [("Units", "org:unit_list", "org.view"), ("Staff", "org:staff_list", "org.view")],
                ),
            ),
        ]
    )
    officer = make_user("officer")
    home, org = navigation(officer, "/work/org/staff/")
    assert not home.active  # the staff home is not active on every staff page
    assert org.active
    assert [item.active for item in org.items] == [False, True]
    assert org.single is None
    assert navigation(officer, "/work/")[0].active


def test_anonymous_has_no_navigation(registry):
    registry(nav=[("org", menu("Org", 20, [("Units", "org:unit_list", "org.view")]))])
    assert navigation(SimpleNamespace(is_authenticated=False)) == []


def test_work_cards_in_menu_order_and_a_failure_is_isolated(registry, make_user, rf, caplog):
    def broken(request):
        raise RuntimeError("boom")

    registry(
        nav=[
            ("cases", menu("Cases", 30, [("C", "org:unit_list", "org.view")])),
            ("org", menu("Org", 20, [("O", "org:unit_list", "org.view")])),
        ],
        work=[
            (
                "cases",
                SimpleNamespace(cards=lambda r: [{"title": "Deadlines", "value": 3, "variant": "danger"}]),
            ),
            ("broken", SimpleNamespace(cards=broken)),
            (
                "org",
                SimpleNamespace(cards=lambda r: [{"title": "Certificates", "value": 1, "variant": "nope"}]),
            ),
            ("silent", SimpleNamespace()),
        ],
    )
    request = rf.get("/work/")
    request.user = make_user("officer")
    result = work_cards(request)
    assert [card["title"] for card in result.cards] == ["Certificates", "Deadlines"]
    assert [card["variant"] for card in result.cards] == ["primary", "danger"]  # unknown variant → primary
    assert result.failed == ["broken"]
    assert "work cards of broken failed" in caplog.text


def test_portal_links_resolve_and_sort(registry):
    registry(
        portal=[
            (
                "core",
                SimpleNamespace(
                    LINKS=[
                        {"title": "Second", "url": "core:portal_home", "order": 20},
                        {"title": "First", "url": "core:portal_home", "order": 10, "icon": "bi-megaphone"},
                        {"title": "Not yet", "url": "disclosure:case_list", "order": 5},
                    ]
                ),
            )
        ]
    )
    links = portal_links()
    assert [link["title"] for link in links] == ["First", "Second"]
    assert links[0]["url"] == "/" and links[0]["icon"] == "bi-megaphone"


def test_base_template_renders_the_registry(registry, client, make_user):
    registry(
        nav=[
            (
                "org",
                menu(
                    "Organisation",
                    20,
                    [("Units", "org:unit_list", "org.view"), ("Staff", "org:staff_list", "org.view")],
                ),
            ),
            ("audit", menu("Audit log", 80, [("Events", "audit:event_list", "audit.view")])),
            ("core", menu("My work", 0, [("My work", "core:work_home", "work.view")])),
        ]
    )
    client.force_login(make_user("officer"))
    html = client.get("/work/").content.decode()
    assert 'class="nav-link dropdown-toggle' in html and "Organisation" in html  # two items: a dropdown
    assert 'href="/work/org/staff/"' in html
    assert 'data-nav="core"' in html and 'aria-current="page"' in html  # one item: a plain, current link
    assert "Events" not in html  # the officer may not read the audit log
