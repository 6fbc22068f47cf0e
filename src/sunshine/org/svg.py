"""A drawing of the grids as inline SVG, computed on the server (no map tiles, no internet).

The template draws each polygon with presentation attributes (``fill=``, ``stroke=``), which the
content security policy allows, unlike ``style=""``.
"""

from __future__ import annotations

import math

from .services import polygon_rings

WIDTH = 800
PADDING = 10
# Colour-blind-safe palette (Okabe–Ito), one colour per owning squad.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]


def grid_map(grids, *, highlight=None, point: tuple[float, float] | None = None) -> dict | None:
    """Project the grids' polygons into an SVG box (equirectangular, scaled by cos(latitude))."""
    if not grids:
        return None
    min_lng = min(g.min_lng for g in grids)
    max_lng = max(g.max_lng for g in grids)
    min_lat = min(g.min_lat for g in grids)
    max_lat = max(g.max_lat for g in grids)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lng - min_lng) * x_scale, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = (WIDTH - 2 * PADDING) / span_x
    height = round(span_y * scale + 2 * PADDING)

    def project(lng: float, lat: float) -> tuple[float, float]:
        return (
            round(PADDING + (lng - min_lng) * x_scale * scale, 1),
            round(PADDING + (max_lat - lat) * scale, 1),
        )

    colours: dict[int, str] = {}
    legend = []
    shapes = []
    for grid in grids:
        if grid.squad_id not in colours:
            colours[grid.squad_id] = PALETTE[len(colours) % len(PALETTE)]
            legend.append({"name": grid.squad.name, "colour": colours[grid.squad_id]})
        outer = polygon_rings(grid.polygon)[0]
        projected = [project(lng, lat) for lng, lat in outer]
        cx = sum(p[0] for p in projected[:-1]) / (len(projected) - 1)
        cy = sum(p[1] for p in projected[:-1]) / (len(projected) - 1)
        shapes.append(
            {
                "grid": grid,
                "points": " ".join(f"{x},{y}" for x, y in projected),
                "fill": colours[grid.squad_id],
                "highlighted": highlight is not None and grid.pk == highlight.pk,
                "label_x": round(cx, 1),
                "label_y": round(cy, 1),
            }
        )
    marker = None
    if point is not None and min_lng <= point[0] <= max_lng and min_lat <= point[1] <= max_lat:
        x, y = project(*point)
        marker = {"x": x, "y": y}
    return {"width": WIDTH, "height": height, "shapes": shapes, "legend": legend, "marker": marker}
