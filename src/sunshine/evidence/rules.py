"""The rules of evidence and audio-visual recording, as pure functions with their citations.

A broken rule raises :class:`~sunshine.core.errors.RuleViolation` (HTTP 422, shown with its citation).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import filetype
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import RuleViolation

from .models import ActivityKind, DeviceFlag, Kind

CIT_KINDS = _("Administrative Penalty Law, Article 46")
CIT_RECORD = _("Administrative Penalty Law, Article 47")
CIT_AV = _(
    "General Office of the State Council 〔2018〕 No. 118; the bureau's work plan, audio-visual recording "
    "(seed 001, item 4)"
)
CIT_TWO_DEVICES = _("Work plan on the enforcement team: two or more recording devices per action (seed 004)")
CIT_REGISTER = _(
    "The bureau's work plan: recording devices issued and registered centrally (seed 001, item 5)"
)
CIT_UPLOAD = _("Evidence storage rules: files are checked by their content, dangerous files refused")


# --- files ------------------------------------------------------------------------------------------

# Extensions never accepted anywhere in a name (executables, scripts, active web content).
DANGEROUS_EXTENSIONS = frozenset(
    {
        "exe",
        "dll",
        "com",
        "scr",
        "pif",
        "bat",
        "cmd",
        "ps1",
        "psm1",
        "sh",
        "bash",
        "zsh",
        "csh",
        "ksh",
        "js",
        "mjs",
        "cjs",
        "jse",
        "vbs",
        "vbe",
        "wsf",
        "wsh",
        "hta",
        "msi",
        "msp",
        "msc",
        "jar",
        "apk",
        "app",
        "ipa",
        "py",
        "pyc",
        "pyw",
        "pl",
        "php",
        "phtml",
        "rb",
        "cgi",
        "asp",
        "aspx",
        "jsp",
        "html",
        "htm",
        "xhtml",
        "shtml",
        "mht",
        "mhtml",
        "svg",
        "svgz",
        "xml",
        "xsl",
        "xslt",
        "swf",
        "lnk",
        "reg",
        "cpl",
        "scf",
        "inf",
        "iso",
        "dmg",
        "elf",
        "run",
        "so",
        "dylib",
        "ko",
        "deb",
        "rpm",
        "wasm",
    }
)
# Types recognised from content that are accepted (by prefix or exactly).
ACCEPTED_PREFIXES = ("image/", "video/", "audio/")
ACCEPTED_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-7z-compressed",
        "application/x-rar-compressed",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/rtf",
    }
)
REFUSED_TYPES = frozenset({"image/svg+xml", "image/x-icon"})
# Markers of active content in a text file (checked case-insensitively at the start of the file).
ACTIVE_TEXT_MARKERS = (b"#!", b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script", b"<?php", b"@echo")
HEAD_BYTES = 8192


def check_file_name(name: str) -> str:
    """The file's base name, or RuleViolation when it is empty, has control characters or names a
    dangerous type in any of its extensions (``photo.exe.jpg`` too)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base in (".", ".."):
        raise RuleViolation("file_name_missing", _("The file has no name."), CIT_UPLOAD, field="file")
    if len(base) > 255 or any(unicodedata.category(c) in ("Cc", "Cf") for c in base):
        raise RuleViolation(
            "file_name_invalid",
            _("The file name is too long or contains control characters."),
            CIT_UPLOAD,
            field="file",
        )
    parts = [p.lower() for p in base.split(".")[1:]]
    bad = [p for p in parts if p in DANGEROUS_EXTENSIONS]
    if bad:
        raise RuleViolation(
            "file_name_dangerous",
            _("Files of type “.%(ext)s” are never accepted as evidence.") % {"ext": bad[0]},
            CIT_UPLOAD,
            field="file",
        )
    return base


