"""The permission matrix, generated from the URL map (STYLE.md 14; docs/conventions.md "Permissions").

Nothing here lists pages by hand. At collection time every URL pattern under ``/work/`` and
``/api/v1/`` is read from the resolver (recursively), with the capability its view declares:

- function views: ``view.required_capability`` (set by ``core.permissions.capability_required``);
- DRF views: ``view.cls.required_capability``, a string or a dict by HTTP method (``"*"`` = any other);
- public views: ``public = True`` on the view function or class.

For every role in ``accounts.roles.Role`` and for an anonymous visitor the test requests the URL and
asserts the answer the role table implies:

- a role holding the capability gets 200, a redirect that is not to the login/two-factor/password
  pages, or 405 for a web page that only takes POST; on an API write (POST/PUT/PATCH/DELETE, sent with
  an empty JSON body) anything but 401/403/404/405 and a server error;
- a role without it gets 403; an anonymous visitor is sent to the login page (web) or gets 401/403 (API);
- for a URL with parameters the objects are built twice, in the requesting squad ("own", 一中队) and in
  another squad ("other", 二中队): a role that is not bureau-wide gets 404 for objects outside its squad
  (a role with no squad gets 404 for both);
- every denied or hidden write (API writes, and a POST to every web page) changes nothing: row counts
  and a checksum of the rows of every model, except the audit log (whose 403 handler records the
  denial), sessions and axes, are equal before and after.

Users of two-factor roles are OTP-verified in the test client (``django_otp.login`` with a TOTP device).

Objects for URLs with parameters
--------------------------------
Each app registers small factories in ``tests/<app>/matrix.py`` (``tests/<app>/__init__.py`` must
exist); new URLs are picked up automatically, and a parameterised URL without an entry fails
``test_every_parameterised_url_has_objects`` with its name. Two registries, by URL name or by
parameter name::

    # tests/cases/matrix.py
    from tests.factories import CaseFactory

    def case(ctx):
        # ctx.unit: the squad the object must belong to; ctx.user: an officer of that squad;
        # ctx.units: the bureau's units by key ("bureau", "brigade", "squad1", "squad2", "legal", ...);
        # ctx.which: "own" or "other". Return every URL keyword argument.
        return {"pk": CaseFactory(unit=ctx.unit, handler=ctx.user).pk}

    OBJECTS = {"cases:case_detail": case}          # one URL name (namespaced) → all its kwargs
    PARAMS = {"case_pk": lambda ctx: {"case_pk": CaseFactory(unit=ctx.unit).pk}}  # any URL with it
                                                   # (not for generic names: pk, id, slug, code...)
    UNSCOPED = {"catalog:matter_detail", "day"}    # URL names or parameter names whose objects
                                                   # belong to no squad (every allowed role sees them)
    QUERY = {"api-org-grid-locate": {"lng": "118.35", "lat": "34.37"}}  # a valid query string for
                                                   # an API GET that needs one (else 400 is accepted)

An entry in ``OBJECTS`` wins over ``PARAMS``. Factories run once per module (shared by every role),
inside a transaction that is rolled back at the end.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from sunshine.accounts.models import SecurityPolicy
from sunshine.accounts.roles import CAPABILITIES, Role, bureau_wide, needs_two_factor
from sunshine.org.models import Staff, Unit

from .factories import CertificateFactory, StaffFactory, UnitFactory, UserFactory

PREFIXES = ("work/", "api/v1/")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SKIPPED_PARAMS = {"format"}
GENERIC_PARAMS = {
    "pk",
    "id",
    "slug",
    "uuid",
    "code",
    "number",
}  # only by URL name, in OBJECTS  # DRF's format-suffix duplicates of the same views
# Tables a denial may touch: the audit log records it, sessions and axes track the visitor.
UNWATCHED_MODELS = {"audit.event", "audit.chainhead", "sessions.session"}
UNWATCHED_APPS = {"axes"}
ROLES: list[str | None] = [role.value for role in Role] + [None]
ROLE_UNITS = {
    Role.OFFICER: "squad1",
    Role.AUXILIARY: "squad1",
    Role.SQUAD_LEADER: "squad1",
    Role.LEGAL_REVIEWER: "legal",
    Role.LEADER: "bureau",
    Role.INTAKE_CLERK: "bureau",
    Role.INSPECTOR: "inspection",
}
OWN_UNIT, OTHER_UNIT = "squad1", "squad2"


# --- the URL map -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    route: str  # readable route, e.g. "work/org/staff/<int:pk>/"
    name: str | None  # namespaced URL name, e.g. "org:staff_detail"
    params: tuple[str, ...]
    callback: object = field(compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.name or self.route

    @property
    def view_class(self):
        return getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None)

    @property
    def is_api(self) -> bool:
        """A Django REST framework view: 401/403 for anonymous callers instead of the login page."""
        return getattr(self.callback, "cls", None) is not None

    @property
    def public(self) -> bool:
        return bool(getattr(self.callback, "public", False) or getattr(self.view_class, "public", False))

    @property
    def capability(self):
        """The declared capability: a string, a dict by HTTP method, or None."""
        found = getattr(self.callback, "required_capability", None)
        if found is None:
            found = getattr(self.view_class, "required_capability", None)
        return found

    def capability_for(self, method: str) -> str | None:
        needed = self.capability
        if isinstance(needed, dict):
            return needed.get(method, needed.get("*"))
        return needed

    @property
    def methods(self) -> tuple[str, ...]:
        if not self.is_api:
            return ("GET",)
        actions = getattr(self.callback, "actions", None)
        if actions:
            names = list(actions)
        else:
            cls = self.callback.cls
            names = [name for name in cls.http_method_names if hasattr(cls, name)]
        return tuple(name.upper() for name in names if name not in ("options", "head", "trace"))


def _pattern_params(pattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None and converters:
        return list(converters)
    regex = getattr(pattern.pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def _clean(route: str) -> str:
    return route.replace("^", "").replace("$", "").replace("\\", "")


def walk(patterns, prefix: str = "", namespaces: tuple[str, ...] = (), params: tuple[str, ...] = ()):
    for pattern in patterns:
        route = prefix + _clean(str(pattern.pattern))
        found = (*params, *_pattern_params(pattern))
        if isinstance(pattern, URLResolver):
            more = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from walk(pattern.url_patterns, route, more, found)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield Endpoint(route=route, name=name, params=tuple(found), callback=pattern.callback)


def collect_endpoints() -> list[Endpoint]:
    endpoints, seen = [], set()
    for endpoint in walk(get_resolver().url_patterns):
        if not endpoint.route.startswith(PREFIXES) or SKIPPED_PARAMS & set(endpoint.params):
            continue
        if endpoint.route in seen:  # an earlier pattern shadows it: it can never be reached
            continue
        seen.add(endpoint.route)
        endpoints.append(endpoint)
    return endpoints


# --- the registry of objects for URL parameters -----------------------------------------------


@dataclass
class Registry:
    objects: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    unscoped: set = field(default_factory=set)
    query: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def load_registry() -> Registry:
    registry = Registry()
    tests_dir = Path(__file__).resolve().parent
    for path in sorted(tests_dir.glob("*/matrix.py")):
        module_name = f"tests.{path.parent.name}.matrix"
        if importlib.util.find_spec(f"tests.{path.parent.name}") is None:
            registry.errors.append(f"{path}: tests/{path.parent.name}/__init__.py is missing")
            continue
        module = importlib.import_module(module_name)
        for attribute in ("OBJECTS", "PARAMS"):
            target = registry.objects if attribute == "OBJECTS" else registry.params
            for key, make in getattr(module, attribute, {}).items():
                if attribute == "PARAMS" and key in GENERIC_PARAMS:
                    registry.errors.append(
                        f"{module_name}.PARAMS[{key!r}]: {key!r} names different objects in different URLs; "
                        "register each URL in OBJECTS by its name instead"
                    )
                    continue
                if key in target:
                    registry.errors.append(
                        f"{module_name}.{attribute}[{key!r}] is also in {registry.sources[(attribute, key)]}"
                    )
                target[key] = make
                registry.sources[(attribute, key)] = module_name
        registry.unscoped |= set(getattr(module, "UNSCOPED", ()))
        registry.query.update(getattr(module, "QUERY", {}))
    return registry


def object_plan(endpoint: Endpoint, registry: Registry) -> tuple[list, bool, list[str]]:
    """(factories to call, scoped?, missing parameters) for one endpoint."""
    if not endpoint.params:
        return [], False, []
    if endpoint.name in registry.objects:
        return [("OBJECTS", endpoint.name)], endpoint.name not in registry.unscoped, []
    makers, missing = [], []
    for param in endpoint.params:
        if param in registry.params:
            if ("PARAMS", param) not in makers:
                makers.append(("PARAMS", param))
        else:
            missing.append(param)
    scoped = not all(param in registry.unscoped for param in endpoint.params) and (
        endpoint.name not in registry.unscoped
    )
    return makers, scoped, missing


ENDPOINTS = collect_endpoints()
REGISTRY = load_registry()
PLANS = {endpoint: object_plan(endpoint, REGISTRY) for endpoint in ENDPOINTS}


def declared(endpoint: Endpoint) -> bool:
    return endpoint.public or endpoint.capability is not None


TESTABLE = [
    endpoint
    for endpoint in ENDPOINTS
    if declared(endpoint) and not PLANS[endpoint][2] and (endpoint.name or not endpoint.params)
]


# --- what each role should get ----------------------------------------------------------------

ALLOWED, DENIED, HIDDEN, LOGIN, UNAUTHENTICATED, PUBLIC = (
    "allowed",
    "denied",
    "hidden",
    "login",
    "unauthenticated",
    "public",
)


def expectation(endpoint: Endpoint, method: str, role: str | None, which: str, world) -> str:
    if endpoint.public:
        return PUBLIC
    if role is None:
        return UNAUTHENTICATED if endpoint.is_api else LOGIN
    capability = endpoint.capability_for(method)
    if capability is None or role not in CAPABILITIES[capability]:
        return DENIED
    scoped = PLANS[endpoint][1]
    if scoped and not world.bureau_wide[role] and (which == "other" or ROLE_UNITS.get(role) != OWN_UNIT):
        return HIDDEN
    return ALLOWED


# --- the world: a bureau, one user per role, the objects --------------------------------------


def build_units() -> dict[str, Unit]:
    """The same shape as the ``bureau`` fixture in conftest.py."""
    from sunshine.org.services import unit_rebuild_paths

    bureau = UnitFactory(code="MB", name="新城市城市管理局", kind=Unit.Kind.BUREAU, short_name="新城管")
    brigade = UnitFactory(code="MB1", name="行政执法大队", kind=Unit.Kind.BRIGADE, parent=bureau)
    units = {
        "bureau": bureau,
        "brigade": brigade,
        "squad1": UnitFactory(code="MS1", name="一中队", kind=Unit.Kind.SQUAD, parent=brigade),
        "squad2": UnitFactory(code="MS2", name="二中队", kind=Unit.Kind.SQUAD, parent=brigade),
        "legal": UnitFactory(code="ML", name="法制宣传监督股", kind=Unit.Kind.SECTION, parent=bureau),
        "inspection": UnitFactory(code="MI", name="督查室", kind=Unit.Kind.SECTION, parent=bureau),
    }
    unit_rebuild_paths()
    for unit in units.values():
        unit.refresh_from_db()
    return units


def build_user(units, role: str, unit_key: str | None, username: str):
    user = UserFactory(username=username, display_name=username, roles=[role])
    if unit_key:
        kind = {Role.AUXILIARY: Staff.Kind.AUXILIARY, Role.INTAKE_CLERK: Staff.Kind.CIVILIAN}.get(
            role, Staff.Kind.OFFICER
        )
        staff = StaffFactory(user=user, unit=units[unit_key], kind=kind, name=username)
        if kind == Staff.Kind.OFFICER:
            CertificateFactory(staff=staff)
    return user


def logged_in_client(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    if needs_two_factor(user):
        device = TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)
        request = HttpRequest()
        request.user = user
        request.session = SessionStore(session_key=client.cookies["sessionid"].value)
        otp_login(request, device)
        request.session.save()
    return client


def watched_tables() -> list[tuple[str, str, str]]:
    """(label, table, primary-key column) of every model, many-to-many tables included."""
    tables = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.label_lower in UNWATCHED_MODELS or meta.app_label in UNWATCHED_APPS:
            continue
        tables.append((meta.label, meta.db_table, meta.pk.column))
    return tables


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row, per watched table (raw SQL: the ORM is 7x slower)."""
    state = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for label, table, pk in watched_tables():
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")  # noqa: S608 - model tables
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr([tuple(map(_plain, row)) for row in rows]).encode())
            state[label] = (len(rows), digest.hexdigest())
    return state


