"""The standard document set: for each kind, where its content comes from, whether it is numbered, which
rules decide whether the case may issue it now, and how its text is filled from the case.

The documents themselves are legal instruments in Chinese (the national common language of official
documents); the labels in the staff interface are translated as usual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sunshine.catalog.models import PenaltyKind, Severity
from sunshine.core.money import amount_in_chinese_capitals

from . import rules
from .models import Kind

CASE = "case"
ENTRY = "entry"


@dataclass(frozen=True)
class Spec:
    kind: str
    word: (
        str | None
    )  # the number's word (罚告字 ...); None for forms and records, which carry the case number
    layout: str  # "letter" (to the party, with the seal) or "form" (a table)
    record: str  # CASE, ENTRY, or the cases model the document is about
    party_signs: bool = False
    needs_seal: bool = False
    entry_form: type[forms.Form] | None = None
    fields: tuple = field(default=())

    @property
    def title(self):
        """The label in the interface (translated)."""
        return Kind(self.kind).label

    @property
    def official_title(self) -> str:
        """The document's own name, printed on it."""
        return OFFICIAL_TITLES[self.kind]


# --- forms for the records an officer types in ------------------------------------------------


DT = {"type": "datetime-local", "class": "form-control"}
TEXT = {"class": "form-control"}
AREA = {"class": "form-control", "rows": 5}


