"""A parametric 3D view of a dimensioned product: the table follows width, depth, height and the
colour of its top and legs. Built from arrays in a pure function (plotly Mesh3d boxes)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import plotly.graph_objects as go

from modules.catalog import Catalog
from modules.expr import Value
from render.preview.paints import Paint, layer_paints

# The 12 triangles of a box, over its 8 corners numbered x + 2y + 4z.
_I = [0, 3, 4, 7, 0, 6, 1, 7, 0, 5, 2, 7]
_J = [1, 2, 5, 6, 2, 4, 3, 5, 4, 1, 6, 3]
_K = [3, 0, 7, 4, 6, 0, 7, 1, 5, 0, 7, 2]
TOP_THICKNESS = 4.0  # cm
LEG = 5.0  # cm square


def box(x0: float, y0: float, z0: float, dx: float, dy: float, dz: float, colour: str, name: str) -> go.Mesh3d:
    xs = [x0 + dx * (n & 1) for n in range(8)]
    ys = [y0 + dy * ((n >> 1) & 1) for n in range(8)]
    zs = [z0 + dz * ((n >> 2) & 1) for n in range(8)]
    return go.Mesh3d(x=xs, y=ys, z=zs, i=_I, j=_J, k=_K, color=colour, flatshading=True, name=name, hoverinfo="name")


def _number(selection: Mapping[str, Value], code: str, default: float) -> float:
    value = selection.get(code)
    return float(value) if isinstance(value, Decimal | int) else default


def _axis(name: str, size: float) -> dict[str, object]:
    """An axis from the floor / the table's corner to its size, ticks in centimetres."""
    return {"title": {"text": f"{name} (cm)"}, "range": [0, size * 1.05], "ticksuffix": " cm", "nticks": 5}


def table_figure(width: float, depth: float, height: float, top: str, legs: str) -> go.Figure:
    """A table of `width` x `depth` x `height` cm: a top slab on four square legs."""
    leg_height = max(height - TOP_THICKNESS, 1.0)
    parts = [box(0, 0, leg_height, width, depth, TOP_THICKNESS, top, f"Top {width:g} × {depth:g} cm")]
    for x in (2.0, width - LEG - 2.0):
        for y in (2.0, depth - LEG - 2.0):
            parts.append(box(x, y, 0, LEG, LEG, leg_height, legs, f"Leg {leg_height:g} cm"))
    figure = go.Figure(parts)
    span = max(width, depth, height)
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=320,
        showlegend=False,
        scene={
            "aspectmode": "manual",
            "aspectratio": {"x": width / span, "y": depth / span, "z": height / span},
            "xaxis": _axis("width", width),
            "yaxis": _axis("depth", depth),
            "zaxis": _axis("height", height),
        },
    )
    return figure


def dimensioned(catalog: Catalog) -> bool:
    """Whether the catalog has width, depth and height modules (a product the 3D view can draw)."""
    return {"width", "depth", "height"} <= {m.code for m in catalog.modules}


def table_inputs(catalog: Catalog, selection: Mapping[str, Value]) -> tuple[float, float, float, str, str] | None:
    """What the 3D view of these choices shows: width, depth, height (cm), top and legs colours;
    None for a catalog without width/depth/height modules."""
    if not dimensioned(catalog):
        return None
    paints = layer_paints(catalog, selection)
    defaults = {m.code: float(getattr(m, "min", 0) or 0) for m in catalog.modules}
    return (
        _number(selection, "width", defaults["width"] or 120),
        _number(selection, "depth", defaults["depth"] or 80),
        _number(selection, "height", defaults["height"] or 75),
        paints.get("top", Paint()).fill("#C8A165"),
        paints.get("legs", Paint()).fill("#1E1E1E"),
    )


def table_of(catalog: Catalog, selection: Mapping[str, Value]) -> go.Figure | None:
    """The 3D view for a catalog with width/depth/height modules; None for other products."""
    inputs = table_inputs(catalog, selection)
    return None if inputs is None else table_figure(*inputs)
