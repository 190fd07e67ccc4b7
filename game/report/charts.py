"""Charts for the report: strength and losses over time, control of a zone in two games, and the odds.

Every time chart marks the beats (phase changes) so a reader can line a drop in strength up with
the ambush or the renewed assault without reading the timeline first.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.dates import DateFormatter, DayLocator
from matplotlib.figure import Figure

from game.report.collectors import BeatReached
from game.report.images import Image, new_figure, to_image
from game.scenario.model import Scenario
from game.sim.odds import Odds

DPI = 96


@dataclass
class StrengthSeries:
    """Per faction, strength on the map and total strength lost, at the start of each turn and at the end."""

    times: list[dt.datetime]
    strength: dict[str, list[int]]
    losses: dict[str, list[int]]


def _beat_lines(ax: object, beats: Sequence[BeatReached], sc: Scenario, label: bool) -> None:
    by_time: dict[dt.datetime, list[str]] = {}
    for b in beats:
        by_time.setdefault(sc.calendar.turn_start(b.at.turn), []).append(b.name)
    for t, names in by_time.items():
        ax.axvline(t, color="#555555", lw=0.8, ls="--", zorder=1)  # type: ignore[attr-defined]
        if label:
            ax.text(t, 0.98, "  " + " / ".join(names), transform=ax.get_xaxis_transform(),  # type: ignore[attr-defined]
                    rotation=90, va="top", ha="right", fontsize=7.5, color="#333333",
                    bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85})


def _date_axis(ax: object) -> None:
    ax.xaxis.set_major_locator(DayLocator(interval=2))  # type: ignore[attr-defined]
    ax.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[attr-defined]
    ax.grid(axis="y", color="#dddddd", lw=0.6)  # type: ignore[attr-defined]
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)  # type: ignore[attr-defined]


def strength_chart(series: StrengthSeries, sc: Scenario, beats: Sequence[BeatReached]) -> Image:
    """Two panels sharing the time axis: strength on the map, and strength lost so far."""
    fig = new_figure(9.0, 6.0, DPI)
    ax1, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"hspace": 0.12})
    for fid, f in sc.factions.items():
        if fid not in series.strength:
            continue
        style = {"color": f.color, "lw": 1.8, "label": f.name, "drawstyle": "steps-post"}
        ax1.plot(series.times, series.strength[fid], **style)
        ax2.plot(series.times, series.losses.get(fid, [0] * len(series.times)), **style)
    ax1.set_ylabel("Strength on the map (steps)")
    ax2.set_ylabel("Strength lost so far (steps)")
    for ax in (ax1, ax2):
        _date_axis(ax)
        ax.set_ylim(bottom=0)
    _beat_lines(ax1, beats, sc, label=True)
    _beat_lines(ax2, beats, sc, label=False)
    ax1.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.08, right=0.78, top=0.98, bottom=0.06)
    names = ", ".join(f.name for f in sc.factions.values())
    return to_image(fig, f"Line charts of strength on the map and of strength lost, per faction ({names}), "
                         "from the first turn to the end, with the beats marked.", tight=True)


@dataclass
class ControlLine:
    label: str
    times: list[dt.datetime]
    shares: list[float]
    style: str = "-"


def control_chart(lines: Sequence[ControlLine], title: str, color: str, sc: Scenario,
                  beats: Sequence[Sequence[BeatReached]] = ()) -> Image:
    """One side's share of a zone over time in two (or more) games, for the branch comparison."""
    fig = new_figure(9.0, 3.2, DPI)
    ax = fig.add_subplot()
    for line in lines:
        ax.plot(line.times, [100 * s for s in line.shares], ls=line.style, color=color, lw=2,
                drawstyle="steps-post", label=line.label)
    ax.set_ylim(0, 100)
    ax.set_ylabel("Share held (%)")
    ax.set_title(title, fontsize=10, loc="left")
    _date_axis(ax)
    for bs, style in zip(beats, (":", "--"), strict=False):
        for b in bs:
            ax.axvline(sc.calendar.turn_start(b.at.turn), color="#777777", lw=0.7, ls=style)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.08, right=0.78, top=0.88, bottom=0.12)
    return to_image(fig, f"Line chart: {title}, for each game compared.", tight=True)