@dataclass
class World:
    units: dict
    users: dict
    clients: dict
    bureau_wide: dict
    kwargs: dict  # (endpoint route, which) -> URL kwargs, or an error message
    baseline: dict  # snapshot() once everything is built


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    name = str(connection.settings_dict["NAME"])
    assert "test" in name or "memory" in name, (
        f"refusing to build the matrix in {name!r}: not a test database"
    )
    with django_db_blocker.unblock(), transaction.atomic():
        # Singletons made on first use exist in every running system; make them before any snapshot.
        SecurityPolicy.current()
        units = build_units()
        users = {
            role: build_user(units, role, ROLE_UNITS.get(role), f"matrix-{role}") for role in ROLES if role
        }
        clients = {role: logged_in_client(user) for role, user in users.items()}
        clients[None] = APIClient()
        owners = {
            "own": users[Role.OFFICER],
            "other": build_user(units, Role.OFFICER, OTHER_UNIT, "matrix-officer-other"),
        }
        made: dict = {}
        kwargs: dict = {}
        for endpoint in TESTABLE:
            makers, _scoped, _missing = PLANS[endpoint]
            for which in ("own", "other"):
                ctx = SimpleNamespace(
                    unit=units[OWN_UNIT if which == "own" else OTHER_UNIT],
                    user=owners[which],
                    units=units,
                    which=which,
                )
                values: dict | str = {}
                for maker in makers:
                    if (maker, which) not in made:
                        kind, key = maker
                        make = REGISTRY.objects[key] if kind == "OBJECTS" else REGISTRY.params[key]
                        try:
                            made[(maker, which)] = dict(make(ctx))
                        except Exception as exc:  # reported by the tests of this endpoint
                            made[(maker, which)] = (
                                f"{REGISTRY.sources[maker]}.{kind}[{key!r}] failed: {exc!r}"
                            )
                    result = made[(maker, which)]
                    if isinstance(result, str):
                        values = result
                        break
                    values.update(result)
                kwargs[(endpoint.route, which)] = values
        yield World(
            units=units,
            users=users,
            clients=clients,
            bureau_wide={role: bureau_wide(user) for role, user in users.items()},
            kwargs=kwargs,
            baseline=snapshot(),
        )
        transaction.set_rollback(True)


