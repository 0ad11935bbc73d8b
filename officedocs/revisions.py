"""What came after a signature, one incremental update at a time, in words a clerk reads.

pyHanko's difference analysis grades each update; what it calls "form filling" includes a new,
empty signature field whose appearance may paint anything over a page. So the grade alone is
not the verdict: an update may add only validation data (DSS) and document timestamps, unless a
signature that is itself good closes it (then its signer answers for what it adds).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
from pyhanko.sign.diff_analysis.policy_api import SuspiciousModification
from pyhanko.sign.diff_analysis.rules.form_field_rules import DSSCompareRule
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature


@dataclass(frozen=True)
class Update:
    revision: int
    closed_by: EmbeddedPdfSignature | None  # the signature or document timestamp ending it
    level: ModificationLevel | None  # None: pyHanko found it suspicious
    added: tuple[str, ...]  # what a reader would see, in words
    # Empty signature fields it adds (BSrE's signer adds the field, then signs it in the next
    # update), and whether it changed anything besides adding fields.
    new_sig_fields: tuple[str, ...] = ()
    other_changes: bool = False

    @property
    def archival(self) -> bool:
        """Only validation data and timestamps: allowed after any signature."""
        return self.level is not None and self.level <= ModificationLevel.LTA_UPDATES

    @property
    def form_filling(self) -> bool:
        return self.level is not None and self.level <= ModificationLevel.FORM_FILLING


def judge(updates: list[Update], good: set[str]) -> tuple[str, list[str]]:
    """Whether what followed a signature is allowed, in words, and what was added that is not.

    Allowed: validation data and document timestamps; anything else only in an update closed
    by a signature that is itself good (`good`: the fields of the good signatures), or a field
    added for a later good signature that then fills it."""
    if not updates:
        return "tidak ada: tanda tangan mencakup seluruh berkas", []
    after = "hanya data validasi atau cap waktu arsip (boleh)"
    wrong = []
    for update in updates:
        if update.archival:
            continue
        closer = update.closed_by.field_name if update.closed_by is not None else None
        for_later = update.new_sig_fields and set(update.new_sig_fields) <= good
        if update.form_filling and (closer in good or (for_later and not update.other_changes)):
            after = "tanda tangan lain yang juga berlaku, dengan data validasinya (boleh)"
            continue
        wrong.append(update)
    if not wrong:
        return after, []
    # Grades are cumulative from the last signed revision: say each change once, where made.
    said = [what for u in wrong for what in u.added]
    if not said:
        suspicious = any(u.level is None for u in wrong)
        said = [
            "perubahan yang mencurigakan pada struktur berkas"
            if suspicious
            else "perubahan pada isi dokumen"
        ]
    return "TIDAK BOLEH: " + "; ".join(said), said


def updates_after(
    reader: PdfFileReader, sig: EmbeddedPdfSignature, sigs: list[EmbeddedPdfSignature]
) -> list[Update]:
    """Every incremental update after `sig`'s own, with what it changed."""
    closing = {s.signed_revision: s for s in sigs}
    return [
        _update(reader, rev, closing.get(rev), max(r for r in closing if r < rev))
        for rev in range(sig.signed_revision + 1, reader.xrefs.total_revisions)
    ]


def _update(
    reader: PdfFileReader, rev: int, closed_by: EmbeddedPdfSignature | None, base: int
) -> Update:
    """pyHanko grades changes against a signed revision (compared with any other base, a DSS
    update looks suspicious): `base` is the last one before `rev`."""
    old, new = reader.get_historical_resolver(rev - 1), reader.get_historical_resolver(rev)
    try:
        with _vri_as_cache():
            level = DEFAULT_DIFF_POLICY.apply(
                reader.get_historical_resolver(base), new
            ).modification_level
    except SuspiciousModification:
        level = None
    except Exception:  # noqa: BLE001 - a malformed update is as suspicious as it gets
        level = None
    skip = closed_by.field_name if closed_by is not None else None
    fields, other = describe(old, new, skip)
    empty_sigs = tuple(n for n, f in fields.items() if f.get("/FT") == "/Sig" and "/V" not in f)
    words = [_field_words(n, f, _pages(new.root)) for n, f in fields.items()] + other
    return Update(
        rev,
        closed_by,
        level,
        tuple(words),
        empty_sigs,
        bool(other) or len(empty_sigs) < len(fields),
    )