LABEL_WIDTH = 20  # characters a line of a bar's label, so long beat names wrap instead of running into the next chart


def odds_chart(odds: Odds, outcome_label: dict[str, str], beat_label: dict[str, str],
               past: Sequence[str] = (), names: dict[str, str] | None = None) -> Image:
    """Share of runs per outcome and per beat, one bar per set of decisions, with 95% intervals.

    Within a policy the runs differ only by chance, so an interval shows how much is luck; where
    two policies' intervals do not overlap, the difference comes from the decisions. Beats in
    ``past`` had happened before the games started: they are labelled as past and get no bar,
    since "100% of runs" would read as a result of the decisions.
    """
    return to_image(odds_figure(odds, outcome_label, beat_label, past, names),
                    "Bar charts: for each policy, the share of Monte Carlo runs won by each side and the "
                    "share in which each beat happened, with 95% intervals.", tight=True)


def odds_figure(odds: Odds, outcome_label: dict[str, str], beat_label: dict[str, str],
                past: Sequence[str] = (), names: dict[str, str] | None = None) -> Figure:
    """The figure ``odds_chart`` draws: the winners on the left, the beats on the right."""
    outcomes = odds.outcome_keys
    beats = odds.beat_keys(list(beat_label))
    names = names or {}
    beat_label = {k: (f"{v} (already past)" if k in past else v) for k, v in beat_label.items()}
    rows = max(len(outcomes), 1) + max(len(beats), 1)
    fig = new_figure(9.0, 1.2 + 0.42 * rows * max(1, len(odds.policies)) / 1.6, DPI)
    axes = fig.subplots(1, 2, gridspec_kw={"wspace": 0.55})
    palette = ["#4c72b0", "#dd8452", "#55a868", "#8172b3", "#937860", "#da8bc3"]
    n = len(odds.policies)
    width = 0.8 / max(n, 1)
    for ax, keys, title, get, labels in (
            (axes[0], outcomes, "Winner (share of games)", lambda p, k: p.outcomes.get(k, 0), outcome_label),
            (axes[1], beats, "Beat happened (share of games)", lambda p, k: p.beats.get(k, 0), beat_label)):
        y = np.arange(len(keys))
        for i, p in enumerate(odds.policies):
            counts = [0 if (labels is beat_label and k in past) else get(p, k) for k in keys]
            shares = [c / p.runs for c in counts]
            gone = [labels is beat_label and k in past for k in keys]  # past beats: no bar, no interval
            lo_hi = [(0.0, 0.0) if g else p.interval(c) for c, g in zip(counts, gone, strict=True)]
            err = np.array([[s - lo for s, (lo, _) in zip(shares, lo_hi, strict=True)],
                            [hi - s for s, (_, hi) in zip(shares, lo_hi, strict=True)]])
            pos = y - 0.4 + width * (i + 0.5)
            ax.barh(pos, shares, height=width * 0.9, color=palette[i % len(palette)],
                    label=f"{names.get(p.name, p.name)} ({p.runs} games)", xerr=err, error_kw={"lw": 1, "capsize": 2})
        ax.set_yticks(y, [textwrap.fill(labels.get(k, k), LABEL_WIDTH) for k in keys], fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
        ax.set_title(title, fontsize=10, loc="left")
        ax.grid(axis="x", color="#dddddd", lw=0.6)
        for s in ("top", "right"):
            ax.spines[s].set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncols=min(n, 4), fontsize=8.5, frameon=False,
               bbox_to_anchor=(0.5, -0.02))
    fig.subplots_adjust(bottom=0.1 + 0.25 / max(rows, 1))
    return fig
