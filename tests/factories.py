"""factory_boy factories for every app, in one place (STYLE.md 13)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from sunshine.accounts.models import User
from sunshine.org.models import BodyCamera, Certificate, Grid, Staff, TrainingRecord, Unit, Vehicle

DEMO_PASSWORD = "Sunshine@2026"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"第{n}中队")
    kind = Unit.Kind.SQUAD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: a transactional test's flush removes the groups the migration made.
            self.groups.add(*(Group.objects.get_or_create(name=str(name))[0] for name in extracted))
        if create:
            self.save()


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"队员{n}")
    kind = Staff.Kind.OFFICER
    unit = factory.SubFactory(UnitFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    staff = factory.SubFactory(StaffFactory)
    number = factory.Sequence(lambda n: f"32038100{n:05d}")
    enforcement_category = "城市管理综合执法"
    enforcement_area = "新城市"
    issued_on = dt.date(2024, 1, 1)
    expires_on = dt.date(2029, 12, 31)


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    code = factory.Sequence(lambda n: f"G{n:03d}")
    name = factory.Sequence(lambda n: f"网格{n}")
    squad = factory.SubFactory(UnitFactory)
    polygon = {
        "type": "Polygon",
        "coordinates": [[[118.0, 34.0], [118.1, 34.0], [118.1, 34.1], [118.0, 34.0]]],
    }


# --- catalog (power list) ---------------------------------------------------------------------
# MatterVersionFactory(...) gives a version in force since 2024-01-01 with a statutory range of
# ¥500–¥20,000 and the four benchmark tiers (minor 500–2,000 … grave 14,000–20,000, the same for
# individuals and organisations); make_matter(code=...) is the quick helper for other apps' tests.


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.Matter"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-{n:03d}")
    name = factory.Sequence(lambda n: f"测试执法事项{n}")
    category = "environment"


class MatterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.MatterVersion"
        skip_postgeneration_save = True

    matter = factory.SubFactory(MatterFactory)
    number = 1
    effective_from = dt.date(2024, 1, 1)
    effective_to = None
    violated_law = "中华人民共和国大气污染防治法"
    violated_article = "第八十一条第三款"
    violated_text = "任何单位和个人不得在当地人民政府禁止的区域内露天烧烤食品或者为露天烧烤食品提供场地。"
    penalty_law = "中华人民共和国大气污染防治法"
    penalty_article = "第一百一十八条第三款"
    penalty_text = (
        "违反本法规定，在当地人民政府禁止的时段和区域内露天烧烤食品或者为露天烧烤食品提供场地的，"
        "由县级以上地方人民政府确定的监督管理部门责令改正，没收烧烤工具和违法所得，"
        "并处五百元以上二万元以下的罚款。"
    )
    fine_individual_min = Decimal("500")
    fine_individual_max = Decimal("20000")
    fine_org_min = Decimal("500")
    fine_org_max = Decimal("20000")
    other_penalties = "责令改正；没收烧烤工具和违法所得"
    handling_unit = "行政执法大队"
    time_limit_days = 90
    verified = True

    @factory.post_generation
    def tiers(self, create, extracted, **kwargs):
        """tiers=False for none; a list of dicts to set them; default the four standard tiers."""
        if not create or extracted is False:
            return
        from sunshine.catalog.models import BenchmarkTier

        rows = extracted or [
            {"severity": "minor", "low": "500", "high": "2000", "first_violation_waiver": True},
            {"severity": "ordinary", "low": "2000", "high": "8000"},
            {"severity": "serious", "low": "8000", "high": "14000"},
            {"severity": "grave", "low": "14000", "high": "20000"},
        ]
        for row in rows:
            row = dict(row)
            low, high = row.pop("low", None), row.pop("high", None)
            low = Decimal(low) if low is not None else None
            high = Decimal(high) if high is not None else None
            row.setdefault("conditions", "测试条件")
            BenchmarkTier.objects.create(
                version=self,
                fine_individual_min=row.pop("fine_individual_min", low),
                fine_individual_max=row.pop("fine_individual_max", high),
                fine_org_min=row.pop("fine_org_min", low),
                fine_org_max=row.pop("fine_org_max", high),
                **row,
            )


def make_matter(code: str = "HB-009", **version_fields):
    """A matter with one version in force since 2024-01-01 and four tiers; returns the version."""
    matter = MatterFactory(code=code)
    return MatterVersionFactory(matter=matter, **version_fields)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    staff = factory.SubFactory(StaffFactory)
    course = factory.Sequence(lambda n: f"周五学习日：第{n}讲")
    hours = 2
    date = dt.date(2026, 3, 6)


class BodyCameraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyCamera

    serial = factory.Sequence(lambda n: f"DSJ-T{n:05d}")
    model_name = "DSJ-V7"
    unit = factory.SubFactory(UnitFactory)


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    plate = factory.Sequence(lambda n: f"苏C{n:05d}")
    kind = "执法巡逻车"
    unit = factory.SubFactory(UnitFactory)


# --- parties (five-step ladder, vending points) ---------------------------------------------


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "parties.Party"

    kind = "individual"
    name = factory.Sequence(lambda n: f"当事人{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class VendingPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "parties.VendingPoint"

    code = factory.Sequence(lambda n: f"VP-{n:03d}")
    name = factory.Sequence(lambda n: f"便民疏导点{n}")
    lng = 118.05
    lat = 34.05
    capacity = 5
    hours = "06:00-09:00, 17:00-22:00"
    goods = "瓜果蔬菜"


# --- cases ------------------------------------------------------------------------------------


class CaseFactory(factory.django.DjangoModelFactory):
    """A registered general-procedure case: CaseFactory(unit=squad, handler=user_or_staff)."""

    class Meta:
        model = "cases.Case"
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"测立〔2026〕{n:05d}号")
    source = "patrol"
    procedure = "general"
    state = "registered"
    unit = factory.SubFactory(UnitFactory)
    matter_version = factory.SubFactory(MatterVersionFactory)
    act_at = factory.LazyFunction(lambda: dt.datetime(2026, 9, 28, 10, 0, tzinfo=dt.UTC))
    place = "解放路"
    facts = "露天烧烤"
    registered_on = dt.date(2026, 9, 29)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def handler(self, create, extracted, **kwargs):
        if not create or extracted is None:
            return
        from sunshine.cases.models import CaseHandler

        staff = getattr(extracted, "staff", extracted)
        CaseHandler.objects.create(case=self, staff=staff, lead=True)


# --- inspections -------------------------------------------------------------------------------------


def _credit_code(n: int) -> str:
    from sunshine.inspections.codes import make_credit_code

    return make_credit_code(n)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inspections.Target"

    credit_code = factory.Sequence(_credit_code)
    name = factory.Sequence(lambda n: f"新城商贸有限公司{n}")
    category = "市容"
    area = "A1"


class InspectionMatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inspections.InspectionMatter"

    code = factory.Sequence(lambda n: f"SJ-{n:03d}")
    name = "门前三包责任落实情况检查"
    category = "市容"
    basis = "《城市市容和环境卫生管理条例》第十条"
    content = "门前三包责任制落实"
    method = "现场检查"
    checklist = ["门前环境整洁", "无占道经营"]


# --- evidence (audio-visual records of enforcement activities) ---------------------------------------


def mp4_bytes(seed: str = "", size: int = 2048) -> bytes:
    """A small file that reads as MP4 video by its content (an ``ftyp`` box), distinct per ``seed``."""
    import hashlib

    body = hashlib.sha256(seed.encode()).digest() * (size // 32 + 1)
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + body[:size]


def record_av_activity(case, kind: str, actor, officers=None, *, devices: int = 2, reason: str = ""):
    """A done enforcement activity of ``kind`` on ``case``, filmed on ``devices`` registered body cameras
    assigned to its officers (the audio-visual rule of seed 001/004), recorded through the services.

    ``case``: a Case or its id; ``actor``: an officer or squad leader user who can see the case;
    ``officers``: Staff rows (default: the case's handlers, at least two)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from sunshine.cases.models import Case
    from sunshine.evidence import services
    from sunshine.org.models import BodyCamera, Staff

    if not isinstance(case, Case):
        case = Case.objects.get(pk=case)
    if officers is None:
        officers = list(Staff.objects.filter(case_handler_roles__case=case).order_by("id"))
        if len(officers) < 2:
            extra = (
                Staff.objects.filter(unit=case.unit).exclude(pk__in=[o.pk for o in officers]).order_by("id")
            )
            officers += list(extra[: 2 - len(officers)])
    now = timezone.now()
    activity = services.activity_record(
        actor=actor,
        case=case,
        kind=kind,
        started_at=now - dt.timedelta(minutes=30),
        place=case.place,
        officers=officers,
    )
    for n in range(devices):
        owner = officers[n % len(officers)]
        serial = f"AV-{owner.pk}-{n}"
        BodyCamera.objects.get_or_create(serial=serial, defaults={"unit": owner.unit, "assigned_to": owner})
        services.evidence_add(
            actor=actor,
            case=case,
            kind="audio_visual",
            upload=SimpleUploadedFile(f"{kind}-{n}.mp4", mp4_bytes(f"{case.pk}-{activity.pk}-{n}")),
            description=f"执法记录仪视频（{n + 1}）",
            captured_at=now - dt.timedelta(minutes=29),
            activity=activity,
            device_serial=serial,
        )
    return services.activity_complete(
        actor=actor, activity=activity, ended_at=now - dt.timedelta(minutes=1), fewer_devices_reason=reason
    )
