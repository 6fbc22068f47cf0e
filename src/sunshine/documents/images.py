"""Simple signature and seal images drawn in code, for the demo data and the tests (real ones are scanned
and uploaded by the system administrator)."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFont

from .render import cjk_font


def _font(size: int):
    _family, path = cjk_font()
    try:
        return ImageFont.truetype(path, size, index=2 if path.endswith(".ttc") else 0)
    except OSError:
        return ImageFont.truetype(path, size)


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def signature_png(name: str) -> bytes:
    """A name written in dark blue on a transparent background, slightly slanted like a hand signature."""
    font = _font(72)
    width = 80 * max(2, len(name)) + 40
    img = Image.new("RGBA", (width, 120), (0, 0, 0, 0))
    ImageDraw.Draw(img).text((20, 10), name, font=font, fill=(20, 30, 110, 255))
    img = img.transform(img.size, Image.Transform.AFFINE, (1, 0.25, -15, 0, 1, 0), resample=Image.BICUBIC)
    return _png(img)


def seal_png(name: str, *, size: int = 400) -> bytes:
    """A round red seal: a ring, a five-pointed star and the body's name along the upper arc."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (200, 20, 20, 235)
    c = size / 2
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=12)
    star_r, inner = size * 0.17, size * 0.17 * 0.382
    points = []
    for i in range(10):
        r = star_r if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        points.append((c + r * math.cos(a), c + r * math.sin(a)))
    draw.polygon(points, fill=red)
    text = name[:14]
    font = _font(int(size * 0.11))
    n = len(text)
    span = math.radians(min(250, 22 * n))
    radius = size * 0.36
    for i, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + (span * (i + 0.5) / n)
        glyph = Image.new("RGBA", (int(size * 0.14), int(size * 0.14)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((0, -int(size * 0.015)), ch, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC, expand=True)
        x = c + radius * math.cos(a) - glyph.width / 2
        y = c + radius * math.sin(a) - glyph.height / 2
        img.alpha_composite(glyph, (int(x), int(y)))
    return _png(img)
