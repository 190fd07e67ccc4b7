"""Figures to embedded images: the report is one file that opens offline, so pictures travel inside it.

Figures are drawn on matplotlib's Agg canvas directly (no pyplot, no global figure state), which
works headless and cannot pick up an interactive backend from the desktop game.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


@dataclass(frozen=True)
class Image:
    """A picture for the page: a data URI the browser needs no network for, and its alt text."""

    src: str
    alt: str
    width: int
    height: int


def new_figure(width_in: float, height_in: float, dpi: int) -> Figure:
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def png_bytes(fig: Figure, tight: bool = False) -> bytes:
    buf = io.BytesIO()
    # fast zlib level: these flat-colour pictures compress nearly as well, in a fraction of the time
    fig.savefig(buf, format="png", dpi=fig.dpi, metadata={"Software": None}, pil_kwargs={"compress_level": 2},
                bbox_inches="tight" if tight else None, pad_inches=0.05)
    return buf.getvalue()


def to_image(fig: Figure, alt: str, tight: bool = False) -> Image:
    """Encode ``fig`` as an embedded PNG; ``tight`` trims empty margins (legends, charts)."""
    data = png_bytes(fig, tight)
    w, h = _png_size(data)
    return Image("data:image/png;base64," + base64.b64encode(data).decode("ascii"), alt, w, h)


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR is always the first chunk)."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