# --- the matrix -------------------------------------------------------------------------------


def holds(role: str | None, capability: str | None) -> bool:
    return role is not None and capability is not None and role in CAPABILITIES.get(capability, ())


def requests_for(endpoint: Endpoint, method: str, web_post: bool = False):
    """(role, which) pairs: objects of both squads for roles that hold the capability; a refused
    role or visitor is refused before any object is looked up, so "own" is enough for them."""
    single = "own" if endpoint.params else "any"
    for role in ROLES:
        allowed = endpoint.public or holds(role, endpoint.capability_for("GET" if web_post else method))
        if web_post and allowed:
            continue  # a web form's POST is checked for the refused only
        if endpoint.params and allowed:
            yield from ((role, "own"), (role, "other"))
        else:
            yield role, single


def cases():
    for endpoint in TESTABLE:
        for method in endpoint.methods:
            yield pytest.param(endpoint, method, False, id=f"{endpoint.label}|{method}")
        if not endpoint.is_api and not endpoint.public:
            # A web form's POST: every role without the capability, and anonymous, changes nothing.
            yield pytest.param(endpoint, "POST", True, id=f"{endpoint.label}|POST")


def url_of(endpoint: Endpoint, world: World, which: str) -> str:
    if not endpoint.params:
        return "/" + endpoint.route
    values = world.kwargs[(endpoint.route, "own" if which == "any" else which)]
    if isinstance(values, str):
        pytest.fail(values)
    return reverse(endpoint.name, kwargs={param: values[param] for param in endpoint.params})


