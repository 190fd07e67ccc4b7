"""Saves on disk: written with the permissions of any document, leftovers of interrupted saves cleaned."""

import os
import stat
import time

import pytest

from game.jsondoc import STALE_SECONDS, clean_stale_temps, write_atomic
from game.session import Session, load


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


def test_a_new_save_is_readable_by_others_like_any_document(tmp_path, umask_022):
    path = Session.new("abu_kamal_2017", 1).save(tmp_path / "game.json")
    assert _mode(path) == 0o644


def test_a_new_save_follows_the_users_umask(tmp_path):
    old = os.umask(0o077)
    try:
        path = write_atomic(tmp_path / "private.json", "{}\n")
    finally:
        os.umask(old)
    assert _mode(path) == 0o600


def test_a_save_written_over_an_existing_file_keeps_that_files_permissions(tmp_path, umask_022):
    path = tmp_path / "game.json"
    path.write_text("{}")
    path.chmod(0o640)
    write_atomic(path, "{}\n")
    assert _mode(path) == 0o640


def _leftover(folder, name: str, age: float):
    tmp = folder / f".{name}.{int(age)}x.tmp"
    tmp.write_text('{"half": ')
    then = time.time() - age
    os.utime(tmp, (then, then))
    return tmp


def test_the_next_save_removes_leftovers_of_an_interrupted_save_older_than_a_minute(tmp_path):
    old = _leftover(tmp_path, "game.json", STALE_SECONDS + 30)
    young = _leftover(tmp_path, "game.json", 5)  # may be a save in progress in another window
    other = _leftover(tmp_path, "other.json", STALE_SECONDS + 30)
    Session.new("abu_kamal_2017", 1).save(tmp_path / "game.json")
    assert not old.exists()
    assert young.exists()
    assert other.exists(), "only the leftovers of the file being saved are touched"


def test_the_next_load_removes_leftovers_of_an_interrupted_save_too(tmp_path):
    path = Session.new("abu_kamal_2017", 1).save(tmp_path / "game.json")
    old = _leftover(tmp_path, "game.json", STALE_SECONDS + 30)
    load(path)
    assert not old.exists()


def test_a_save_interrupted_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "game.json", "{}\n")
    assert list(tmp_path.iterdir()) == []


def test_cleaning_leaves_folders_and_links_named_like_leftovers_alone(tmp_path):
    (tmp_path / ".game.json.x.tmp").mkdir()
    (tmp_path / ".game.json.y.tmp").symlink_to("/dev/null")
    then = time.time() - 3600
    os.utime(tmp_path / ".game.json.x.tmp", (then, then))
    assert clean_stale_temps(tmp_path, "game.json") == 0
    assert (tmp_path / ".game.json.x.tmp").is_dir()