@contextmanager
def _vri_as_cache() -> Iterator[None]:
    """pyHanko calls a changed or dropped VRI entry of the DSS suspicious; BSrE's signer
    rewrites them. A VRI entry only indexes validation data, which nobody sees on a page: here
    a changed entry is checked as a new one (its form), a dropped one is let go."""
    original = DSSCompareRule._check_vri

    def lenient(old, new, old_vri, new_vri):  # noqa: ANN001, ANN202 - pyHanko's signature
        kept = generic.DictionaryObject(
            {k: v for k, v in old_vri.items() if k in new_vri and new_vri.raw_get(k) == v}
        )
        return original(old, new, kept, new_vri)

    DSSCompareRule._check_vri = staticmethod(lenient)
    try:
        yield
    finally:
        DSSCompareRule._check_vri = staticmethod(original)


def describe(old, new, own_field: str | None = None) -> tuple[dict, list[str]]:  # noqa: ANN001
    """What an update (`old` and `new` resolvers) changed that a reader could see: the fields
    it added (by name), and the rest in words (annotations, pages)."""
    said: list[str] = []
    before, after = _fields(old.root), _fields(new.root)
    pages_after = _pages(new.root)
    added = {n: f for n, f in after.items() if n not in before and n != own_field}
    pages_before = _pages(old.root)
    if len(pages_after) != len(pages_before):
        said.append(f"jumlah halaman berubah dari {len(pages_before)} menjadi {len(pages_after)}")
    for n, (p_old, p_new) in enumerate(zip(pages_before, pages_after, strict=False), 1):
        if _raw(p_old.get("/Contents")) != _raw(p_new.get("/Contents")):
            said.append(f"isi halaman {n} diubah")
        # Widgets belong to fields, said above; other annotations draw on the page.
        grew = len(_drawn(p_new)) - len(_drawn(p_old))
        if grew > 0:
            said.append(f"{grew} anotasi baru di halaman {n}")
    return added, said


def _field_words(name: str, field: generic.DictionaryObject, pages: list) -> str:
    kind = {"/Sig": "ruas tanda tangan", "/Tx": "ruas teks"}.get(field.get("/FT"), "ruas formulir")
    empty = "/V" not in field
    where = _page_of(field, pages)
    seen = _appearance(field)
    text = f"{kind}{' kosong' if empty else ''} '{name}'"
    if seen:
        w, h = seen
        text += f" dengan tampilan {w:.0f} x {h:.0f} pt"
    if where:
        text += f" di halaman {where}"
    return text


def _fields(root: generic.DictionaryObject) -> dict[str, generic.DictionaryObject]:
    form = root.get("/AcroForm")
    found: dict[str, generic.DictionaryObject] = {}
    if form is None:
        return found

    def walk(items, prefix: str) -> None:  # noqa: ANN001 - a PDF array
        for ref in items:
            field = ref.get_object()
            name = prefix + str(field.get("/T", ""))
            if "/Kids" in field and all("/T" in k.get_object() for k in field["/Kids"]):
                walk(field["/Kids"], name + ".")
            else:
                found[name] = field

    walk(form.get_object().get("/Fields", []), "")
    return found


def _pages(root: generic.DictionaryObject) -> list[generic.DictionaryObject]:
    out: list[generic.DictionaryObject] = []

    def walk(node: generic.DictionaryObject) -> None:
        for kid in node.get("/Kids", []):
            kid = kid.get_object()
            (walk if kid.get("/Type") == "/Pages" else out.append)(kid)

    walk(root["/Pages"].get_object())
    return out


def _raw(value) -> object:  # noqa: ANN001 - a PDF object or reference
    if isinstance(value, generic.IndirectObject):
        return (value.idnum, value.generation, _raw(value.get_object()))
    if isinstance(value, generic.StreamObject):
        return value.encoded_data
    if isinstance(value, generic.ArrayObject):
        return tuple(_raw(v) for v in value)
    return value


def _annots(page: generic.DictionaryObject) -> list:
    return list(page.get("/Annots", []) or [])


def _drawn(page: generic.DictionaryObject) -> list:
    return [a for a in _annots(page) if a.get_object().get("/Subtype") != "/Widget"]


def _page_of(field: generic.DictionaryObject, pages: list) -> int | None:
    page = field.get("/P")
    if page is not None:
        page = page.get_object()
        for n, p in enumerate(pages, 1):
            if p is page or _raw(p.get("/Contents")) == _raw(page.get("/Contents")):
                return n
    for n, p in enumerate(pages, 1):
        if any(a.get_object() is field for a in _annots(p)):
            return n
    return None


def _appearance(field: generic.DictionaryObject) -> tuple[float, float] | None:
    """The size of what the field paints, None when it paints nothing."""
    ap = field.get("/AP")
    rect = field.get("/Rect")
    if ap is None or rect is None:
        return None
    normal = ap.get_object().get("/N")
    if normal is None:
        return None
    x1, y1, x2, y2 = (float(v) for v in rect)
    w, h = abs(x2 - x1), abs(y2 - y1)
    return (w, h) if w > 0 and h > 0 else None
