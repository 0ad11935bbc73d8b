"""What each output was built from, and why it must be built again (like Sphinx's env).

A record per document holds the digests of its inputs, grouped so a rebuild can say which
changed: its own content file, what it uses from the registries (resolved: the regulations
it cites, the official who signs, the office), the files WeasyPrint loaded for it (logo,
images), the program (code, layouts, fonts, the libraries that shape the bytes), and the
digest of every output written. Nothing here renders; deciding is cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .buildstate import MANIFEST, read_manifest
from .paths import LAYOUTS, PACKAGE

FORMAT = 2
# Libraries whose version can change the bytes of a PDF or a page.
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "pyphen",
    "tinycss2",
    "cssselect2",
    "jinja2",
    "markdown",
    "nh3",
    "pyhanko",
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(value: Any) -> str:
    return sha256(json.dumps(value, sort_keys=True, default=str).encode())


def file_digest(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


@dataclass
class ContentFiles:
    """Every file under content/ by its POSIX path there, with its SHA-256: read once per
    build and shared by every decision that asks whether a content file changed."""

    root: Path
    shas: dict[str, str]

    @classmethod
    def read(cls, root: Path) -> ContentFiles:
        shas = {}
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file():
                shas[path.relative_to(root).as_posix()] = file_digest(path) or ""
        return cls(root, shas)

    def digest(self) -> str:
        return digest(sorted(self.shas.items()))

    def sha(self, name: str) -> str | None:
        """The digest of content/`name` (a file WeasyPrint loaded, or a document's own)."""
        known = self.shas.get(name)
        return known if known is not None else file_digest(self.root / name)

    def of(self, path: Path) -> str | None:
        try:
            return self.sha(path.relative_to(self.root).as_posix())
        except ValueError:
            return file_digest(path)


_PROGRAM: dict[tuple, str] = {}  # the files' names, sizes and times -> their digest


def program_digest() -> str:
    """The code, the layouts and fonts, and the versions of the libraries: every document.
    Hashed again whenever a file's size or time changed, so `serve` sees an edited layout."""
    return tree_digest((PACKAGE, LAYOUTS))


def tree_digest(roots: tuple[Path, ...]) -> str:
    files = [
        (root, path)
        for root in roots
        for path in sorted(root.rglob("*"))
        if "__pycache__" not in path.parts and path.is_file()
    ]
    stats = [(str(p), p.stat()) for _, p in files]
    marks = tuple((name, st.st_size, st.st_mtime_ns) for name, st in stats)
    if marks not in _PROGRAM:
        _PROGRAM.clear()
        _PROGRAM[marks] = _hash_tree(files)
    return _PROGRAM[marks]


def _hash_tree(files: list[tuple[Path, Path]]) -> str:
    h = hashlib.sha256()
    for root, path in files:
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}".encode())
    return h.hexdigest()


@dataclass
class Record:
    """What one document's outputs were built from."""

    inputs: dict[str, str]  # group -> digest: source, refs, program, options
    fetched: dict[str, str] = field(default_factory=dict)  # file -> sha256
    outputs: dict[str, str] = field(default_factory=dict)  # output path -> sha256
    fix: Any = None  # a sheet's measured corrections (JSON form of sheet.SheetFix)
    result: Any = None  # the whole build's record: what its summary said

    def to_json(self) -> dict:
        return {
            "inputs": self.inputs,
            "fetched": self.fetched,
            "outputs": self.outputs,
            "fix": self.fix,
            "result": self.result,
        }

    @classmethod
    def from_json(cls, data: dict) -> Record:
        return cls(
            data["inputs"],
            data.get("fetched", {}),
            data.get("outputs", {}),
            data.get("fix"),
            data.get("result"),
        )


GROUPS = {
    "source": "isi berkasnya berubah",
    "refs": "rujukannya berubah (kantor, pejabat, dasar hukum, SOP terkait)",
    "program": "program, tata letak atau pustaka berubah",
    "options": "pilihan build berubah",
    "signing": "sertifikat tanda tangan elektronik atau server cap waktu berubah",
}


class Manifest:
    """The records of the last build, read at the start and written at the end.

    Beside each output's SHA-256 it keeps the size and modification time the file had when
    that digest was last confirmed: an output whose size and time are unchanged is not read
    again (as git's index and make do). Any other output is hashed.
    """

    def __init__(self, output: Path, folder: Path):
        """The manifest of `output`, kept in `folder` (buildstate.state_folder): never in
        output/, which is published."""
        self.root = output
        self.folder = folder
        self.path = folder / MANIFEST
        self.records: dict[str, Record] = {}
        self.stats: dict[str, list[int]] = {}
        self.restated = False  # a mark was renewed (an output touched, its bytes the same)
        try:
            data = json.loads(read_manifest(folder, output) or b"{}")
            if data.get("format") == FORMAT:
                self.records = {k: Record.from_json(v) for k, v in data["records"].items()}
                self.stats = {k: list(v) for k, v in data.get("stats", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.records, self.stats = {}, {}  # unreadable: everything is built again

    def intact(self, out: str, sha: str, mode: int | None = None) -> bool:
        """Whether output/`out` is the file whose digest was recorded (with `mode`)."""
        try:
            st = (self.root / out).stat()
        except OSError:
            return False
        if mode is not None and st.st_mode & 0o777 != mode:
            return False
        mark = [st.st_size, st.st_mtime_ns]
        if self.stats.get(out) == mark:
            return True
        if file_digest(self.root / out) != sha:
            return False
        self.stats[out] = mark
        self.restated = True
        return True

    def reasons(
        self,
        key: str,
        new_inputs: dict[str, str],
        outputs: list[str],
        content: ContentFiles | None = None,
    ) -> list[str]:
        """Why the outputs of record `key` must be built again; empty when up to date.
        `content`: also check the content files its render loaded (a PDF's logo, images)."""
        old = self.records.get(key)
        if old is None:
            return ["belum pernah dibuat"]
        why = [t for g, t in GROUPS.items() if old.inputs.get(g) != new_inputs.get(g)]
        if content is not None:
            for name, sha in sorted(old.fetched.items()):
                if content.sha(name) != sha:
                    why.append(f"berkas yang dimuat berubah: {rel(content.root / name)}")
        for out in outputs:
            sha = old.outputs.get(out)
            if sha is None:
                why.append(f"{out} belum ada")
            elif not self.intact(out, sha):
                why.append(f"{out} hilang atau rusak")
        return why

    def all_intact(self, mode: int) -> bool:
        """Every recorded output whole, and readable as the umask says (`mode`)."""
        return all(
            self.intact(out, sha, mode)
            for r in self.records.values()
            for out, sha in r.outputs.items()
        )

    def outputs(self) -> set[str]:
        return {out for r in self.records.values() for out in r.outputs}

    def to_bytes(self, keep: set[str] | None, marks: dict[str, list[int]]) -> bytes:
        """The records of the outputs this build kept (`marks`: the files it wrote); `keep`
        None: every record so far (a build half done: what it has not reached stays)."""
        if keep is None:
            keep = set(self.records) | set(self.stats) | set(marks)
        records = {
            k: v.to_json()
            for k, v in sorted(self.records.items())
            if k in keep or (v.outputs and all(out in keep for out in v.outputs))
        }
        stats = {k: v for k, v in sorted({**self.stats, **marks}.items()) if k in keep}
        data = {"format": FORMAT, "records": records, "stats": stats}
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
