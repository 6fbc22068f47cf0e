"""Generate a city-scale data set for benchmarks: `manage.py generate_city [--cases N] [--seed S]`.

This is a **load generator**, not a way to enter data: rows are written by bulk inserts in batches
(``bulk_create`` with ``batch_size``), never through the services, so no rule is checked and the audit
chain is not filled for generated rows. It loads the demo organisation, logins, working-day calendar
and catalog (the apps' ``demo.load``), then parties in bulk (valid GB 11643 resident ID numbers and
GB 32100 credit codes, check characters computed), then N cases spread over procedures, states,
squads, matters and dates, each with the matter version in force on the day of the act, its parties,
handlers, one case event per transition that led to its state, and a decision when it has been decided.

It refuses to run against a database that holds data it did not generate, unless ``--force``; it
records what it generated in ``CaseCounter(series="generated")`` so that a benchmark can reuse the
database when it already has the right size.

Other apps add their own rows through :data:`HOOKS`: a module ``sunshine.<app>.generate`` with
``generate(ctx: GenerationContext) -> None`` runs after the cases, in the order of ``HOOKS``, and may
use ``ctx.rng``, ``ctx.cases`` (the requested number), ``ctx.squads``, ``ctx.parties`` (primary keys),
``ctx.case_range`` (first and last generated case pk), ``ctx.batch`` and ``ctx.out``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib
import importlib.util
import itertools
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

DEMO_APPS = ["org", "accounts", "workdays", "catalog"]
# Apps whose ``sunshine.<app>.generate`` module adds rows after the cases (skipped when absent).
HOOKS = [
    "service",
    "inspections",
    "evidence",
    "documents",
    "payments",
    "oversight",
    "evaluation",
    "patrols",
    "disclosure",
    "stats",
]
MARKER_SERIES = "generated"
BATCH = 5_000
# The share of summary-procedure cases (seed 003: 2,065 of 2,406 cases were summary).
SUMMARY_SHARE = 0.85
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
AREA_CODES = ("320381", "320382", "320302", "320303", "320311", "320312", "320321", "320322")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰红建国志东海波辉鹏宇浩然子涵欣怡梓轩佳琪思远"
STREETS = [
    "解放路",
    "人民路",
    "建设路",
    "马陵山路",
    "沭河大道",
    "钟吾路",
    "北京路",
    "湖东路",
    "长安路",
    "新华街",
]
FACTS = [
    "露天烧烤",
    "占道经营",
    "乱堆乱放",
    "违法张贴小广告",
    "渣土车抛洒",
    "未经批准设置户外广告",
    "施工噪声扰民",
]
# General-procedure states with their share and the path of transitions that leads to each.
GENERAL_PATH = [
    ("", "registered", "register"),
    ("registered", "filed", "file"),
    ("filed", "investigating", "start_investigation"),
    ("investigating", "notice_served", "serve_advance_notice"),
    ("notice_served", "awaiting_decision", "submit_for_decision"),
    ("awaiting_decision", "decided", "decide"),
    ("decided", "served", "serve_decision"),
    ("served", "executed", "execute"),
    ("executed", "closed", "close"),
    ("closed", "archived", "archive"),
]
GENERAL_STATES = [
    ("registered", 2),
    ("filed", 2),
    ("investigating", 5),
    ("notice_served", 4),
    ("awaiting_decision", 2),
    ("decided", 2),
    ("served", 3),
    ("executed", 5),
    ("closed", 35),
    ("archived", 40),
]
SUMMARY_PATH = [
    ("", "served", "decide_on_spot"),
    ("served", "executed", "execute"),
    ("executed", "closed", "close"),
    ("closed", "archived", "archive"),
]
SUMMARY_STATES = [("served", 3), ("executed", 7), ("closed", 40), ("archived", 50)]
DECIDED_STATES = {"decided", "served", "executed", "closed", "archived"}
SOURCES = ["patrol", "request", "supervisor_report", "transfer", "assignment", "off_site"]
SOURCE_WEIGHTS = [55, 20, 8, 5, 2, 10]
REMEDIES = "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。"


@dataclass
class GenerationContext:
    """What the generator made, for the apps' hooks (see the module docstring)."""

    rng: random.Random
    cases: int
    out: object
    batch: int = BATCH
    squads: list = field(default_factory=list)
    parties: list[int] = field(default_factory=list)
    case_range: tuple[int, int] = (0, 0)


