"""Time limits for replying to a request, by kind and urgency (settings ``SERVICE_TIME_LIMITS``).

Each entry is ``(length, kind)`` with ``kind`` one of the working-day calendar's kinds: ``"hours"``,
``"working"`` (working days) or ``"calendar"`` (calendar days). Letters follow 《信访工作条例》
第三十四条 (60 days to finish) whatever their kind; the 15-day notice of 第二十二条 is a second deadline.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_LIMITS: dict[tuple[str, str], tuple[int, str]] = {
    ("complaint", "urgent"): (24, "hours"),
    ("inquiry", "urgent"): (24, "hours"),
    ("suggestion", "urgent"): (48, "hours"),
    ("praise", "urgent"): (48, "hours"),
    ("complaint", "ordinary"): (5, "working"),
    ("inquiry", "ordinary"): (3, "working"),
    ("suggestion", "ordinary"): (10, "working"),
    ("praise", "ordinary"): (10, "working"),
}


def limit_for(kind: str, urgency: str, channel: str) -> tuple[int, str]:
    from .rules import LETTER_FINISH_DAYS

    if channel == "letter":
        return LETTER_FINISH_DAYS, "calendar"
    limits = {**DEFAULT_LIMITS, **getattr(settings, "SERVICE_TIME_LIMITS", {})}
    return limits[(kind, urgency)]