class InspectionEntryForm(forms.Form):
    started_at = forms.DateTimeField(
        label=_("Started at"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M")
    )
    ended_at = forms.DateTimeField(
        label=_("Ended at"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Place inspected"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    present = forms.CharField(label=_("Persons present"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    observed = forms.CharField(label=_("What was found"), max_length=5000, widget=forms.Textarea(attrs=AREA))

    def clean(self):
        data = super().clean()
        if data.get("started_at") and data.get("ended_at") and data["ended_at"] < data["started_at"]:
            raise forms.ValidationError({"ended_at": _("The end cannot precede the start.")})
        if data.get("started_at") and data["started_at"] > timezone.now():
            raise forms.ValidationError({"started_at": _("The inspection cannot be in the future.")})
        return data


class InquiryEntryForm(forms.Form):
    person = forms.CharField(label=_("Person questioned"), max_length=100, widget=forms.TextInput(attrs=TEXT))
    person_role = forms.ChoiceField(
        label=_("Capacity"),
        choices=[("party", _("Party")), ("witness", _("Witness"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    asked_at = forms.DateTimeField(
        label=_("Questioned at"), widget=forms.DateTimeInput(attrs=DT, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    transcript = forms.CharField(
        label=_("Questions and answers"),
        max_length=20000,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("One line per question or answer, e.g. 问：… / 答：…"),
    )

    def clean_asked_at(self):
        value = self.cleaned_data["asked_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("The inquiry cannot be in the future."))
        return value


class CorrectionEntryForm(forms.Form):
    requirement = forms.CharField(
        label=_("What must be corrected"), max_length=2000, widget=forms.Textarea(attrs=AREA)
    )
    correct_by = forms.DateField(
        label=_("Correct by"), widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )

    def clean_correct_by(self):
        value = self.cleaned_data["correct_by"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return value


K = Kind
OFFICIAL_TITLES = {
    K.FILING_APPROVAL: "立案审批表",
    K.INSPECTION_RECORD: "现场检查（勘验）笔录",
    K.INQUIRY_RECORD: "询问笔录",
    K.CORRECTION_ORDER: "责令改正通知书",
    K.PRESERVATION_NOTICE: "先行登记保存通知书",
    K.MEASURE_DECISION: "查封（扣押）决定书",
    K.MEASURE_RELEASE: "解除查封（扣押）决定书",
    K.ADVANCE_NOTICE: "行政处罚事先告知书",
    K.HEARING_NOTICE: "听证告知书",
    K.HEARING_RECORD: "听证笔录",
    K.REVIEW_OPINION: "法制审核意见书",
    K.DISCUSSION_RECORD: "集体讨论记录",
    K.PENALTY_DECISION: "行政处罚决定书",
    K.SUMMARY_DECISION: "当场行政处罚决定书",
    K.NO_PENALTY_DECISION: "不予行政处罚决定书",
    K.SERVICE_RECEIPT: "送达回证",
    K.DEMAND_NOTICE: "催告书",
    K.CLOSURE_APPROVAL: "结案审批表",
}
SPECS: dict[str, Spec] = {
    s.kind: s
    for s in [
        Spec(K.FILING_APPROVAL, None, "form", CASE),
        Spec(K.INSPECTION_RECORD, None, "form", ENTRY, party_signs=True, entry_form=InspectionEntryForm),
        Spec(K.INQUIRY_RECORD, None, "form", ENTRY, party_signs=True, entry_form=InquiryEntryForm),
        Spec(K.CORRECTION_ORDER, "责改字", "letter", ENTRY, entry_form=CorrectionEntryForm),
        Spec(K.PRESERVATION_NOTICE, "先登字", "letter", "preservation", party_signs=True),
        Spec(K.MEASURE_DECISION, "强制字", "letter", "measure", party_signs=True),
        Spec(K.MEASURE_RELEASE, "解强字", "letter", "measure"),
        Spec(K.ADVANCE_NOTICE, "罚告字", "letter", "notice"),
        Spec(K.HEARING_NOTICE, "听告字", "letter", "hearing"),
        Spec(K.HEARING_RECORD, None, "form", "hearing", party_signs=True),
        Spec(K.REVIEW_OPINION, "法审字", "form", "review"),
        Spec(K.DISCUSSION_RECORD, None, "form", "discussion"),
        Spec(K.PENALTY_DECISION, "罚决字", "letter", "decision", needs_seal=True),
        Spec(K.SUMMARY_DECISION, "当罚字", "letter", "decision", party_signs=True, needs_seal=True),
        Spec(K.NO_PENALTY_DECISION, "不罚字", "letter", "decision", needs_seal=True),
        Spec(K.SERVICE_RECEIPT, None, "form", "decision", party_signs=True),
        Spec(K.DEMAND_NOTICE, "催字", "letter", "decision"),
        Spec(K.CLOSURE_APPROVAL, None, "form", CASE),
    ]
}
DECISION_KINDS = {K.PENALTY_DECISION, K.SUMMARY_DECISION, K.NO_PENALTY_DECISION}

# The records a kind is filled from: (related name on the case, key prefix, message when missing, citation)
RECORDS = {
    "preservation": (
        "preservations",
        _("No evidence has been registered for preservation on this case yet."),
        rules.CIT_PRESERVATION,
    ),
    "measure": (
        "measures",
        _("No sealing or seizure has been recorded on this case yet."),
        rules.CIT_MEASURE,
    ),
    "notice": ("notices", _("No advance notice has been served on this case yet."), rules.CIT_NOTICE),
    "hearing": ("hearings", _("No hearing has been requested on this case yet."), rules.CIT_HEARING),
    "review": ("reviews", _("No legal review has been recorded on this case yet."), rules.CIT_REVIEW),
    "discussion": (
        "discussions",
        _("No collective discussion has been recorded on this case yet."),
        rules.CIT_DISCUSSION,
    ),
    "decision": (None, _("The case has not been decided yet."), rules.CIT_DECISION_CONTENT),
}


def spec_for(kind: str) -> Spec:
    try:
        return SPECS[kind]
    except KeyError:
        from sunshine.core.errors import RuleViolation

        raise RuleViolation("documents_unknown_kind", _("Unknown kind of document."), "") from None


def records_of(case, spec: Spec) -> list:
    """The step records of ``case`` a document of this kind may be issued for (newest first)."""
    if spec.record in (CASE, ENTRY):
        return [case]
    related = RECORDS[spec.record][0]
    if related is None:
        decision = getattr(case, "decision", None) if _has_decision(case) else None
        return [decision] if decision else []
    return list(getattr(case, related).order_by("-id"))


def _has_decision(case) -> bool:
    from sunshine.cases.models import Decision

    try:
        return case.decision is not None
    except Decision.DoesNotExist:
        return False


def record_key(spec: Spec, record, entry_no: int | None = None) -> str:
    if spec.record == CASE:
        return CASE
    if spec.record == ENTRY:
        return f"{ENTRY}:{entry_no}"
    return f"{spec.record}:{record.pk}"


def check_can_issue(case, spec: Spec, record, *, today: dt.date) -> None:
    """Raise RuleViolation when ``case`` may not issue this kind for ``record`` now."""
    title = spec.title
    if spec.record not in (CASE, ENTRY):
        _msg, citation = RECORDS[spec.record][1:]
        rules.check_record(
            record, missing_message=_msg, code=f"documents_no_{spec.record}", citation=citation
        )
    k = spec.kind
    if k == K.FILING_APPROVAL:
        rules.check_general_procedure(procedure=case.procedure, title=title)
        rules.check_filing_approval(state=case.state)
    elif k in (K.INSPECTION_RECORD, K.INQUIRY_RECORD, K.CORRECTION_ORDER):
        rules.check_general_procedure(procedure=case.procedure, title=title)
        rules.check_investigating(state=case.state, title=title)
    elif k == K.MEASURE_RELEASE:
        rules.check_measure_released(released_on=record.released_on)
    elif k == K.HEARING_NOTICE:
        rules.check_hearing_scheduled(hearing_on=record.hearing_on, notified_on=record.notified_on)
    elif k == K.HEARING_RECORD:
        rules.check_hearing_held(outcome=record.outcome)
    elif k == K.PENALTY_DECISION:
        rules.check_decision_kind(
            expected="penalty", on_the_spot_expected=False, kind=record.kind, on_the_spot=record.on_the_spot
        )
    elif k == K.SUMMARY_DECISION:
        rules.check_decision_kind(
            expected="penalty", on_the_spot_expected=True, kind=record.kind, on_the_spot=record.on_the_spot
        )
    elif k == K.NO_PENALTY_DECISION:
        rules.check_decision_kind(
            expected="no_penalty",
            on_the_spot_expected=False,
            kind=record.kind,
            on_the_spot=record.on_the_spot,
        )
    elif k == K.DEMAND_NOTICE:
        rules.check_demand_due(
            fine=record.fine, payment_due=record.payment_due, paid=_paid(case), today=today
        )
    elif k == K.CLOSURE_APPROVAL:
        decision = records_of(case, SPECS[K.PENALTY_DECISION])
        no_penalty_served = bool(
            decision and decision[0].kind == "no_penalty" and case.state in ("served", "closed", "archived")
        )
        rules.check_closable(state=case.state, no_penalty_served=no_penalty_served)
    if k in DECISION_KINDS and record.kind == "penalty":
        collected = _collected_on_spot(case)
        bank = bank_details()
        rules.check_bank_stated(fine=record.fine, bank_name=bank["name"], bank_account=bank["account"])
        rules.check_payment_due_stated(
            fine=record.fine, payment_due=record.payment_due, collected_on_spot=collected
        )
    if k == K.DEMAND_NOTICE:
        bank = bank_details()
        rules.check_bank_stated(fine=record.fine, bank_name=bank["name"], bank_account=bank["account"])


def _paid(case) -> bool:
    return case.executions.filter(kind__in=["paid", "collected_on_spot"]).exists()


def _collected_on_spot(case) -> bool:
    return case.executions.filter(kind="collected_on_spot").exists()


def bank_details() -> dict:
    """Where fines are paid: ``settings.SUNSHINE`` keys ``FINE_BANK_NAME``, ``FINE_BANK_ACCOUNT`` and
    ``FINE_BANK_ACCOUNT_NAME``
    when set, else the document settings the system administrator keeps in the admin."""
    from .models import IssuingSettings

    conf = getattr(settings, "SUNSHINE", {})
    row = IssuingSettings.objects.filter(singleton=1).first()
    return {
        "name": conf.get("FINE_BANK_NAME") or (row.bank_name if row else ""),
        "account": conf.get("FINE_BANK_ACCOUNT") or (row.bank_account if row else ""),
        "account_name": conf.get("FINE_BANK_ACCOUNT_NAME") or (row.bank_account_name if row else ""),
    }


# --- filling the text ---------------------------------------------------------------------------

PENALTY_ZH = {
    "warning": "警告",
    "criticism": "通报批评",
    "fine": "罚款",
    "confiscate_gains": "没收违法所得",
    "confiscate_property": "没收非法财物",
    "licence_suspension": "暂扣许可证件",
    "qualification_downgrade": "降低资质等级",
    "licence_revocation": "吊销许可证件",
    "restrict_business": "限制开展生产经营活动",
    "suspend_business": "责令停产停业",
    "closure": "责令关闭",
    "restrict_employment": "限制从业",
    "demolition": "限期拆除",
}
SEVERITY_ZH = {"minor": "轻微", "ordinary": "一般", "serious": "较重", "grave": "严重"}
SERVICE_ZH = {
    "direct": "直接送达",
    "left": "留置送达",
    "postal": "邮寄送达",
    "public_notice": "公告送达",
    "electronic": "电子送达",
}
assert set(PENALTY_ZH) == set(PenaltyKind.values)
assert set(SEVERITY_ZH) == set(Severity.values)


def zh_date(value) -> str:
    if not value:
        return "　　年　　月　　日"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
        return f"{value.year}年{value.month}月{value.day}日{value.hour}时{value.minute:02d}分"
    return f"{value.year}年{value.month}月{value.day}日"


def yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元（{amount_in_chinese_capitals(amount)}）"


def penalties(kinds, fine: Decimal, other: str = "") -> str:
    parts = []
    for k in kinds or []:
        parts.append(f"罚款{yuan(fine)}" if k == "fine" else PENALTY_ZH.get(k, k))
    if other:
        parts.append(other)
    return "；".join(parts) or "无"


def _parties(case) -> list:
    return [cp.party for cp in case.case_parties.select_related("party").order_by("id")]


def party_rows(case) -> list[tuple[str, str]]:
    rows = []
    for p in _parties(case):
        if p.kind == "individual":
            rows.append(("当事人", p.name))
            if p.id_number:
                rows.append(("身份证件号码", p.id_number))
        else:
            rows.append(("当事人（单位）", p.name))
            if p.credit_code:
                rows.append(("统一社会信用代码", p.credit_code))
            if p.legal_representative:
                rows.append(("法定代表人（负责人）", p.legal_representative))
        if p.address:
            rows.append(("住所（地址）", p.address))
    return rows


def party_names(case) -> str:
    return "、".join(p.name for p in _parties(case)) or "—"


def basis(case) -> dict:
    v = case.matter_version
    return {
        "violated": f"《{v.violated_law}》{v.violated_article}",
        "violated_text": v.violated_text,
        "penalty": f"《{v.penalty_law}》{v.penalty_article}",
        "penalty_text": v.penalty_text,
        "benchmark": v.benchmark_document,
        "matter": f"{v.matter.code} {v.matter.name}",
    }


def _facts_paragraph(case) -> str:
    return f"经查，当事人于{zh_date(case.act_at)}在{case.place}，{case.facts.strip().rstrip('。')}。"


def _discretion(case, mitigated: bool = False) -> str:
    b = basis(case)
    level = SEVERITY_ZH.get(case.severity, "")
    text = f"依据{b['benchmark'] or '本局行政处罚自由裁量基准'}，本案违法情节属{level or '一般'}情形"
    if mitigated:
        text += "，依法从轻或者减轻处罚"
    return text + "。"


def build(case, spec: Spec, record, entry: dict | None, *, issue_date: dt.date) -> dict:
    """The text of one document: ``{"rows": [(label, value)], "paragraphs": [...], "addressee": ...}``."""
    b = basis(case)
    k = spec.kind
    rows: list[tuple[str, str]] = []
    paras: list[str] = []
    title = spec.official_title
    entry = entry or {}
    if k == K.FILING_APPROVAL:
        rows = [
            ("案件编号", case.number),
            ("案件来源", case.get_source_display()),
            ("案由", b["matter"]),
            *party_rows(case),
            ("违法时间", zh_date(case.act_at)),
            ("违法地点", case.place),
            ("简要案情", case.facts),
            ("违反的规定", b["violated"]),
            ("承办人", _handler_names(case)),
            ("登记日期", zh_date(case.registered_on)),
            ("立案日期", zh_date(case.filed_on) if case.filed_on else "（待审批）"),
        ]
    elif k == K.INSPECTION_RECORD:
        rows = [
            ("案件编号", case.number),
            ("检查时间", f"{zh_date(entry['started_at'])}至{zh_date(entry['ended_at'])}"),
            ("检查地点", entry["place"]),
            *party_rows(case),
            ("在场人员", entry["present"]),
            ("执法人员", _handler_names(case)),
            ("告知事项", "执法人员已出示执法证件，告知当事人有申请回避的权利，并全程音像记录。"),
            ("检查情况", entry["observed"]),
        ]
    elif k == K.INQUIRY_RECORD:
        role = "当事人" if entry.get("person_role") == "party" else "证人"
        rows = [
            ("案件编号", case.number),
            ("询问时间", zh_date(entry["asked_at"])),
            ("询问地点", entry["place"]),
            (f"被询问人（{role}）", entry["person"]),
            ("询问人", _handler_names(case)),
            (
                "告知事项",
                "我们是执法人员，已出示执法证件。你有如实回答询问、陈述和申辩的权利，"
                "认为执法人员与本案有利害关系的，可以申请回避。",
            ),
            ("询问记录", entry["transcript"]),
        ]
    elif k == K.CORRECTION_ORDER:
        paras = [
            _facts_paragraph(case),
            f"上述行为违反了{b['violated']}的规定。",
            f"根据《行政处罚法》第二十八条的规定，现责令你（单位）于{zh_date(entry['correct_by'])}前"
            f"改正上述违法行为：{entry['requirement'].strip()}",
            "逾期不改正的，本机关将依法处理。",
        ]
    elif k == K.PRESERVATION_NOTICE:
        paras = [
            _facts_paragraph(case),
            "因证据可能灭失或者以后难以取得，经本机关负责人批准，根据《行政处罚法》第五十六条的规定，"
            f"决定对下列物品先行登记保存：{record.items}。",
            f"登记保存期间，当事人或者有关人员不得销毁或者转移证据。本机关将于{zh_date(record.due)}前"
            "（七个工作日内）作出处理决定。",
        ]
        if record.decided_on:
            paras.append(f"处理决定（{zh_date(record.decided_on)}）：{record.decision}")
    elif k == K.MEASURE_DECISION:
        word = "查封" if record.kind == "sealing" else "扣押"
        title = f"{word}决定书"
        paras = [
            _facts_paragraph(case),
            f"根据{b['violated']}及《行政强制法》第二十二条、第二十三条、第二十四条的规定，本机关决定对下列"
            f"场所、设施或者财物予以{word}：{record.items}。",
            f"{word}期限自{zh_date(record.start)}起至{zh_date(record.end)}止，"
            "期限不超过三十日；情况复杂的，经本机关负责人批准可以延长，但延长期限不超过三十日"
            "（《行政强制法》第二十五条）。",
            "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法"
            "向人民法院提起行政诉讼（《行政复议法》第二十条、《行政诉讼法》第四十六条）。",
        ]
        if record.extension_days:
            paras.append(f"经批准延长{record.extension_days}日，理由：{record.extension_reason}。")
    elif k == K.MEASURE_RELEASE:
        word = "查封" if record.kind == "sealing" else "扣押"
        title = f"解除{word}决定书"
        paras = [
            f"本机关于{zh_date(record.start)}对你（单位）的下列场所、设施或者财物实施了{word}：{record.items}。",
            f"根据《行政强制法》第二十八条的规定，本机关决定自{zh_date(record.released_on)}起解除{word}。"
            "请于收到本决定书后到本机关办理相关手续。",
        ]
    elif k == K.ADVANCE_NOTICE:
        paras = [
            _facts_paragraph(case),
            f"你（单位）的上述行为违反了{b['violated']}的规定，依据{b['penalty']}的规定，"
            + _discretion(case),
            f"本机关拟对你（单位）作出如下行政处罚：{penalties(record.penalty_kinds, record.fine)}。",
            f"根据《行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利，可在"
            f"{zh_date(record.reply_due)}前向本机关提出陈述和申辩；逾期未提出的，视为放弃上述权利。",
        ]
        if record.hearing_available:
            paras.append(
                "根据《行政处罚法》第六十三条、第六十四条的规定，你（单位）有要求听证的权利，可在"
                f"{zh_date(record.hearing_request_due)}前（告知后五个工作日内）提出听证申请；逾期未提出的，"
                "视为放弃听证权利。"
            )
    elif k == K.HEARING_NOTICE:
        paras = [
            f"你（单位）于{zh_date(record.requested_on)}提出的听证申请，本机关已受理。",
            f"根据《行政处罚法》第六十四条的规定，定于{zh_date(record.hearing_on)}在{record.place}"
            f"{'公开' if record.public else '不公开'}举行听证，"
            f"听证主持人：{record.chair.name if record.chair else ''}。",
            "你（单位）可以亲自参加听证，也可以委托一至二人代理；认为主持人与本案有直接利害关系的，"
            "有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。",
        ]
    elif k == K.HEARING_RECORD:
        rows = [
            ("案件编号", case.number),
            ("案由", b["matter"]),
            ("听证时间", zh_date(record.hearing_on)),
            ("听证地点", record.place),
            ("听证方式", "公开" if record.public else "不公开"),
            ("听证主持人", record.chair.name if record.chair else ""),
            *party_rows(case),
            ("案件调查人员", _handler_names(case)),
            ("听证记录", record.record or "（无）"),
        ]
    elif k == K.REVIEW_OPINION:
        checks = record.checks or {}
        rows = [
            ("案件编号", case.number),
            ("案由", b["matter"]),
            *party_rows(case),
            ("审核人", record.reviewer.name),
            ("审核日期", zh_date(record.reviewed_on)),
            (
                "审核内容",
                "执法主体、执法人员资格、程序、事实、证据、适用法律、裁量基准、文书、是否涉嫌犯罪"
                "（《行政处罚法》第五十八条）",
            ),
            (
                "审核要点",
                "；".join(
                    f"{key}：{'是' if val else '否'}" if isinstance(val, bool) else f"{key}：{val}"
                    for key, val in checks.items()
                )
                or "（无）",
            ),
            ("审核结论", record.get_outcome_display()),
            ("审核意见", record.opinion),
        ]
    elif k == K.DISCUSSION_RECORD:
        rows = [
            ("案件编号", case.number),
            ("案由", b["matter"]),
            ("讨论时间", zh_date(record.held_on)),
            ("参加人员", "、".join(p.name for p in record.participants.all())),
            ("案情摘要", case.facts),
            ("拟处理意见", penalties(case.proposed_kinds, case.proposed_fine)),
            ("讨论结论", record.conclusion),
        ]
    elif k in (K.PENALTY_DECISION, K.SUMMARY_DECISION):
        paras = [
            _facts_paragraph(case),
            f"以上事实有现场检查笔录、询问笔录、音像记录等证据证实。你（单位）的上述行为违反了{b['violated']}"
            "的规定。",
        ]
        if k == K.PENALTY_DECISION:
            paras.append(_statement_paragraph(case))
        paras += [
            f"依据{b['penalty']}的规定，"
            + _discretion(case, record.mitigated)
            + (f"理由：{record.reasons.strip()}" if record.reasons.strip() else ""),
            "本机关决定对你（单位）作出如下行政处罚："
            f"{penalties(record.penalty_kinds, record.fine, record.other_penalties)}。",
        ]
        paras += _payment_paragraphs(case, record)
        paras.append(record.remedies_text)
    elif k == K.NO_PENALTY_DECISION:
        paras = [
            _facts_paragraph(case),
            f"上述行为违反了{b['violated']}的规定。"
            + (f"鉴于{record.reasons.strip().rstrip('。')}，" if record.reasons.strip() else "")
            + "根据《行政处罚法》第三十三条的规定，本机关决定不予行政处罚，并对你（单位）进行了教育。",
            record.remedies_text,
        ]
    elif k == K.SERVICE_RECEIPT:
        service = case.services.order_by("-served_on", "-id").first()
        rows = [
            ("送达文书", f"行政处罚决定书 {record.document_number}"),
            ("受送达人", party_names(case)),
            ("送达地点", _first_address(case)),
            ("送达方式", SERVICE_ZH.get(service.method, service.method) if service else "直接送达"),
            ("送达日期", zh_date(service.served_on) if service else "　　年　　月　　日"),
            ("收件人", (service.recipient if service and service.recipient else "")),
            ("送达人", _handler_names(case)),
            ("备注", (service.late_reason if service else "") or "（无）"),
        ]
    elif k == K.DEMAND_NOTICE:
        bank = bank_details()
        paras = [
            f"本机关于{zh_date(record.decided_on)}作出{record.document_number}行政处罚决定，对你（单位）"
            f"处以罚款{yuan(record.fine)}，缴款期限至{zh_date(record.payment_due)}。你（单位）至今未履行。",
            "根据《行政强制法》第三十五条、第四十五条及《行政处罚法》第七十二条的规定，现催告你（单位）"
            f"自收到本催告书之日起十日内到{bank['name']}（户名：{bank['account_name']}，账号：{bank['account']}）"
            "缴纳罚款。到期不缴纳的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额。",
            "你（单位）有权进行陈述和申辩（《行政强制法》第三十六条）。逾期仍不履行的，本机关将依法申请"
            "人民法院强制执行（《行政强制法》第五十三条、第五十四条）。",
        ]
    elif k == K.CLOSURE_APPROVAL:
        decision = records_of(case, SPECS[K.PENALTY_DECISION])
        d = decision[0] if decision else None
        execs = list(case.executions.order_by("on", "id"))
        rows = [
            ("案件编号", case.number),
            ("案由", b["matter"]),
            *party_rows(case),
            ("立案日期", zh_date(case.filed_on)),
            (
                "处罚决定",
                f"{d.document_number}：{penalties(d.penalty_kinds, d.fine, d.other_penalties)}"
                if d
                else "（无）",
            ),
            (
                "执行情况",
                "；".join(
                    f"{zh_date(x.on)} {x.get_kind_display()}"
                    + (f" {yuan(x.amount)}" if x.amount else "")
                    + (f"，加处罚款{yuan(x.surcharge)}" if x.surcharge else "")
                    for x in execs
                )
                or "（无）",
            ),
            ("承办人", _handler_names(case)),
            ("结案理由", "处罚决定已执行完毕" if execs else "不予行政处罚决定已送达"),
        ]
    return {
        "title": title,
        "rows": rows,
        "paragraphs": [p for p in paras if p],
        "addressee": party_names(case),
    }


def _statement_paragraph(case) -> str:
    notice = case.notices.order_by("-served_on", "-id").first()
    if notice is None:
        return ""
    text = (
        f"本机关于{zh_date(notice.served_on)}向你（单位）送达了行政处罚事先告知书，告知了拟作出行政处罚的"
        "事实、理由、依据及你（单位）依法享有的权利。"
    )
    statement = case.statements.order_by("-received_on", "-id").first()
    if statement is None:
        return text + "你（单位）在规定期限内未提出陈述、申辩。"
    if statement.kind == "waiver":
        return text + "你（单位）明确表示放弃陈述、申辩权利。"
    verdict = "予以采纳" if statement.adopted else "经复核，不予采纳"
    return text + f"你（单位）提出陈述、申辩：{statement.content.strip()}。本机关{verdict}。"


def _payment_paragraphs(case, decision) -> list[str]:
    if not decision.fine or decision.fine <= 0:
        return []
    if _collected_on_spot(case):
        receipt = case.executions.filter(kind="collected_on_spot").first()
        return [
            f"罚款已由执法人员当场收缴，并出具专用票据{receipt.receipt_number}（《行政处罚法》第六十八条、第七十条）。"
        ]
    bank = bank_details()
    return [
        f"根据《行政处罚法》第六十七条和《罚款决定与罚款收缴分离实施办法》第七条的规定，你（单位）应当自收到"
        f"本决定书之日起十五日内，即{zh_date(decision.payment_due)}前，持本决定书到{bank['name']}"
        f"（户名：{bank['account_name']}，账号：{bank['account']}）缴纳罚款。",
        "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款的数额"
        "（《行政处罚法》第七十二条）。",
    ]


def _handler_names(case) -> str:
    return "、".join(h.staff.name for h in case.case_handlers.select_related("staff").order_by("-lead", "id"))


def _first_address(case) -> str:
    for p in _parties(case):
        if p.address:
            return p.address
    return case.place


ENTRY_FORMS: dict[str, type[forms.Form]] = {k: s.entry_form for k, s in SPECS.items() if s.entry_form}
