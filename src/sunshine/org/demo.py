"""The demo city's organisation: 新城市城市管理局, modelled on the bureau of seed 003.

One brigade with eight squads (一至五中队, 车辆, 机动, 拆违), four sections, 65 officers and 20
auxiliaries with certificates and three years of training, legal reviewers above 3% of officers,
65 body cameras, 13 vehicles, a lattice of grids over the city, and one demo login per role.

Deterministic (``random.Random(SEED)``) and idempotent: every row is found by its natural key
(unit code, employee number, certificate number, serial, plate, grid code, username) and only missing
rows are created, in bulk. One audit event records each load that created something.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from stdnum.cn import ric

from sunshine.accounts.models import User
from sunshine.accounts.roles import Role
from sunshine.audit.services import audit_append

from .models import BodyCamera, Certificate, Grid, Staff, TrainingRecord, Unit, Vehicle
from .services import polygon_bbox

SEED = 20260101
# Ages are computed against this day so that the data do not depend on when they are loaded.
REFERENCE_DAY = dt.date(2026, 1, 1)
# Training records end here: the demo's "current year" is 2026.
LAST_TRAINING_DAY = dt.date(2026, 11, 20)

BUREAU_CODE = "XCG"
UNITS = [
    # code, name, kind, parent code, short name, order
    ("XCG", "新城市城市管理局", Unit.Kind.BUREAU, None, "新城管", 0),
    ("XCG-DD", "行政执法大队", Unit.Kind.BRIGADE, "XCG", "", 10),
    ("XCG-Z1", "一中队", Unit.Kind.SQUAD, "XCG-DD", "", 11),
    ("XCG-Z2", "二中队", Unit.Kind.SQUAD, "XCG-DD", "", 12),
    ("XCG-Z3", "三中队", Unit.Kind.SQUAD, "XCG-DD", "", 13),
    ("XCG-Z4", "四中队", Unit.Kind.SQUAD, "XCG-DD", "", 14),
    ("XCG-Z5", "五中队", Unit.Kind.SQUAD, "XCG-DD", "", 15),
    ("XCG-ZCL", "车辆中队", Unit.Kind.SQUAD, "XCG-DD", "", 16),
    ("XCG-ZJD", "机动中队", Unit.Kind.SQUAD, "XCG-DD", "", 17),
    ("XCG-ZCW", "拆违中队", Unit.Kind.SQUAD, "XCG-DD", "", 18),
    ("XCG-BGS", "办公室", Unit.Kind.SECTION, "XCG", "", 20),
    ("XCG-FZ", "法制宣传监督股", Unit.Kind.SECTION, "XCG", "", 21),
    ("XCG-DC", "督查室", Unit.Kind.SECTION, "XCG", "", 22),
    ("XCG-XZFW", "行政服务股", Unit.Kind.SECTION, "XCG", "", 23),
]
UNIT_DUTIES = {
    "XCG-Z1": "新安街道城区市容秩序巡查与执法",
    "XCG-Z2": "北沟街道城区市容秩序巡查与执法",
    "XCG-Z3": "唐店街道城区市容秩序巡查与执法",
    "XCG-Z4": "墨河街道城区市容秩序巡查与执法",
    "XCG-Z5": "钟吾街道城区市容秩序巡查与执法",
    "XCG-ZCL": "渣土运输、车辆抛洒滴漏与占道停车管理",
    "XCG-ZJD": "夜间及节假日机动巡查、突发事件处置",
    "XCG-ZCW": "违法建设查处与拆除",
    "XCG-BGS": "综合协调、文秘、后勤保障",
    "XCG-FZ": "重大行政执法决定法制审核、普法宣传、执法监督",
    "XCG-DC": "队容风纪督查、暗访、执法过错追究",
    "XCG-XZFW": "群众诉求受理、首问负责、窗口服务",
}
AREA_BY_UNIT = {
    "XCG-Z1": "新城市新安街道",
    "XCG-Z2": "新城市北沟街道",
    "XCG-Z3": "新城市唐店街道",
    "XCG-Z4": "新城市墨河街道",
    "XCG-Z5": "新城市钟吾街道",
}
CATEGORY = "城市管理综合执法"

# How many officers (O) and auxiliaries (A) each unit has: 65 officers, 20 auxiliaries.
HEADCOUNT = {
    "XCG": (2, 0),
    "XCG-DD": (2, 0),
    "XCG-Z1": (8, 3),
    "XCG-Z2": (8, 3),
    "XCG-Z3": (8, 3),
    "XCG-Z4": (8, 3),
    "XCG-Z5": (8, 3),
    "XCG-ZCL": (5, 2),
    "XCG-ZJD": (5, 3),
    "XCG-ZCW": (5, 0),
    "XCG-FZ": (3, 0),
    "XCG-DC": (2, 0),
    "XCG-BGS": (1, 0),
    "XCG-XZFW": (0, 0),
}
CIVILIANS = {"XCG-BGS": 3, "XCG-XZFW": 2}
TITLES = {
    "XCG": ["局长", "副局长"],
    "XCG-DD": ["大队长", "教导员"],
    "XCG-FZ": ["股长", "法制审核员", "法制审核员"],
    "XCG-DC": ["督查室主任", "督查员"],
    "XCG-BGS": ["办公室主任"],
}
SQUAD_TITLES = ["中队长", "指导员", "副中队长"]

# Demo logins: username → (role, unit code or None, staff kind or None, display name).
DEMO_USERS = [
    ("admin", Role.SYSTEM_ADMIN, None, None, "系统管理员"),
    ("secadmin", Role.SECURITY_ADMIN, None, None, "安全管理员"),
    ("auditor", Role.AUDIT_ADMIN, None, None, "审计管理员"),
    ("leader", Role.LEADER, "XCG", Staff.Kind.OFFICER, None),
    ("reviewer", Role.LEGAL_REVIEWER, "XCG-FZ", Staff.Kind.OFFICER, None),
    ("squadleader", Role.SQUAD_LEADER, "XCG-Z1", Staff.Kind.OFFICER, None),
    ("officer", Role.OFFICER, "XCG-Z1", Staff.Kind.OFFICER, None),
    ("officer2", Role.OFFICER, "XCG-Z1", Staff.Kind.OFFICER, None),
    ("auxiliary", Role.AUXILIARY, "XCG-Z1", Staff.Kind.AUXILIARY, None),
    ("clerk", Role.INTAKE_CLERK, "XCG-XZFW", Staff.Kind.CIVILIAN, None),
    ("inspector", Role.INSPECTOR, "XCG-DC", Staff.Kind.OFFICER, None),
    ("finance", Role.FINANCE, "XCG-BGS", Staff.Kind.CIVILIAN, None),
    ("supervisor", Role.SOCIAL_SUPERVISOR, None, None, "社会监督员"),
]

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯史陶贺顾毛郝"
    "龚邵万钱严武戴孔汤"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆旭宇林峰建东亮成新国文志海永春晨阳振翔"
FEMALE_CHARS = "芳娜敏静丽艳娟霞玲婷雪慧颖琳洁倩萍红梅兰燕琴晶佳悦欣怡璐蕾"
# County-level divisions around 新沂 (GB/T 2260) for the first six digits of ID numbers, by the birth
# years in which each code was in use (新沂县 was 322126 under 徐州地区 until 1983, 320326 until 1990,
# then 新沂市 320381).
AREA_CODES = [
    (1900, 1982, ["322126", "322126", "322126", "322125", "322124", "322127"]),
    (1983, 1989, ["320326", "320326", "320326", "320324", "320321", "320322"]),
    (1990, 1991, ["320381", "320381", "320381", "320324", "320311"]),
    (1992, 1995, ["320381", "320381", "320381", "320382", "320324", "320311"]),
    (1996, 2099, ["320381", "320381", "320381", "320382", "320324", "320311", "321322"]),
]
MOBILE_PREFIXES = ["138", "139", "135", "136", "137", "150", "151", "152", "157", "158", "159", "182",
                   "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153",
                   "180", "181", "189", "177", "199"]  # fmt: skip

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

STUDY_TOPICS = [
    "《中华人民共和国行政处罚法》逐条解读",
    "《江苏省城市市容和环境卫生管理条例》",
    "《徐州市市容和环境卫生管理条例》",
    "行政处罚自由裁量基准适用",
    "执法全过程记录与执法记录仪使用",
    "行政执法文书规范制作",
    "说理式执法与文明执法五步走",
    "《中华人民共和国行政强制法》",
    "城乡规划违法建设查处实务",
    "首问负责制与群众诉求办理",
    "队容风纪与行为规范",
    "突发事件现场处置演练",
    "案卷评查典型问题分析",
    "行政复议与行政诉讼应诉",
]
AUXILIARY_COURSES = [
    ("协管员规范文明用语培训", Decimal("4")),
    ("协助执法注意事项", Decimal("4")),
    ("尊重执法对象合法权益", Decimal("3")),
]
VEHICLE_KINDS = ["执法巡逻车", "执法皮卡", "电动巡逻车", "渣土巡查车", "执法面包车"]
GRID_NAMES = [
    "钟吾北", "钟吾南", "新华路", "北京路", "南京路",
    "新安东", "新安西", "人民广场", "火车站", "沭河湾",
    "北沟东", "北沟西", "唐店", "高铁新城", "马陵山路",
    "墨河东", "墨河西", "瓦窑", "城南", "经济开发区",
]  # fmt: skip
# The city's extent, split into a 5×4 lattice; column i belongs to squad i (一至五中队).
LNG_MIN, LNG_MAX, LAT_MIN, LAT_MAX = 118.30, 118.42, 34.33, 34.42
GRID_COLUMNS, GRID_ROWS = 5, 4


def id_number(rng: random.Random, *, birth: dt.date, male: bool) -> str:
    """A resident ID number that passes GB 11643 (area code, birth date, sequence, check character)."""
    # The 17th digit (last of the sequence) is odd for men and even for women.
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    codes = next(codes for first, last, codes in AREA_CODES if first <= birth.year <= last)
    body = f"{rng.choice(codes)}{birth:%Y%m%d}{sequence:03d}"
    total = sum(int(digit) * weight for digit, weight in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def _unique_id(rng: random.Random, used: set[str], *, birth: dt.date, male: bool) -> str:
    while True:
        number = id_number(rng, birth=birth, male=male)
        if number not in used and ric.is_valid(number):
            used.add(number)
            return number


def _birth(rng: random.Random) -> dt.date:
    age = rng.randint(23, 58)
    start = dt.date(REFERENCE_DAY.year - age - 1, REFERENCE_DAY.month, REFERENCE_DAY.day) + dt.timedelta(
        days=1
    )
    return start + dt.timedelta(days=rng.randrange(0, 365))


def _name(rng: random.Random, used: set[str], male: bool) -> str:
    chars = MALE_CHARS if male else FEMALE_CHARS
    while True:
        given = rng.choice(chars) if rng.random() < 0.35 else rng.choice(chars) + rng.choice(chars)
        name = rng.choice(SURNAMES) + given
        if name not in used:
            used.add(name)
            return name


def _phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}"


def _units(out) -> dict[str, Unit]:
    units: dict[str, Unit] = {u.code: u for u in Unit.objects.filter(code__in=[row[0] for row in UNITS])}
    for code, name, kind, parent_code, short_name, order in UNITS:
        if code in units:
            continue
        parent = units[parent_code] if parent_code else None
        unit = Unit.objects.create(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            short_name=short_name,
            sort_order=order,
            phone=f"0516-8890{order:04d}",
            address="新城市新安街道人民路88号" if kind != Unit.Kind.SQUAD else f"新城市{name}标准化办公室",
            duties=UNIT_DUTIES.get(code, ""),
        )
        unit.path = f"{parent.path if parent else ''}{unit.pk}/"
        unit.save(update_fields=["path"])
        units[code] = unit
    return units


def _staff_plan(rng: random.Random) -> list[dict]:
    """Everyone on the demo payroll, in a fixed order, with the demo logins placed among them."""
    used: set[str] = set()
    used_ids: set[str] = set()
    plan: list[dict] = []
    logins = {(unit, kind): [] for _u, _r, unit, kind, _n in DEMO_USERS if unit}
    for username, _role, unit, kind, _display in DEMO_USERS:
        if unit:
            logins[(unit, kind)].append(username)
    officer_no = auxiliary_no = 0
    for code, *_rest in UNITS:
        officers, auxiliaries = HEADCOUNT.get(code, (0, 0))
        titles = TITLES.get(code, SQUAD_TITLES if code.startswith("XCG-Z") else [])
        for kind, count in (
            (Staff.Kind.OFFICER, officers),
            (Staff.Kind.CIVILIAN, CIVILIANS.get(code, 0)),
            (Staff.Kind.AUXILIARY, auxiliaries),
        ):
            wanted = list(logins.get((code, kind), []))
            for index in range(count):
                male = rng.random() < (0.8 if kind != Staff.Kind.CIVILIAN else 0.4)
                birth = _birth(rng)
                if kind == Staff.Kind.AUXILIARY:
                    auxiliary_no += 1
                    employee_no = f"XGY{auxiliary_no:03d}"
                else:
                    officer_no += 1
                    employee_no = f"XCG{officer_no:04d}"
                if kind == Staff.Kind.OFFICER:
                    title = titles[index] if index < len(titles) else "执法队员"
                elif kind == Staff.Kind.CIVILIAN:
                    title = "受理员" if code == "XCG-XZFW" else "科员"
                else:
                    title = "协管员"
                hired_year = max(birth.year + 22, rng.randint(2003, 2024))
                plan.append(
                    {
                        "employee_no": employee_no,
                        "name": _name(rng, used, male),
                        "gender": Staff.Gender.MALE if male else Staff.Gender.FEMALE,
                        "kind": kind,
                        "unit": code,
                        "title": title,
                        "phone": _phone(rng),
                        "id_number": _unique_id(rng, used_ids, birth=birth, male=male),
                        "hired_on": dt.date(min(hired_year, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                        # the squad leader is the squad's first officer; other logins follow
                        "username": None,
                    }
                )
            # Attach logins: leaders/section heads first, then ordinary members.
            members = [p for p in plan if p["unit"] == code and p["kind"] == kind]
            if wanted:
                if code == "XCG-Z1" and kind == Staff.Kind.OFFICER:
                    order = {"squadleader": 0, "officer": 3, "officer2": 4}
                    for username in wanted:
                        members[order[username]]["username"] = username
                else:
                    for username, member in zip(wanted, members, strict=False):
                        member["username"] = username
    return plan


# Officers made unqualified on purpose, by index into the officers list (not the demo logins).
EXPIRED = {12, 27, 44}  # certificate expired
SUSPENDED_CERT = {20, 51}  # certificate suspended
STUDY_LEAVE = {33, 58}  # failed the 2026 closed-training exam: study leave (离岗学习)
DEPARTED = {57}  # left the bureau; certificate revoked
LOW_TRAINING = {5, 9, 16, 23, 38, 47, 55}  # below 60 hours in some years


def _certificates(rng: random.Random, staff: list[Staff], units: dict[str, Unit]) -> list[Certificate]:
    by_pk = {u.pk: u for u in units.values()}
    certificates = []
    officers = [s for s in staff if s.kind == Staff.Kind.OFFICER]
    for index, person in enumerate(officers):
        code = by_pk[person.unit_id].code
        area = AREA_BY_UNIT.get(code, "新城市")
        if index in EXPIRED:
            issued = dt.date(2020, rng.randint(1, 12), rng.randint(1, 28))
            expires = dt.date(2025, issued.month, issued.day) - dt.timedelta(days=1)
            status = Certificate.Status.VALID
        else:
            issued = dt.date(rng.randint(2022, 2025), rng.randint(1, 12), rng.randint(1, 28))
            expires = dt.date(issued.year + 5, issued.month, issued.day) - dt.timedelta(days=1)
            status = Certificate.Status.VALID
        if index in SUSPENDED_CERT:
            status = Certificate.Status.SUSPENDED
        if index in DEPARTED:
            status = Certificate.Status.REVOKED
        certificates.append(
            Certificate(
                staff=person,
                number=f"320381{issued.year % 100:02d}{index + 1:05d}",
                enforcement_category=CATEGORY,
                enforcement_area=area,
                issued_on=issued,
                expires_on=expires,
                status=status,
            )
        )
    return certificates


def _training(rng: random.Random, staff: list[Staff]) -> list[TrainingRecord]:
    records: list[TrainingRecord] = []
    officers = [s for s in staff if s.kind == Staff.Kind.OFFICER]
    for index, person in enumerate(officers):
        for year in (2024, 2025, 2026):
            low = index in LOW_TRAINING and rng.random() < 0.7
            # The closed rotation training: 7 days, 6 hours a day, with an exam (seed 003).
            failed = year == 2026 and index in STUDY_LEAVE
            score = Decimal(rng.randint(48, 59) if failed else rng.randint(72, 98))
            records.append(
                TrainingRecord(
                    staff=person,
                    course=f"{year}年度执法队员全年封闭轮训（7天）",
                    hours=Decimal("42"),
                    date=dt.date(year, 4, 10 + rng.randint(0, 8)),
                    exam_result=TrainingRecord.ExamResult.FAILED
                    if failed
                    else TrainingRecord.ExamResult.PASSED,
                    score=score,
                )
            )
            # Friday study days (周五学习日), 2 hours each; the low ones attend few.
            sessions = rng.randint(2, 5) if low else rng.randint(8, 14)
            last_month = LAST_TRAINING_DAY.month if year == LAST_TRAINING_DAY.year else 12
            days = set()
            for topic_index in range(sessions):
                while True:
                    day = dt.date(year, rng.randint(1, last_month), rng.randint(1, 28))
                    day += dt.timedelta(days=(4 - day.weekday()) % 7)  # the next Friday
                    if day.year == year and day <= LAST_TRAINING_DAY and day not in days:
                        break
                days.add(day)
                topic = STUDY_TOPICS[(index + topic_index + year) % len(STUDY_TOPICS)]
                records.append(
                    TrainingRecord(staff=person, course=f"周五学习日：{topic}", hours=Decimal("2"), date=day)
                )
            # Quarterly examinations (季考), 1.5 hours each.
            quarters = 3 if year == LAST_TRAINING_DAY.year else 4
            for quarter in range(quarters):
                records.append(
                    TrainingRecord(
                        staff=person,
                        course=f"{year}年第{quarter + 1}季度业务考学",
                        hours=Decimal("1.5"),
                        date=dt.date(year, quarter * 3 + 3, 25),
                        exam_result=TrainingRecord.ExamResult.PASSED,
                        score=Decimal(rng.randint(70, 99)),
                    )
                )
    for person in (s for s in staff if s.kind == Staff.Kind.AUXILIARY):
        for year in (2024, 2025, 2026):
            for month, (course, hours) in zip((3, 6, 9), AUXILIARY_COURSES, strict=True):
                records.append(
                    TrainingRecord(staff=person, course=course, hours=hours, date=dt.date(year, month, 15))
                )
    return records


def _users(units: dict[str, Unit]) -> dict[str, User]:
    groups = {g.name: g for g in Group.objects.filter(name__in=[row[1] for row in DEMO_USERS])}
    existing = {u.username: u for u in User.objects.filter(username__in=[row[0] for row in DEMO_USERS])}
    password = None
    users = {}
    for username, role, _unit, _kind, display in DEMO_USERS:
        user = existing.get(username)
        if user is None:
            password = password or make_password(settings.DEMO_PASSWORD)
            user = User.objects.create(
                username=username,
                password=password,
                display_name=display or "",
                is_staff=role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN),
                password_changed_at=timezone.now(),
            )
        if role in groups:
            user.groups.add(groups[role])
        users[username] = user
    return users


def load(out) -> None:
    rng = random.Random(SEED)
    units = _units(out)
    plan = _staff_plan(rng)
    users = _users(units)

    existing = {
        s.employee_no: s for s in Staff.objects.filter(employee_no__in=[p["employee_no"] for p in plan])
    }
    new_staff = []
    for row in plan:
        if row["employee_no"] in existing:
            continue
        user = users.get(row["username"]) if row["username"] else None
        if user is not None and not user.display_name:
            user.display_name = row["name"]
            user.save(update_fields=["display_name"])
        new_staff.append(
            Staff(
                employee_no=row["employee_no"],
                name=row["name"],
                gender=row["gender"],
                kind=row["kind"],
                unit=units[row["unit"]],
                title=row["title"],
                phone=row["phone"],
                id_number=row["id_number"],
                hired_on=row["hired_on"],
                user=user,
            )
        )
    Staff.objects.bulk_create(new_staff)
    staff = list(Staff.objects.filter(employee_no__in=[p["employee_no"] for p in plan]).order_by("pk"))
    order = {p["employee_no"]: i for i, p in enumerate(plan)}
    staff.sort(key=lambda s: order[s.employee_no])
    officers = [s for s in staff if s.kind == Staff.Kind.OFFICER]

    # Statuses, legal reviewers (3 of 65 officers ≈ 4.6% ≥ 3%, seed 001), in a fixed way.
    if new_staff:
        changed = []
        for index, person in enumerate(officers):
            if index in STUDY_LEAVE:
                person.status = Staff.Status.STUDY_LEAVE
            elif index in DEPARTED:
                person.status = Staff.Status.DEPARTED
            if person.unit_id == units["XCG-FZ"].pk:
                person.is_legal_reviewer = True
                person.legal_professional_qualification = person.title != "法制审核员" or index % 2 == 0
            changed.append(person)
        reviewer_login = next((s for s in officers if s.user_id == users["reviewer"].pk), None)
        if reviewer_login is not None:
            reviewer_login.legal_professional_qualification = True
        Staff.objects.bulk_update(
            changed, ["status", "is_legal_reviewer", "legal_professional_qualification"]
        )

    # Certificates and training for whoever has none yet. Each part draws from its own generator, so
    # a change to one part does not reshuffle the others.
    holders = set(Certificate.objects.filter(staff__in=staff).values_list("staff_id", flat=True))
    certificates = _certificates(random.Random(SEED + 1), staff, units)
    new_certificates = [c for c in certificates if c.staff_id not in holders]
    Certificate.objects.bulk_create(new_certificates)

    trained = set(TrainingRecord.objects.filter(staff__in=staff).values_list("staff_id", flat=True))
    records = _training(random.Random(SEED + 2), staff)
    new_records = [r for r in records if r.staff_id not in trained]
    TrainingRecord.objects.bulk_create(new_records, batch_size=500)

    new_cameras = _cameras(random.Random(SEED + 3), staff, units)
    new_vehicles = _vehicles(random.Random(SEED + 4), units)
    new_grids = _grids(random.Random(SEED + 5), units)

    created = {
        "staff": len(new_staff),
        "certificates": len(new_certificates),
        "training_records": len(new_records),
        "body_cameras": new_cameras,
        "vehicles": new_vehicles,
        "grids": new_grids,
    }
    if any(created.values()):
        audit_append(actor=None, action="org.demo_load", obj=units[BUREAU_CODE], payload=created)
    auxiliaries = sum(1 for s in staff if s.kind == Staff.Kind.AUXILIARY)
    out.write(
        f"org: {len(units)} units, {len(officers)} officers, {auxiliaries} auxiliaries, "
        f"{BodyCamera.objects.filter(unit__code__startswith=BUREAU_CODE).count()} body cameras, "
        f"{Vehicle.objects.filter(unit__code__startswith=BUREAU_CODE).count()} vehicles, "
        f"{Grid.objects.filter(code__startswith='XC-').count()} grids; "
        f"demo logins: {', '.join(u for u, *_ in DEMO_USERS)} (password {settings.DEMO_PASSWORD})\n"
    )


def _cameras(rng: random.Random, staff: list[Staff], units: dict[str, Unit]) -> int:
    """65 body cameras: one per field officer and a few auxiliaries; spares and one under repair."""
    by_pk = {u.pk: u for u in units.values()}
    holders = [
        s
        for s in staff
        if s.status == Staff.Status.ACTIVE
        and by_pk[s.unit_id].kind == Unit.Kind.SQUAD
        and (s.kind == Staff.Kind.OFFICER or s.employee_no in {"XGY001", "XGY004", "XGY007"} or s.user_id)
        and s.kind != Staff.Kind.CIVILIAN
    ]
    cameras = []
    for number, person in enumerate(holders, start=1):
        cameras.append(
            BodyCamera(
                serial=f"DSJ-XC{number:04d}",
                model_name=rng.choice(["DSJ-V7", "DSJ-T8", "DSJ-H9"]),
                unit=by_pk[person.unit_id],
                assigned_to=person,
            )
        )
    spare_units = ["XCG-Z1", "XCG-Z2", "XCG-Z3", "XCG-Z4", "XCG-Z5", "XCG-ZJD", "XCG-ZCW", "XCG-FZ", "XCG-DC"]
    number = len(cameras)
    while len(cameras) < 65:
        number += 1
        code = spare_units[number % len(spare_units)]
        cameras.append(
            BodyCamera(
                serial=f"DSJ-XC{number:04d}",
                model_name=rng.choice(["DSJ-V7", "DSJ-T8", "DSJ-H9"]),
                unit=units[code],
                status=BodyCamera.Status.REPAIR if number == 65 else BodyCamera.Status.IN_SERVICE,
            )
        )
    cameras = cameras[:65]
    known = set(
        BodyCamera.objects.filter(serial__in=[c.serial for c in cameras]).values_list("serial", flat=True)
    )
    new = [c for c in cameras if c.serial not in known]
    BodyCamera.objects.bulk_create(new)
    return len(new)


def _vehicles(rng: random.Random, units: dict[str, Unit]) -> int:
    """13 vehicles (seed 003): five with the vehicle squad, one with each other squad and the brigade."""
    plan = ["XCG-ZCL"] * 5 + [
        "XCG-Z1",
        "XCG-Z2",
        "XCG-Z3",
        "XCG-Z4",
        "XCG-Z5",
        "XCG-ZJD",
        "XCG-ZCW",
        "XCG-DD",
    ]
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    vehicles = []
    plates: set[str] = set()
    for index, code in enumerate(plan):
        plate = f"苏C{rng.choice(letters)}{rng.randrange(0, 10000):04d}"
        while plate in plates:
            plate = f"苏C{rng.choice(letters)}{rng.randrange(0, 10000):04d}"
        plates.add(plate)
        kind = (
            "渣土巡查车"
            if code == "XCG-ZCL" and index % 2 == 0
            else VEHICLE_KINDS[index % len(VEHICLE_KINDS)]
        )
        vehicles.append(Vehicle(plate=plate, kind=kind, unit=units[code]))
    known = set(Vehicle.objects.filter(plate__in=[v.plate for v in vehicles]).values_list("plate", flat=True))
    new = [v for v in vehicles if v.plate not in known]
    Vehicle.objects.bulk_create(new)
    return len(new)


def _grids(rng: random.Random, units: dict[str, Unit]) -> int:
    """A 5×4 lattice over the city; interior corners nudged so the cells are real quadrilaterals."""
    step_lng = (LNG_MAX - LNG_MIN) / GRID_COLUMNS
    step_lat = (LAT_MAX - LAT_MIN) / GRID_ROWS
    corners = {}
    for i in range(GRID_COLUMNS + 1):
        for j in range(GRID_ROWS + 1):
            lng = LNG_MIN + i * step_lng
            lat = LAT_MIN + j * step_lat
            if 0 < i < GRID_COLUMNS and 0 < j < GRID_ROWS:
                lng += rng.uniform(-0.3, 0.3) * step_lng
                lat += rng.uniform(-0.3, 0.3) * step_lat
            corners[(i, j)] = [round(lng, 6), round(lat, 6)]
    squads = ["XCG-Z1", "XCG-Z2", "XCG-Z3", "XCG-Z4", "XCG-Z5"]
    grids = []
    number = 0
    for i in range(GRID_COLUMNS):
        for j in range(GRID_ROWS):
            ring = [
                corners[(i, j)],
                corners[(i + 1, j)],
                corners[(i + 1, j + 1)],
                corners[(i, j + 1)],
                corners[(i, j)],
            ]
            polygon = {"type": "Polygon", "coordinates": [ring]}
            min_lng, min_lat, max_lng, max_lat = polygon_bbox(polygon)
            name = GRID_NAMES[number]
            number += 1
            grids.append(
                Grid(
                    code=f"XC-{number:03d}",
                    name=f"{name}网格",
                    squad=units[squads[i]],
                    polygon=polygon,
                    min_lng=min_lng,
                    min_lat=min_lat,
                    max_lng=max_lng,
                    max_lat=max_lat,
                )
            )
    known = set(Grid.objects.filter(code__in=[g.code for g in grids]).values_list("code", flat=True))
    new = [g for g in grids if g.code not in known]
    Grid.objects.bulk_create(new)
    return len(new)
