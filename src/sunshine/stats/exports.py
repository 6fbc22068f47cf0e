"""Exports of a report in the layout of a government statistics table: Excel (openpyxl) and PDF (WeasyPrint).

The header carries 表号, 制表机关, 填报单位 and 统计期; the column heads are merged cells (序号, 指标 over
类别 and 名称, 计量单位, 本期数, and for the bureau's report 其中 over each unit); the footer carries 填报人,
审核人 and 报出日期.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .models import BureauReport, UnitReport

# Families tried in order (Debian fonts-noto-cjk, then WenQuanYi).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")


@dataclass
class Sheet:
    title: str
    table_no: str
    authority: str
    reporting_unit: str
    period: str
    preparer: str
    reviewer: str
    report_date: str
    rows: list[dict]
    unit_columns: list[tuple[str, dict]] = field(default_factory=list)  # (unit name, figures)
    late_note: str = ""


def _date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _period(year: int, quarter: int) -> str:
    if quarter:
        return _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": quarter}
    return _("Year %(year)s") % {"year": year}


def unit_sheet(report: UnitReport) -> Sheet:
    return Sheet(
        title=_("Administrative enforcement statistics (quarterly)"),
        table_no=_("Enforcement statistics table Q-1"),
        authority=settings.SUNSHINE["BUREAU_NAME"],
        reporting_unit=report.unit.name,
        period=_period(report.year, report.quarter),
        preparer=str(report.prepared_by),
        reviewer=str(report.reviewed_by or ""),
        report_date=_date(report.submitted_at),
        rows=selectors.table_rows(report.figures),
        late_note=_("Submitted late: %(reason)s") % {"reason": report.late_reason} if report.late else "",
    )


def bureau_sheet(report: BureauReport) -> Sheet:
    annual = report.kind == BureauReport.Kind.ANNUAL
    return Sheet(
        title=_("Administrative enforcement statistics (annual)")
        if annual
        else _("Administrative enforcement statistics (quarterly, bureau total)"),
        table_no=_("Enforcement statistics table A-1") if annual else _("Enforcement statistics table Q-2"),
        authority=settings.SUNSHINE["BUREAU_NAME"],
        reporting_unit=settings.SUNSHINE["BUREAU_NAME"],
        period=_period(report.year, report.quarter),
        preparer=str(report.aggregated_by),
        reviewer=str(report.published_by or ""),
        report_date=_date(report.published_at or report.aggregated_at),
        rows=selectors.table_rows(report.figures),
        unit_columns=[(v["name"], v["figures"]) for _code, v in sorted(report.by_unit.items())],
        late_note=_("Published after the 31 January deadline.") if report.published_late else "",
    )


def _number(value: str):
    if value in ("", None):
        return ""
    try:
        number = float(value)
    except ValueError:
        return value
    return int(number) if number.is_integer() else number


def xlsx(sheet: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _("Statistics")[:31]
    units = sheet.unit_columns
    last_col = 5 + len(units)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(row, col, value, *, bold=False, align=None, border=False):
        cell = ws.cell(row=row, column=col, value=value)
        if bold:
            cell.font = Font(bold=True, size=14 if row == 1 else 11)
        if align is not None:
            cell.alignment = align
        if border:
            cell.border = box
        return cell

    put(1, 1, sheet.title, bold=True, align=center)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    right = Alignment(horizontal="right")
    put(2, 1, f"{_('Table number')}：{sheet.table_no}", align=right)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    put(3, 1, f"{_('Issued by')}：{sheet.authority}", align=right)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last_col)
    put(4, 1, f"{_('Reporting unit')}：{sheet.reporting_unit}")
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=3)
    put(4, 4, f"{_('Statistical period')}：{sheet.period}")
    ws.merge_cells(start_row=4, start_column=4, end_row=4, end_column=last_col)
    # Column heads on rows 5-6, merged.
    heads = [(1, _("No.")), (4, _("Unit of measure")), (5, _("This period"))]
    for col, text in heads:
        put(5, col, text, bold=True, align=center, border=True)
        put(6, col, None, border=True)
        ws.merge_cells(start_row=5, start_column=col, end_row=6, end_column=col)
    put(5, 2, _("Indicator"), bold=True, align=center, border=True)
    put(5, 3, None, border=True)
    ws.merge_cells(start_row=5, start_column=2, end_row=5, end_column=3)
    put(6, 2, _("Category"), bold=True, align=center, border=True)
    put(6, 3, _("Name"), bold=True, align=center, border=True)
    if units:
        put(5, 6, _("Of which, by unit"), bold=True, align=center, border=True)
        for i in range(1, len(units)):
            put(5, 6 + i, None, border=True)
        if len(units) > 1:
            ws.merge_cells(start_row=5, start_column=6, end_row=5, end_column=last_col)
        for i, (name, _figures) in enumerate(units):
            put(6, 6 + i, name, bold=True, align=center, border=True)
    row = 7
    section_start, section = row, None
    for n, item in enumerate(sheet.rows, start=1):
        if item["section"] != section:
            if section is not None and row - 1 > section_start:
                ws.merge_cells(start_row=section_start, start_column=2, end_row=row - 1, end_column=2)
            section, section_start = item["section"], row
            put(row, 2, section, align=center, border=True)
        else:
            put(row, 2, None, border=True)
        put(row, 1, n, align=center, border=True)
        put(row, 3, item["label"], border=True)
        put(row, 4, item["measure"], align=center, border=True)
        put(row, 5, _number(item["value"]), border=True)
        for i, (_name, figures) in enumerate(units):
            put(row, 6 + i, _number(figures.get(item["code"], "")), border=True)
        row += 1
    if section is not None and row - 1 > section_start:
        ws.merge_cells(start_row=section_start, start_column=2, end_row=row - 1, end_column=2)
    row += 1
    put(row, 1, f"{_('Prepared by')}：{sheet.preparer}")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    put(row, 3, f"{_('Reviewed by')}：{sheet.reviewer}")
    put(row, 4, f"{_('Report date')}：{sheet.report_date}")
    ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=last_col)
    if sheet.late_note:
        put(row + 1, 1, sheet.late_note)
        ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=last_col)
    widths = {1: 6, 2: 22, 3: 44, 4: 10, 5: 14}
    for col in range(1, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 12)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def cjk_family() -> str:
    """The first installed CJK font family (fonts-noto-cjk); PDFs would print boxes without one."""
    import subprocess

    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"],  # noqa: S607 - fontconfig's tool, found on PATH
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    for family in CJK_FAMILIES:
        if family in out:
            return family
    raise RuntimeError("No CJK font found: install fonts-noto-cjk (scripts/system-deps.sh).")


def pdf(sheet: Sheet) -> bytes:
    from weasyprint import HTML

    sections = []
    for n, item in enumerate(sheet.rows, start=1):
        row = {
            **item,
            "n": n,
            "units": [figures.get(item["code"], "") for _name, figures in sheet.unit_columns],
        }
        if sections and sections[-1]["section"] == item["section"]:
            sections[-1]["rows"].append(row)
        else:
            sections.append({"section": item["section"], "rows": [row]})
    html = render_to_string(
        "stats/pdf/report.html", {"sheet": sheet, "sections": sections, "font_family": cjk_family()}
    )
    return HTML(string=html, base_url=None).write_pdf()
