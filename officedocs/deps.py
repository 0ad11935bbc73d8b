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

from .paths import LAYOUTS, PACKAGE

MANIFEST = ".build-manifest.json"
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


def program_digest() -> str:
    """The code, the layouts and fonts, and the versions of the libraries: every document.
    Computed once per build (a few milliseconds), so `serve` sees an edited layout."""
    return tree_digest((PACKAGE, LAYOUTS))


def tree_digest(roots: tuple[Path, ...]) -> str:
    h = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
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

    def to_json(self) -> dict:
        return {
            "inputs": self.inputs,
            "fetched": self.fetched,
            "outputs": self.outputs,
            "fix": self.fix,
        }

    @classmethod
    def from_json(cls, data: dict) -> Record:
        return cls(
            data["inputs"], data.get("fetched", {}), data.get("outputs", {}), data.get("fix")
        )


GROUPS = {
    "source": "isi berkasnya berubah",
    "refs": "rujukannya berubah (kantor, pejabat, dasar hukum, SOP terkait)",
    "program": "program, tata letak atau pustaka berubah",
    "options": "pilihan build berubah",
    "signing": "sertifikat tanda tangan elektronik atau server cap waktu berubah",
}


def reasons(
    old: Record | None,
    new_inputs: dict[str, str],
    outputs: list[str],
    output_dir: Path,
    content: Path | None = None,
) -> list[str]:
    """Why the outputs must be built again; empty when every one is up to date."""
    if old is None:
        return ["belum pernah dibuat"]
    why = [text for group, text in GROUPS.items() if old.inputs.get(group) != new_inputs.get(group)]
    if content is not None:  # the files a render loaded, relative to content/
        for name, sha in sorted(old.fetched.items()):
            if file_digest(content / name) != sha:
                why.append(f"berkas yang dimuat berubah: {rel(content / name)}")
    for out in outputs:
        sha = old.outputs.get(out)
        if sha is None:
            why.append(f"{out} belum ada")
        elif file_digest(output_dir / out) != sha:
            why.append(f"{out} hilang atau rusak")
    return why


class Manifest:
    """The records of the last build, read at the start and written at the end."""

    def __init__(self, output: Path):
        self.path = output / MANIFEST
        self.records: dict[str, Record] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self.records = {k: Record.from_json(v) for k, v in data["records"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.records = {}  # unreadable: everything is built again, nothing is trusted

    def to_bytes(self, keep: set[str]) -> bytes:
        records = {
            k: v.to_json()
            for k, v in sorted(self.records.items())
            if k in keep or (v.outputs and all(out in keep for out in v.outputs))
        }
        return json.dumps({"format": FORMAT, "records": records}, indent=1, sort_keys=True).encode()


def rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
