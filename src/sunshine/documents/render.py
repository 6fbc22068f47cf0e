"""PDF rendering with WeasyPrint: A4, a CJK font embedded, laid out in the proportions of GB/T 9704-2012
(党政机关公文格式): margins 37/26/35/28 mm, the issuing body's mark in red over a red rule, the number under
it, a 2号 (22 pt) title, 3号 (16 pt) body text of 28 lines a page, the signature block on the right and the
seal pressed over the body's name and the date.
"""

from __future__ import annotations

import base64
import functools
import shutil
import subprocess
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import translation

# Families tried in order (Debian fonts-noto-cjk, then WenQuanYi); the first one installed is used.
FONT_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


class FontMissingError(RuntimeError):
    """No CJK font is installed: documents would print as boxes, so rendering refuses."""


@functools.cache
def cjk_font() -> tuple[str, str]:
    """(family, file) of the installed CJK font, found with fontconfig or a list of known paths."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        for family in FONT_FAMILIES:
            try:
                out = subprocess.run(  # noqa: S603 - fixed arguments, no user input
                    [fc_match, "-f", "%{family}|%{file}", f"{family}:lang=zh-cn"],
                    capture_output=True,
                    text=True,
                    timeout=10,
                    check=False,
                ).stdout
            except (OSError, subprocess.SubprocessError):
                break
            found_family, _sep, path = out.partition("|")
            if family.lower() in found_family.lower() and Path(path).exists():
                return family, path
    for family, path in zip(FONT_FAMILIES, FONT_FILES, strict=True):
        if Path(path).exists():
            return family, path
    tried = ", ".join(FONT_FAMILIES)
    raise FontMissingError(
        f"No CJK font found (tried {tried}). Install fonts-noto-cjk (scripts/system-deps.sh) and retry."
    )


def png_data_uri(data: bytes | memoryview | None) -> str | None:
    if not data:
        return None
    return "data:image/png;base64," + base64.b64encode(bytes(data)).decode("ascii")


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


def render_pdf(context: dict) -> bytes:
    """Render one document (see :func:`sunshine.documents.services.document_issue` for the context)."""
    from weasyprint import HTML

    family, _path = cjk_font()
    with translation.override("zh-hans"):
        html = render_to_string("documents/pdf/document.html", {**context, "font_family": family})
    return HTML(string=html, base_url=None).write_pdf()
