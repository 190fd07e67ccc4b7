"""Render benchmark of the desktop game: a busy view of the historical scenario in mid-battle.

Starts the game window (SDL's dummy video driver unless one is set), measures the time from
process start to the first frame, plays ten turns with the computer policies, then renders a few
hundred frames while hovering (path preview and tooltips), dragging the map, selecting units and
moving the cursor with the keyboard, and zooming a notch out and back in, with fog, counters, last-known markers, reach and the whole interface on screen.

    python benchmarks/render.py [--json] [--frames 300] [--size 1600x1000]

Prints one JSON line: frame_ms_p50, frame_ms_p99, startup_s, rss_mb (and a few details).
"""

from __future__ import annotations

import os
import sys
import time

_T_IMPORT = time.time()
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # stdout carries only the result


def process_start() -> float:
    """Wall-clock time the process started (Linux /proc); the script's start elsewhere."""
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        hz = os.sysconf("SC_CLK_TCK")
        return time.time() - uptime + start_ticks / hz
    except (OSError, ValueError, IndexError):
        return _T_IMPORT


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return 0.0
    k = (len(s) - 1) * q
    lo, hi = int(k), min(len(s) - 1, int(k) + 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def main(argv: list[str]) -> int:
    import argparse
    import json
    import math
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print only the JSON line")
    ap.add_argument("--frames", type=int, default=300)
    ap.add_argument("--size", default="1600x1000")
    ap.add_argument("--turns", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    t0 = process_start()
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    tmp = tempfile.mkdtemp(prefix="abu-kamal-bench-")
    os.environ.setdefault("ABU_KAMAL_DATA_DIR", tmp)
    os.environ.setdefault("ABU_KAMAL_CONFIG_DIR", tmp)
    size = tuple(int(v) for v in args.size.lower().split("x"))

    import pygame

    from game.ai.base import play_side_turn
    from game.ai.registry import make_policy, policy_names
    from game.control.match import Match, Setup
    from game.ui.app import App
    from game.ui.commands import ResetTo
    from game.ui.game_screen import GameScreen
    from game.ui.settings import Settings

    names = policy_names()
    pick = next((p for p in ("historical", "vigilant", "random") if p in names), names[0])
    setup = Setup(seed=args.seed, humans=("government",), policies=(("isis", pick), ("sdf", pick)))
    match = Match.new(setup)
    screen = GameScreen(match, ai_threaded=False)
    app = App([screen], Settings(animation_speed="instant"), size=size, persist_settings=False)  # type: ignore[arg-type]
    app.step([], 0.016)
    startup = time.time() - t0

    # ten turns of battle, every side played by a policy
    s = match.session
    pols = {side: make_policy(pick, side, args.seed) for side in s.game.sides}
    while not s.state.over and s.state.turn <= args.turns:
        side = s.game.current_side(s.state)
        play_side_turn(s.game, s.state, pols[side], apply=s.play)
    match = Match.from_session(s, setup)
    for side in s.game.sides:
        match.shown[side] = max(0, len(s.events) - 60)  # a log with recent history in it
    screen = GameScreen(match, ai_threaded=False)
    app.execute(ResetTo((screen,)))
    for _ in range(5):  # let the turn start (summary dialog) settle, then close any dialog
        app.step([], 0.016)
        while app.top is not screen and app.stack:
            app.pop(None)
    screen.cycle_units(1)
    app.step([], 0.016)  # the view is set up (first selection, its reach); then the timed frames
    obs = match.observe()
    sel = screen.own_selected()
    reach = obs.reach(sel.id).cells() if sel is not None else []
    cam = screen.camera
    vx, vy, vw, vh = cam.view

    def motion(pos: tuple[int, int], buttons: tuple[int, int, int] = (0, 0, 0)) -> pygame.event.Event:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=buttons, touch=False)

    times: list[float] = []
    redraws: list[int] = []
    for i in range(args.frames):
        events = []
        phase = i % 100
        if phase < 40:  # hover across reachable cells: path preview and tooltip change every frame
            if reach:
                c = reach[(i * 7) % len(reach)]
                if not cam.cell_in_view(*c):
                    cam.center_on(c[0], c[1])
                events.append(motion(cam.cell_center(*c)))
        elif phase < 70:  # drag the map around
            if phase == 40:
                start = (vx + vw // 2, vy + vh // 2)
                events.append(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1, touch=False))
            k = phase - 40
            dx = round(60 * math.sin(k / 5))
            events.append(motion((vx + vw // 2 + dx * 3, vy + vh // 2 + k * 4), (1, 0, 0)))
            if phase == 69:
                events.append(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(vx + vw // 2 + dx * 3, vy + vh // 2 + k * 4),
                                                 button=1, touch=False))
        elif phase < 90:  # keyboard: next unit, cursor moves
            key = pygame.K_TAB if phase % 5 == 0 else pygame.K_RIGHT
            events.append(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        elif phase in (90, 95):  # a notch out, a look around, a notch back in (blocks fill in over frames)
            events.append(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1 if phase == 90 else 1, flipped=False,
                                             precise_x=0.0, precise_y=0.0, touch=False))
        else:
            events.append(motion((vx + vw // 3 + phase * 5, vy + vh // 2)))
        t = time.perf_counter()
        app.step(events, 1 / 60)
        times.append((time.perf_counter() - t) * 1000)
        redraws.append(screen.view.cells_redrawn if screen.view else 0)
        sel = screen.own_selected()
        if sel is not None:
            reach = match.observe().reach(sel.id).cells() or reach
    result = {
        "frame_ms_p50": round(percentile(times, 0.5), 3),
        "frame_ms_p99": round(percentile(times, 0.99), 3),
        "frame_ms_max": round(max(times), 3),
        "startup_s": round(startup, 3),
        "rss_mb": round(rss_mb(), 1),
        "frames": len(times),
        "size": list(size),
        "turn": match.state.turn,
        "units_in_view": len(match.observe().units),
        "last_seen_markers": len(match.observe().last_seen),
        "video_driver": os.environ.get("SDL_VIDEODRIVER"),
    }
    app.shutdown()
    if not args.json:
        print(f"{len(times)} frames at {size[0]}x{size[1]}, turn {result['turn']}: p50 {result['frame_ms_p50']} ms, "
              f"p99 {result['frame_ms_p99']} ms, max {result['frame_ms_max']} ms; startup {result['startup_s']} s; "
              f"RSS {result['rss_mb']} MB")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