def is_redirect_to(response, url_name: str) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and urlsplit(
        response["Location"]
    ).path.startswith(reverse(url_name))


GATES = ("accounts:login", "accounts:two_factor", "accounts:password_change")


def check(world: World, endpoint: Endpoint, method: str, role: str | None, which: str) -> str | None:
    """One request; a sentence describing what is wrong, or None."""
    url = url_of(endpoint, world, which)
    expected = expectation(endpoint, method, role, which, world)
    client = world.clients[role]
    write = method in WRITE_METHODS
    query = REGISTRY.query.get(endpoint.name)
    response = getattr(client, method.lower())(url, {}, format="json") if write else client.get(url, query)
    status = response.status_code
    where = f"{role or 'anonymous'} ({which}): got {status}"
    if status == 405 and method == "GET" and not endpoint.is_api and expected in (DENIED, LOGIN, HIDDEN):
        return None  # a web form that only takes POST; its POST is checked for the refused separately

    if expected == LOGIN:
        if not is_redirect_to(response, "accounts:login"):
            return f"{where}, expected a redirect to the login page"
    elif expected == UNAUTHENTICATED:
        if status not in (401, 403):
            return f"{where}, expected 401/403"
    elif expected == DENIED:
        if status != 403:
            return f"{where}, expected 403 (the role lacks {endpoint.capability_for(method)!r})"
    elif expected == HIDDEN:
        if status != 404:
            return f"{where}, expected 404 (an object of another squad)"
    elif write:
        if status >= 500 or status in (401, 403, 404, 405):
            return f"{where}, expected the role to be let through"
    else:
        gate = next((name for name in GATES if is_redirect_to(response, name)), None)
        if gate:
            return f"{where}, allowed but redirected to {gate}"
        accepted = {200, 301, 302, 303, 307, 308}
        if not endpoint.is_api:
            accepted.add(405)  # a web page that only takes POST
        elif query is None:
            accepted.add(400)  # an API GET that needs a query string the registry does not give
        if status not in accepted:
            return f"{where}, expected 200 (or a redirect)"
    if write and expected in (DENIED, HIDDEN, LOGIN, UNAUTHENTICATED):
        # Every request starts from the module's state (each is rolled back), so that is "before".
        changed = [label for label, state in snapshot().items() if world.baseline.get(label) != state]
        if changed:
            return f"{where}, and the refused request changed {', '.join(changed)}"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "method", "web_post"), list(cases()))