def resident_id(index: int) -> tuple[str, dt.date, bool]:
    """The ``index``-th generated resident ID number (GB 11643, unique for index < 12,000,000)."""
    area = AREA_CODES[index % len(AREA_CODES)]
    rest = index // len(AREA_CODES)
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rest % 15_000)
    sequence = (rest // 15_000) % 1000
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11], birth, sequence % 2 == 1


def credit_code(index: int) -> str:
    """The ``index``-th generated unified social credit code (GB 32100, with both check characters)."""
    from stdnum.cn import uscc

    from sunshine.core.identity import _org_code_check

    org = f"G{index:07d}"[-8:]
    org = "G" + org[1:]
    body = f"92320381{org}{_org_code_check(org)}"
    return body + uscc.calc_check_digit(body + "0")


class BulkWriter:
    """Raw ``executemany`` inserts for one model, with explicit primary keys: the columns not given
    take the field's default, converted for the database once rather than once per row."""

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.given = ["id", *columns]
        fields = [f for f in model._meta.concrete_fields]
        self.fields = {f.attname: f for f in fields}
        self.constants = {}
        for f in fields:
            if f.attname in self.given:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = timezone.now()
            else:
                value = f.get_default()
                if value is None and not f.null:
                    raise CommandError(f"{model.__name__}.{f.attname} needs a value.")
            self.constants[f.column] = f.get_db_prep_save(value, connection)
        self.prepare = [_converter(self.fields[name]) for name in self.given]
        names = [self.fields[name].column for name in self.given] + list(self.constants)
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        marks = ", ".join(["%s"] * len(names))
        self.sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608 - names from the model
        self.tail = tuple(self.constants.values())

    def next_pk(self) -> int:
        return (self.model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        prepare = self.prepare
        params = []
        for row in rows:
            params.append(
                tuple(
                    p(v) if p is not None and v is not None else v for p, v in zip(prepare, row, strict=True)
                )
                + self.tail
            )
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, params)

    def finish(self) -> None:
        """Move PostgreSQL's sequence past the explicit keys."""
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(statement)


def _converter(f):
    """How a value given for ``f`` becomes a database parameter: plain values pass as they are, JSON goes
    through the field once per distinct value (the generator reuses a handful), and on SQLite dates and
    (UTC) datetimes become the text Django stores."""
    from django.db import models

    if isinstance(f, models.JSONField):
        cache = {}

        def prepare_json(value):
            key = repr(value)
            if key not in cache:
                cache[key] = f.get_db_prep_save(value, connection)
            return cache[key]

        return prepare_json
    if connection.vendor != "sqlite":
        return None
    if isinstance(f, models.DateTimeField):
        return lambda value: value.replace(tzinfo=None).isoformat(" ")
    if isinstance(f, models.DateField):
        return dt.date.isoformat
    return None


def generated_count() -> int:
    """How many cases ``generate_city`` has put in this database (0 when none)."""
    from sunshine.cases.models import CaseCounter

    row = CaseCounter.objects.filter(series=MARKER_SERIES, year=0).first()
    return row.last if row else 0


