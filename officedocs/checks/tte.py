"""kantor.yaml `tte: jangkar:`: each trust anchor file inside content/ and a certificate."""

from __future__ import annotations

from pathlib import Path

from ..problems import Problems
from .schema import reporter


def check_anchors(kantor, root: Path, problems: Problems) -> None:  # noqa: ANN001 - load.Loaded
    from ..documents import rel
    from ..trust import TrustFileError, read_certificates

    for n, name in enumerate(kantor.value.tte.jangkar):
        path = (root / name).resolve()
        if not path.is_file() or not path.is_relative_to(root.resolve()):
            why = f'berkas jangkar tidak ada di dalam {rel(root)}/ (ditemukan: "{name}")'
        else:
            try:
                read_certificates(path)
                continue
            except TrustFileError:
                why = f'"{name}" bukan sertifikat (PEM atau DER)'
        reporter(kantor.doc, kantor.path, problems)(("tte", "jangkar", n), why)