def detect_type(head: bytes) -> str:
    """The file's type from its first bytes (never from its name), or RuleViolation when the content is
    executable, a script, HTML/SVG/XML, or an unrecognised binary format."""
    guess = filetype.guess(head) if head else None
    if guess is not None:
        mime = guess.mime
        if mime in REFUSED_TYPES or not (mime.startswith(ACCEPTED_PREFIXES) or mime in ACCEPTED_TYPES):
            raise RuleViolation(
                "file_type_refused",
                _("Files of type %(type)s are never accepted as evidence (checked by content).")
                % {"type": mime},
                CIT_UPLOAD,
                field="file",
            )
        return mime
    if not head:
        raise RuleViolation("file_empty", _("The file is empty."), CIT_UPLOAD, field="file")
    if b"\x00" in head:
        raise RuleViolation(
            "file_type_unknown",
            _("The type of this file could not be recognised from its content."),
            CIT_UPLOAD,
            field="file",
        )
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(ACTIVE_TEXT_MARKERS) or b"<script" in head.lower():
        raise RuleViolation(
            "file_type_refused",
            _("Scripts and web pages are never accepted as evidence (the type is read from the content)."),
            CIT_UPLOAD,
            field="file",
        )
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a multi-byte character cut at the end of the head
                return "text/plain"
            continue
        return "text/plain"
    raise RuleViolation(
        "file_type_unknown",
        _("The type of this file could not be recognised from its content."),
        CIT_UPLOAD,
        field="file",
    )


def check_size(size: int, limit: int) -> None:
    """An item is at most ``EVIDENCE_MAX_BYTES`` (a setting, 8 GiB by default: hours of video)."""
    if size > limit:
        raise RuleViolation(
            "file_too_large",
            _("The file is larger than the limit of %(limit)s bytes.") % {"limit": f"{limit:,}"},
            CIT_UPLOAD,
            field="file",
        )


# --- items ------------------------------------------------------------------------------------------


def check_kind(kind: str) -> None:
    """Evidence is one of the statutory kinds (《行政处罚法》第四十六条)."""
    if kind not in Kind.values:
        raise RuleViolation(
            "evidence_kind_unknown",
            _("“%(kind)s” is not a kind of evidence the law recognises.") % {"kind": kind},
            CIT_KINDS,
            field="kind",
        )


def check_av_device(*, kind: str, device_serial: str) -> None:
    """Audio-visual material names the recording device it came from (seed 001 item 5: devices are issued
    and registered centrally, so a recording can be traced to one)."""
    if kind == Kind.AUDIO_VISUAL and not (device_serial or "").strip():
        raise RuleViolation(
            "av_device_missing",
            _("Audio-visual material must name the recording device (its serial number)."),
            CIT_REGISTER,
            field="device_serial",
        )


def device_flag(*, camera, officer_ids: set[int]) -> str:
    """How a recording's device checks against the equipment register (seed 001 item 5): unknown (not in
    the register), out of service, or not assigned to one of the officers of the activity (or, without an
    activity, to the officer who captured it). ``""`` when it is registered, in service and assigned."""
    if camera is None:
        return DeviceFlag.UNKNOWN
    if camera.status != "in_service":
        return DeviceFlag.OUT_OF_SERVICE
    if camera.assigned_to_id is None or camera.assigned_to_id not in officer_ids:
        return DeviceFlag.UNASSIGNED
    return DeviceFlag.NONE


def check_activity_same_case(*, activity_case_id: int | None, case_id: int) -> None:
    """An item records an activity of its own case (《行政处罚法》第四十七条: the record of a case)."""
    if activity_case_id is not None and activity_case_id != case_id:
        raise RuleViolation(
            "activity_other_case",
            _("The enforcement activity belongs to another case."),
            CIT_RECORD,
            field="activity",
        )


def check_correction(*, reason: str, already_superseded: bool, same_case: bool) -> None:
    """Evidence is never edited: a correction is a new item that supersedes the old, with the reason, and
    an item is superseded once (《行政处罚法》第四十七条: the full-process record is kept as made)."""
    if not (reason or "").strip():
        raise RuleViolation(
            "correction_reason_missing",
            _("A correction must give the reason."),
            CIT_RECORD,
            field="reason",
        )
    if already_superseded:
        raise RuleViolation(
            "already_superseded",
            _("This item has already been superseded; correct the newest version."),
            CIT_RECORD,
        )
    if not same_case:
        raise RuleViolation("correction_other_case", _("A correction stays in the same case."), CIT_RECORD)


