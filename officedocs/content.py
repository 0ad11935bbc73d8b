"""Load and check content/ (kept as the import point other modules use).

The work is done in `load` (reading files, the order of the checks), `documents` (what a
checked document is) and `checks/` (one module per kind of check).
"""

from __future__ import annotations

from .checks.registry import signer_on
from .checks.schema import validate, where
from .documents import LaporanDoc, Signer, Site, SopDoc, Step, rel
from .load import load_site, read_yaml

__all__ = [
    "LaporanDoc",
    "Signer",
    "Site",
    "SopDoc",
    "Step",
    "load_site",
    "read_yaml",
    "rel",
    "signer_on",
    "validate",
    "where",
]