def test_matrix(world, endpoint, method, web_post):
    """Every role and an anonymous visitor against one URL and method; each request rolled back."""
    problems = []
    for role, which in requests_for(endpoint, method, web_post):
        savepoint = transaction.savepoint()
        try:
            problem = check(world, endpoint, method, role, which)
        finally:
            transaction.savepoint_rollback(savepoint)
        if problem:
            problems.append(problem)
    assert not problems, f"{method} /{endpoint.route} ({endpoint.label}):\n  " + "\n  ".join(problems)


# --- the declarations themselves --------------------------------------------------------------


def test_the_matrix_sees_the_staff_urls():
    names = {endpoint.name for endpoint in ENDPOINTS}
    assert "core:work_home" in names
    assert any(endpoint.route.startswith("api/v1/") for endpoint in ENDPOINTS)


def test_every_view_declares_a_capability_or_is_public():
    undeclared = [f"/{endpoint.route} ({endpoint.label})" for endpoint in ENDPOINTS if not declared(endpoint)]
    assert not undeclared, (
        "These views declare neither a capability nor public = True "
        "(docs/conventions.md, Permissions):\n  " + "\n  ".join(undeclared)
    )


def test_declared_capabilities_exist():
    unknown = []
    for endpoint in ENDPOINTS:
        needed = endpoint.capability
        values = needed.values() if isinstance(needed, dict) else [needed]
        unknown += [
            f"/{endpoint.route}: {value!r}" for value in values if value and value not in CAPABILITIES
        ]
    assert not unknown, "Capabilities missing from accounts/roles.py CAPABILITIES:\n  " + "\n  ".join(unknown)


def test_every_api_method_has_a_capability():
    """A dict by method must cover every method the view answers (or have a "*" entry)."""
    uncovered = [
        f"/{endpoint.route} {method}"
        for endpoint in ENDPOINTS
        if endpoint.is_api and not endpoint.public and isinstance(endpoint.capability, dict)
        for method in endpoint.methods
        if endpoint.capability_for(method) is None
    ]
    assert not uncovered, "No capability declared for:\n  " + "\n  ".join(uncovered)


def test_every_parameterised_url_has_objects():
    problems = list(REGISTRY.errors)
    for endpoint in ENDPOINTS:
        if not endpoint.params:
            continue
        app = getattr(endpoint.callback, "__module__", "").split(".")[1:2] or ["<app>"]
        app = app[0]
        if not endpoint.name:
            problems.append(f"/{endpoint.route}: give the URL pattern a name so the matrix can reverse it")
            continue
        missing = PLANS[endpoint][2]
        if missing:
            problems.append(
                f"/{endpoint.route} ({endpoint.name}): no object for parameter(s) {', '.join(missing)}; "
                f"add OBJECTS[{endpoint.name!r}] or PARAMS[{missing[0]!r}] to tests/{app}/matrix.py "
                "(see the docstring of tests/test_permission_matrix.py)"
            )
    assert not problems, "The permission matrix cannot build these URLs:\n  " + "\n  ".join(problems)
