"""Running the odds from a position: the same start, re-rolled dice, two policies compared."""

import concurrent.futures as cf

from game.teach.odds import OddsRun, one_run
from game.teach.timeline import Timeline


def test_every_run_starts_from_the_chosen_position_and_only_the_dice_differ():
    tl = Timeline.play(seed=1)
    k = tl.turn_start(7)
    a = one_run("abu_kamal_2017", 1, tl.session.actions[:k], "government", "historical", 11)
    b = one_run("abu_kamal_2017", 1, tl.session.actions[:k], "government", "historical", 11)
    assert a == b, "the same dice give the same game"
    others = [one_run("abu_kamal_2017", 1, tl.session.actions[:k], "government", "historical", s)["losses"]
              for s in (12, 13, 14)]
    assert any(o != a["losses"] for o in others), "other dice give other games"
    passed = {b.phase for b in tl.beats if b.position <= k}
    assert passed <= set(a["phases"]), "beats before the branch point count as having happened"


def test_the_summary_uses_the_report_odds_format_and_can_be_cancelled():
    tl = Timeline.play(seed=2)
    k = tl.turn_start(20)  # late in the game: quick runs
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        job = OddsRun("abu_kamal_2017", 2, tl.session.actions[:k], "government", ("historical", "vigilant"),
                      runs=3, seed=5, executor=pool).start()
        summary = job.wait()
    assert set(summary["policies"]) == {"historical", "vigilant"}
    passed = {b.phase for b in tl.beats if b.position <= k}
    for pol in summary["policies"].values():
        assert pol["runs"] == 3 and sum(pol["outcomes"].values()) == 3
        assert all(pol["beats"][p] == 3 for p in passed)
    with cf.ThreadPoolExecutor(max_workers=1) as pool:
        job = OddsRun("abu_kamal_2017", 2, tl.session.actions[:5], "government", ("historical",), runs=6,
                      executor=pool).start()
        job.cancel()
        assert job.poll() < 6