class Command(BaseCommand):
    help = (
        "Generate a city-scale data set for benchmarks (a load generator: bulk inserts in batches, not the "
        "services; no rules checked and no audit events for generated rows). Refused on a database that "
        "holds other data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000, help="Number of cases (1,000,000).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed.")
        parser.add_argument("--parties", type=int, default=None, help="Number of parties (cases / 4).")
        parser.add_argument("--force", action="store_true", help="Run even if the database holds data.")

    def handle(self, *args, cases: int, seed: int, parties: int | None, force: bool, **options):
        from sunshine.cases.models import Case
        from sunshine.parties.models import Party

        if not (settings.DEBUG or settings.TESTING):
            raise CommandError(
                "generate_city loads the demo logins (published password): run it with DEBUG=1."
            )
        if cases < 1:
            raise CommandError("--cases must be positive.")
        already = generated_count()
        if not force and not already and (Case.objects.exists() or Party.objects.exists()):
            raise CommandError("This database holds data that generate_city did not make; use --force.")
        if already and not force:
            raise CommandError(
                f"This database already holds {already:,} generated cases; use --force to add more."
            )
        rng = random.Random(seed + already)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # A page cache large enough for the indexes being filled (the default is 2 MB).
                cursor.execute("PRAGMA cache_size = -262144")
        ctx = GenerationContext(rng=rng, cases=cases, out=self.stdout)
        began = time.perf_counter()
        for app in DEMO_APPS:
            module = importlib.import_module(f"sunshine.{app}.demo")
            with transaction.atomic():
                module.load(_Quiet())
        self._step("demo organisation, logins, calendar and catalog", began)
        with transaction.atomic():
            ctx.parties = self._parties(ctx, parties or max(10, cases // 4))
        self._step(f"{len(ctx.parties):,} parties", began)
        with transaction.atomic():
            self._cases(ctx, offset=already)
        self._step(f"{cases:,} cases", began)
        for app in HOOKS:
            name = f"sunshine.{app}.generate"
            try:
                if importlib.util.find_spec(name) is None:
                    continue
            except ModuleNotFoundError:
                continue
            with transaction.atomic():
                importlib.import_module(name).generate(ctx)
            self._step(f"{app}", began)
        if connection.vendor in ("sqlite", "postgresql"):
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self._step("done", began)

    def _step(self, what: str, began: float) -> None:
        self.stdout.write(f"{time.perf_counter() - began:8.1f} s  {what}")

    def _parties(self, ctx: GenerationContext, count: int) -> list[int]:
        from sunshine.parties.models import Party

        columns = ["kind", "name", "id_number", "credit_code", "gender", "birth_date", "phone"]
        columns += ["legal_representative", "laid_off", "landless_farmer", "disabled"]
        writer = BulkWriter(Party, columns)
        first = pk = writer.next_pk()
        start = Party.objects.count()
        rng = ctx.rng
        rows = []
        for i in range(start, start + count):
            if i % 10 == 9:
                name = f"{SURNAMES[i % len(SURNAMES)]}记{GIVEN[(i // 7) % len(GIVEN)]}{i}号商行"
                representative = SURNAMES[(i * 7) % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
                phone = f"0527{8000000 + i % 1000000:07d}"
                row = ("organisation", name, "", credit_code(i), "", None, phone, representative)
                rows.append((pk, *row, False, False, False))
            else:
                number, birth, male = resident_id(i)
                name = SURNAMES[rng.randrange(len(SURNAMES))] + GIVEN[rng.randrange(len(GIVEN))]
                if i % 3:
                    name += GIVEN[rng.randrange(len(GIVEN))]
                known = i % 5 != 0
                rows.append(
                    (
                        pk,
                        "individual",
                        name,
                        number if known else "",
                        "",
                        ("M" if male else "F") if known else "",
                        birth if known else None,
                        f"13{rng.randrange(10**9):09d}",
                        "",
                        i % 23 == 0,
                        i % 41 == 0,
                        i % 97 == 0,
                    )
                )
            pk += 1
            if len(rows) >= ctx.batch:
                writer.write(rows)
                rows = []
        writer.write(rows)
        writer.finish()
        return list(range(first, pk))

    def _cases(self, ctx: GenerationContext, *, offset: int) -> None:
        from sunshine.accounts.models import User
        from sunshine.cases.models import Case, CaseCounter, CaseEvent, CaseHandler, CaseParty, Decision
        from sunshine.catalog.models import MatterVersion
        from sunshine.org.models import Staff, Unit

        rng = ctx.rng
        today = timezone.localdate()
        window_start = today - dt.timedelta(days=3 * 365)
        squads = list(Unit.objects.filter(kind=Unit.Kind.SQUAD).order_by("pk"))
        officers: dict[int, list[int]] = {}
        users: dict[int, int] = {}
        fallback_user = User.objects.filter(is_superuser=True).first() or User.objects.order_by("pk").first()
        if fallback_user is None:
            raise CommandError("No user to record as the author of generated cases.")
        for staff_pk, unit_pk, user_pk in (
            Staff.objects.filter(kind=Staff.Kind.OFFICER, unit__in=squads)
            .order_by("pk")
            .values_list("pk", "unit_id", "user_id")
        ):
            officers.setdefault(unit_pk, []).append(staff_pk)
            users[staff_pk] = user_pk or fallback_user.pk
        squads = [s for s in squads if len(officers.get(s.pk, [])) >= 2]
        if not squads:
            raise CommandError("No squad has two officers to handle cases.")
        ctx.squads = squads
        leader_id = (
            User.objects.filter(groups__name="leader").values_list("pk", flat=True).first()
            or fallback_user.pk
        )
        versions = []
        for version in MatterVersion.objects.order_by("pk"):
            start = max(version.effective_from, window_start)
            end = min(version.effective_to - dt.timedelta(days=1) if version.effective_to else today, today)
            if start <= end:
                versions.append((version.pk, start, (end - start).days))
        if not versions:
            raise CommandError("The catalog has no matter version in force in the last three years.")
        general_states, general_weights = zip(*GENERAL_STATES, strict=True)
        summary_states, summary_weights = zip(*SUMMARY_STATES, strict=True)
        general_cum = list(itertools.accumulate(general_weights))
        summary_cum = list(itertools.accumulate(summary_weights))
        source_cum = list(itertools.accumulate(SOURCE_WEIGHTS))
        general_index = {to: i for i, (_f, to, _a) in enumerate(GENERAL_PATH)}
        summary_index = {to: i for i, (_f, to, _a) in enumerate(SUMMARY_PATH)}
        utc = dt.UTC
        local = timezone.get_current_timezone()
        parties = ctx.parties
        case_writer = BulkWriter(
            Case,
            [
                "number", "source", "procedure", "state", "unit_id", "matter_version_id", "act_at", "place",
                "facts", "severity", "harm", "proposed_kinds", "proposed_fine", "registered_on", "filed_on",
                "decided_on", "closed_on", "created_by_id",
            ],
        )  # fmt: skip
        party_writer = BulkWriter(CaseParty, ["case_id", "party_id"])
        handler_writer = BulkWriter(CaseHandler, ["case_id", "staff_id", "lead"])
        event_writer = BulkWriter(
            CaseEvent, ["case_id", "action", "from_state", "to_state", "actor_id", "at"]
        )
        decision_writer = BulkWriter(
            Decision,
            [
                "case_id", "kind", "document_number", "penalty_kinds", "fine", "decided_on", "approved_by_id",
                "remedies_text", "on_the_spot",
            ],
        )  # fmt: skip
        case_pk = first_pk = case_writer.next_pk()
        party_pk = party_writer.next_pk()
        handler_pk = handler_writer.next_pk()
        event_pk = event_writer.next_pk()
        decision_pk = decision_writer.next_pk()
        fine_kinds, warning_kinds = ["fine"], ["warning"]
        random_ = rng.random
        randrange = rng.randrange
        done = 0
        while done < ctx.cases:
            size = min(ctx.batch, ctx.cases - done)
            cases, events, case_parties, case_handlers, decisions = [], [], [], [], []
            for j in range(size):
                n = offset + done + j + 1
                summary = random_() < SUMMARY_SHARE
                squad = squads[randrange(len(squads))]
                version, start, span = versions[randrange(len(versions))]
                act_day = start + dt.timedelta(days=randrange(span + 1))
                act_at = dt.datetime.combine(act_day, dt.time(8 + randrange(12), randrange(60)), local)
                if summary:
                    state = summary_states[bisect.bisect_right(summary_cum, random_() * summary_cum[-1])]
                    path = SUMMARY_PATH[: summary_index[state] + 1]
                else:
                    state = general_states[bisect.bisect_right(general_cum, random_() * general_cum[-1])]
                    path = GENERAL_PATH[: general_index[state] + 1]
                registered = min(act_day + dt.timedelta(days=randrange(3)), today)
                group = officers[squad.pk]
                lead = group[randrange(len(group))]
                second = group[randrange(len(group))]
                while second == lead:
                    second = group[randrange(len(group))]
                actor = users[lead]
                decided_on = None
                if state in DECIDED_STATES:
                    decided_on = registered if summary else min(registered + dt.timedelta(days=30), today)
                closed_on = (
                    min((decided_on or registered) + dt.timedelta(days=20), today)
                    if state in ("closed", "archived")
                    else None
                )
                fine = Decimal((0, 50, 100, 200)[randrange(4)] if summary else randrange(5, 200) * 100)
                kinds = fine_kinds if fine else warning_kinds
                source = SOURCES[bisect.bisect_right(source_cum, random_() * source_cum[-1])]
                cases.append(
                    (
                        case_pk,
                        f"新城管{'简' if summary else '立'}〔{registered.year}〕G{n:08d}号",
                        source,
                        "summary" if summary else "general",
                        state,
                        squad.pk,
                        version,
                        act_at.astimezone(utc),
                        f"{STREETS[randrange(len(STREETS))]}{randrange(1, 400)}号",
                        FACTS[randrange(len(FACTS))],
                        "minor",
                        "slight",
                        kinds,
                        fine,
                        registered,
                        None if summary or state == "registered" else registered,
                        decided_on,
                        closed_on,
                        actor,
                    )
                )
                case_parties.append((party_pk, case_pk, parties[randrange(len(parties))]))
                case_handlers.append((handler_pk, case_pk, lead, True))
                case_handlers.append((handler_pk + 1, case_pk, second, False))
                party_pk += 1
                handler_pk += 2
                at = dt.datetime.combine(registered, dt.time(9), local).astimezone(utc)
                step_days = 1 if summary else 3
                for step, (from_state, to_state, action) in enumerate(path):
                    events.append(
                        (
                            event_pk,
                            case_pk,
                            action,
                            from_state,
                            to_state,
                            actor,
                            at + dt.timedelta(days=step * step_days),
                        )
                    )
                    event_pk += 1
                if decided_on is not None:
                    decisions.append(
                        (
                            decision_pk,
                            case_pk,
                            "penalty",
                            f"新城管罚决字〔{decided_on.year}〕G{n:08d}号",
                            kinds,
                            fine,
                            decided_on,
                            actor if summary else leader_id,
                            REMEDIES,
                            summary,
                        )
                    )
                    decision_pk += 1
                case_pk += 1
            case_writer.write(cases)
            party_writer.write(case_parties)
            handler_writer.write(case_handlers)
            event_writer.write(events)
            decision_writer.write(decisions)
            done += size
            if done % 100_000 == 0:
                self.stdout.write(f"           {done:,} cases")
        for writer in (case_writer, party_writer, handler_writer, event_writer, decision_writer):
            writer.finish()
        ctx.case_range = (first_pk, case_pk - 1)
        marker, _created = CaseCounter.objects.get_or_create(series=MARKER_SERIES, year=0)
        marker.last = offset + ctx.cases
        marker.save(update_fields=["last"])


class _Quiet:
    """An ``out`` for the demo loaders that discards their chatter."""

    def write(self, *args, **kwargs) -> None:
        return None