def retain_until(captured_on: dt.date, years: int) -> dt.date:
    """The end of the retention period: ``years`` (setting ``EVIDENCE_RETENTION_YEARS``) after capture
    (《行政处罚法》第四十七条: the record is archived and kept)."""
    try:
        return captured_on.replace(year=captured_on.year + years)
    except ValueError:  # 29 February
        return captured_on.replace(year=captured_on.year + years, day=28)


def check_disposable(*, retain_until: dt.date, today: dt.date) -> None:
    """Evidence is never deleted inside its retention period (《行政处罚法》第四十七条; the period is a
    setting). The last day of the period is still inside it."""
    if today <= retain_until:
        raise RuleViolation(
            "retention_period",
            _("Evidence is kept until %(date)s and cannot be deleted before then.") % {"date": retain_until},
            CIT_RECORD,
        )


# --- enforcement activities (audio-visual recording) ------------------------------------------------


def check_activity_recorded(*, av_items: int) -> None:
    """Questioning, inspection, preservation, sealing, seizure, sampling, on-site verification, service by
    leaving or public notice, forced demolition and activities touching major property are recorded on
    video from start to end: such an activity is done only with at least one audio-visual item (seed 001
    item 4; 国办发〔2018〕118号)."""
    if av_items < 1:
        raise RuleViolation(
            "av_record_missing",
            _("This activity must be recorded on video: link at least one audio-visual item first."),
            CIT_AV,
        )


def check_devices(*, devices: int, reason: str) -> None:
    """Two or more recording devices per enforcement action; fewer only with a reason, which is shown on
    the case and counted in statistics (seed 004)."""
    if devices < 2 and not (reason or "").strip():
        raise RuleViolation(
            "fewer_than_two_devices",
            _("Fewer than two recording devices were used (%(n)s): give the reason.") % {"n": devices},
            CIT_TWO_DEVICES,
            field="fewer_devices_reason",
        )


def check_officers(*, officers: int) -> None:
    """An on-site enforcement activity is carried out by at least two officers (《行政处罚法》第四十二条);
    the officers named are those whose devices count as assigned."""
    if officers < 2:
        raise RuleViolation(
            "activity_officers",
            _("An on-site enforcement activity needs at least two officers."),
            _("Administrative Penalty Law, Article 42"),
            field="officers",
        )


# The case actions that are recorded activities: action -> activity kind (or a function of the data).
def activity_for_action(action: str, data: dict) -> str | None:
    """The activity a case action is, when it is one that must be recorded on video (seed 001 item 4):
    ``record_statement`` questioning, ``preserve_evidence`` preservation, ``impose_measure`` sealing or
    seizure, ``serve_decision`` by leaving or by public notice, ``execute`` a forced demolition."""
    if action == "record_statement":
        return ActivityKind.QUESTIONING
    if action == "preserve_evidence":
        return ActivityKind.PRESERVATION
    if action == "impose_measure":
        return {"sealing": ActivityKind.SEALING, "seizure": ActivityKind.SEIZURE}.get(data.get("kind") or "")
    if action == "serve_decision":
        return {"left": ActivityKind.SERVICE_LEFT, "public_notice": ActivityKind.SERVICE_PUBLIC_NOTICE}.get(
            data.get("method") or ""
        )
    if action == "execute" and data.get("kind") == "demolished":
        return ActivityKind.DEMOLITION
    return None


def check_action_recorded(*, activity_kind: str, label, available: int) -> None:
    """A case action that is a must-record activity needs a done, not yet used activity of that kind with
    its audio-visual record on the case (seed 001 item 4)."""
    if available < 1:
        raise RuleViolation(
            "av_activity_missing",
            _(
                "“%(activity)s” must be recorded on video: record the activity with its audio-visual "
                "material on the case's evidence panel first."
            )
            % {"activity": label},
            CIT_AV,
        )
