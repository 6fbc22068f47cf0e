"""The yearly unit evaluation as a spreadsheet (Excel, openpyxl) or CSV: the same rows as the page."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def _summary(data: dict) -> list[list]:
    reviews, party = data["reviews"], data["party"]
    rows = [
        [_("Unit"), data["unit"].name],
        [_("Year"), data["year"]],
        [_("Case files reviewed"), reviews["reviewed"]],
        [_("Average case-file score"), reviews["average"]],
        [_("Excellent"), reviews["excellent"]],
        [_("Pass"), reviews["passed"]],
        [_("Fail"), reviews["failed"]],
        [_("Case files still to review"), data["pending"]],
        [_("Party ratings"), party["total"]],
        [_("Satisfied"), party["satisfied"]],
        [_("Basically satisfied"), party["basic"]],
        [_("Dissatisfied"), party["dissatisfied"]],
        [_("Satisfaction (%)"), party["satisfaction"]],
        [_("Average party rating (points)"), party["average"]],
        [_("Weight of party ratings"), data["weight"]],
        [_("Composite score"), data["composite"]],
    ]
    rows += [[force_str(i["title"]), i["value"]] for i in data["indicators"]]
    return rows


OFFICER_HEADER = (
    gettext_lazy("Employee number"),
    gettext_lazy("Name"),
    gettext_lazy("Unit"),
    gettext_lazy("Case files"),
    gettext_lazy("Average case-file score"),
    gettext_lazy("Points deducted"),
    gettext_lazy("Party ratings"),
    gettext_lazy("Average party rating"),
    gettext_lazy("Composite score"),
)


def _officers(data: dict) -> list[list]:
    return [
        [
            r["employee_no"],
            r["name"],
            r["unit"],
            r["case_files"],
            r["case_file_average"],
            r["deducted"],
            r["ratings"],
            r["party_average"],
            r["composite"],
        ]
        for r in data["officers"]
    ]


def _filename(data: dict, ext: str) -> str:
    return f"evaluation-{data['unit'].code}-{data['year']}.{ext}"


def _plain(value):
    return "" if value is None else (float(value) if hasattr(value, "quantize") else value)


def as_csv(data: dict) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text correctly only with a BOM
    writer = csv.writer(out)
    for row in _summary(data):
        writer.writerow([_plain(v) for v in row])
    writer.writerow([])
    writer.writerow([force_str(h) for h in OFFICER_HEADER])
    for row in _officers(data):
        writer.writerow([_plain(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "csv")}"'
    return response


def as_xlsx(data: dict) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(data["year"])
    for row in _summary(data):
        sheet.append([_plain(v) for v in row])
    sheet.column_dimensions["A"].width = 30
    officers = book.create_sheet(_("Officers"))
    officers.append([force_str(h) for h in OFFICER_HEADER])
    for cell in officers[1]:
        cell.font = Font(bold=True)
    for row in _officers(data):
        officers.append([_plain(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(data, "xlsx")}"'
    return response
