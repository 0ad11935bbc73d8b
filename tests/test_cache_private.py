"""The user's cache is private: every folder 0700 from its creation, whatever the umask, and a
pickle planted where someone else could write it is never unpickled (it would run code)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from officedocs.cli import main
from officedocs.usercache import cache_root, private_folder, read_trusted, trusted


class Planted:
    """Unpickling this creates a file: proof that the pickle ran."""

    def __init__(self, proof: Path):
        self.proof = proof

    def __reduce__(self) -> tuple:
        return (Path.write_text, (self.proof, "dijalankan"))


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "officedocs"


def folders(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root.parent).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in [root, *root.rglob("*")]
        if p.is_dir()
    }


def check(capsys: pytest.CaptureFixture) -> str:
    code = main(["check"])
    out, err = capsys.readouterr()
    assert (code, err.count("\n")) == (0, len(err.splitlines())), err
    return out


def test_every_cache_folder_is_0700_even_under_umask_0(
    site_dir: Path, own_cache: Path, capsys: pytest.CaptureFixture
) -> None:
    old = os.umask(0)
    try:
        check(capsys)
        main(["--no-pdf", "--quiet"])
    finally:
        os.umask(old)
    modes = folders(own_cache)
    assert {"officedocs", "officedocs/checked", "officedocs/jinja"} <= set(modes)
    assert set(modes.values()) == {0o700}, modes


def planted_shards(own_cache: Path, proof: Path) -> list[Path]:
    """Every shard of the checked SOPs replaced by a pickle that writes `proof`."""
    import pickle

    shards = sorted((own_cache / "checked").glob("*/*.pickle"))
    assert shards
    for shard in shards:
        shard.write_bytes(pickle.dumps(Planted(proof)))
    return shards


def test_a_pickle_planted_in_a_group_writable_folder_is_ignored(
    site_dir: Path, own_cache: Path, capsys: pytest.CaptureFixture
) -> None:
    first = check(capsys)
    proof = site_dir / "dijalankan.txt"
    shards = planted_shards(own_cache, proof)
    shards[0].parent.chmod(0o770)  # the group may write here: what is in it may be planted
    assert check(capsys) == first  # checked again from the files
    assert not proof.exists()
    assert stat.S_IMODE(shards[0].parent.stat().st_mode) == 0o700  # rebuilt private
    assert not [s for s in shards if s.exists() and b"dijalankan" in s.read_bytes()]
    assert check(capsys) == first and not proof.exists()


def test_a_pickle_writable_by_others_or_owned_by_another_is_ignored(
    site_dir: Path, own_cache: Path, capsys: pytest.CaptureFixture
) -> None:
    first = check(capsys)
    proof = site_dir / "dijalankan.txt"
    shards = planted_shards(own_cache, proof)
    for shard in shards:
        shard.chmod(0o666)
    assert check(capsys) == first and not proof.exists()
    if os.getuid() == 0:  # only root can give a file away
        shards = planted_shards(own_cache, proof)
        for shard in shards:
            shard.chmod(0o600)
            os.chown(shard, 12345, 12345)
        assert check(capsys) == first and not proof.exists()


def test_trusted_looks_at_every_folder_up_to_the_cache(own_cache: Path) -> None:
    folder = private_folder("checked", "abc")
    assert stat.S_IMODE(cache_root().stat().st_mode) == 0o700
    entry = folder / "1.pickle"
    entry.write_bytes(b"x")
    entry.chmod(0o600)
    assert trusted(entry) and read_trusted(entry) == b"x"
    (own_cache / "checked").chmod(0o777)
    assert not trusted(entry) and read_trusted(entry) is None
    (own_cache / "checked").chmod(0o700)
    link = folder / "2.pickle"
    link.symlink_to(entry)
    assert not trusted(link) and read_trusted(link) is None
    assert not trusted(own_cache.parent / "elsewhere")
