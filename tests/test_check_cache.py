"""Work a build may skip, and that skipping never changes what it says or writes.

An unchanged build does not load content/ at all and says again what the last one said; a
changed build reads unchanged SOPs back from the cache of checked SOPs, which must give what
checking them again gives, and must notice what else a SOP's check depended on.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from officedocs import content as content_module
from officedocs.build import build
from officedocs.cli import main
from officedocs.content import load_site
from officedocs.problems import ContentError

LINKER = Path("content/sop/pengukuran-kinerja-triwulan.yaml")
LINKED = Path("content/sop/pengumpulan-data-kinerja.yaml")


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".build-manifest.json"
    }


def cold_cache(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp))


def test_an_unchanged_build_loads_nothing_and_says_the_same(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(Path("content"), Path("output"), pdf=False)
    assert first.warnings  # the real content cites a revoked regulation: a warning
    before = outputs(Path("output"))

    def refuse(*args: object) -> None:
        raise AssertionError("an unchanged build loaded content/")

    monkeypatch.setattr(content_module, "load_site", refuse)
    again = build(Path("content"), Path("output"), pdf=False)
    assert (again.documents, again.warnings, again.pages) == (first.documents, first.warnings, 0)
    assert outputs(Path("output")) == before

    # Any byte of content/ changed, or a different option: the build does its work.
    LINKED.write_text(LINKED.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="loaded content"):
        build(Path("content"), Path("output"), pdf=False)
    LINKED.write_text(LINKED.read_text(encoding="utf-8")[:-1], encoding="utf-8")
    with pytest.raises(AssertionError, match="loaded content"):
        build(Path("content"), Path("output"), pdf=False, drafts=True)


def test_an_unchanged_build_still_mends_output(site_dir: Path) -> None:
    build(Path("content"), Path("output"), pdf=False)
    before = outputs(Path("output"))
    stray = Path("output/sop/lama.html")
    stray.write_text("sisa build lama")
    (Path("output") / "assets/style.css").write_text("rusak")
    (Path("output") / "index.html").unlink()
    build(Path("content"), Path("output"), pdf=False)
    assert not stray.exists()
    assert outputs(Path("output")) == before


def test_an_output_touched_but_not_changed_is_kept(site_dir: Path) -> None:
    build(Path("content"), Path("output"), pdf=False)
    page = Path("output/index.html")
    os.utime(page, ns=(0, 0))  # size and time differ from the record: the bytes are read
    result = build(Path("content"), Path("output"), pdf=False)
    assert result.pages == 0
    assert page.stat().st_mtime_ns == 0


def site_data(site: object) -> tuple:
    sops = {
        sid: (
            d.sop.model_dump(mode="json"),
            [(s.number, s.actors, s.next, s.decision) for s in d.steps],
            d.signer,
            [(r, reg.model_dump(mode="json")) for r, reg in d.regulations],
            d.links,
            d.assets,
        )
        for sid, d in site.sops.items()  # type: ignore[attr-defined]
    }
    return sops, [str(w) for w in site.warnings]  # type: ignore[attr-defined]


def test_checked_sops_read_back_are_what_checking_gives(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold_cache(tmp_path / "cache", monkeypatch)
    checked = site_data(load_site(Path("content")))
    assert list((tmp_path / "cache/officedocs/checked").rglob("*.pickle"))
    assert site_data(load_site(Path("content"))) == checked  # from the cache
    # The pages built from the cache are the pages built from checking.
    build(Path("content"), Path("cached"), pdf=False)
    cold_cache(tmp_path / "other", monkeypatch)
    build(Path("content"), Path("fresh"), pdf=False)
    assert outputs(Path("cached")) == outputs(Path("fresh"))


def test_a_damaged_cache_is_checked_again(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold_cache(tmp_path / "cache", monkeypatch)
    checked = site_data(load_site(Path("content")))
    for shard in (tmp_path / "cache").rglob("*.pickle"):
        shard.write_bytes(b"\x80\x05rusak")
    assert site_data(load_site(Path("content"))) == checked


def test_a_cached_sop_notices_a_linked_sop_gone(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold_cache(tmp_path / "cache", monkeypatch)
    text = LINKER.read_text(encoding="utf-8")
    LINKER.write_text(
        text.replace("keterkaitan:\n", "keterkaitan:\n  - sop: pengumpulan-data-kinerja\n"),
        encoding="utf-8",
    )
    load_site(Path("content"))  # both checked and kept
    shutil.move(LINKED, "pengumpulan-data-kinerja.yaml")  # the linking file is unchanged
    with pytest.raises(ContentError) as caught:
        load_site(Path("content"))
    assert [p.where for p in caught.value.problems] == ["keterkaitan[0].sop"]
    assert 'SOP "pengumpulan-data-kinerja" tidak ada' in str(caught.value.problems[0])


def test_a_cached_sop_notices_a_new_official(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who signs is decided by the registry on the SOP's date: a registry edit rechecks."""
    cold_cache(tmp_path / "cache", monkeypatch)
    before = load_site(Path("content")).sops["pengumpulan-data-kinerja"].signer.masa.nama
    pejabat = Path("content/pejabat.yaml")
    pejabat.write_text(pejabat.read_text(encoding="utf-8").replace(before, "NAMA BARU, S.E."))
    after = load_site(Path("content")).sops["pengumpulan-data-kinerja"].signer.masa.nama
    assert after == "NAMA BARU, S.E."


def test_messages_from_the_cache_name_files_from_where_the_user_is(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    cold_cache(tmp_path / "cache", monkeypatch)
    assert main(["check"]) == 0
    assert "content/sop/pengukuran-kinerja-triwulan.yaml:" in capsys.readouterr().err
    monkeypatch.chdir("content")
    assert main(["check", "--content", "."]) == 0
    err = capsys.readouterr().err
    assert "sop/pengukuran-kinerja-triwulan.yaml:" in err
    assert "content/sop" not in err


def test_a_touched_output_is_read_once(site_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from officedocs import deps

    build(Path("content"), Path("output"), pdf=False)
    os.utime("output/index.html", ns=(0, 0))
    build(Path("content"), Path("output"), pdf=False)  # reads it, finds it whole
    read: list[Path] = []
    real = deps.file_digest
    monkeypatch.setattr(deps, "file_digest", lambda p: read.append(p) or real(p))
    assert build(Path("content"), Path("output"), pdf=False).pages == 0
    assert not [p for p in read if "output" in p.parts]
