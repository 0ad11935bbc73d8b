"""Decide: every document, what it is made from (digests of its inputs), and whether its PDF
or its web page must be made again. Cheap: no layout, no template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .deps import ContentFiles, Manifest, digest
from .paths import PATHS
from .problems import Problem, signing_warning

if TYPE_CHECKING:  # loaded only when the build has work to do (pydantic, Jinja: 0.5 s)
    from .documents import Site
    from .options import Say
    from .sign import SigningKey
    from .views import DocView


@dataclass
class Target:
    """One document and what this build must do with it."""

    kind: str
    doc: Any  # SopDoc | LaporanDoc
    published: bool  # on the website (a draft only with --drafts)
    refs: dict  # what it uses from the registries, resolved (also attached to its PDF)
    pdf_inputs: dict[str, str]  # what its PDF is made from
    page_inputs: dict[str, str] | None = None  # its web page's: known once the PDFs are done
    view: DocView | None = None  # laid out only when something of it is made

    @property
    def pdf(self) -> str:
        return PATHS.pdf(self.kind, self.doc.id)

    @property
    def html(self) -> str:
        return PATHS.html(self.kind, self.doc.id)


def decide(
    site: Site, files: ContentFiles, program: str, drafts: bool, key: SigningKey | None = None
) -> list[Target]:
    """Every document, with the digests of its PDF's inputs.
    `program`: the program's digest (`deps.program_digest`), taken once per build."""
    targets = []
    resolved: dict = {}
    hashed: dict[int, str] = {}
    for kind, docs in (("sop", site.sops), ("laporan", site.laporan)):
        for doc in docs.values():
            refs = references(site, doc, resolved)
            inputs = {
                "source": files.of(doc.path) or "",
                "refs": refs_digest(refs, hashed),
                "program": program,
                "options": "",
                # A final document is signed: the certificate and TSA are among its inputs.
                "signing": key.record if key and doc.status != "draf" else "",
            }
            published = drafts or doc.status != "draf"
            targets.append(Target(kind, doc, published, refs, inputs))
    return targets


# What a document is, as opposed to how this program and this key would make it.
CONTENT_INPUTS = ("source", "refs", "options")


def keep_signed(
    targets: list[Target], manifest: Manifest, files: ContentFiles, signing: bool
) -> list[Problem]:
    """Nothing signed is lost: a signed PDF whose document did not change is kept byte for
    byte, with a key or without, whatever changed in the program, the certificate or the TSA
    (re-signing an old document would put today's key on it). Returns a line for each final
    document that changed since it was signed and, with no key, is now made unsigned."""
    lines = []
    for t in targets:
        old = manifest.records.get(t.pdf)
        if t.doc.status == "draf" or old is None or not old.inputs.get("signing"):
            continue
        same = all(old.inputs.get(k) == t.pdf_inputs.get(k) for k in CONTENT_INPUTS)
        same = same and all(files.sha(name) == sha for name, sha in old.fetched.items())
        if same and manifest.intact(t.pdf, old.outputs.get(t.pdf, "")):
            t.pdf_inputs = {**t.pdf_inputs, **{k: old.inputs[k] for k in ("signing", "program")}}
        elif not signing:
            lines.append(
                signing_warning(
                    t.doc.path,
                    f"{t.pdf}: dokumen berubah sejak ditandatangani; PDF barunya BELUM "
                    "ditandatangani (TTE_P12 tidak diatur) dan halaman webnya menyebut "
                    "'belum ditandatangani'",
                )
            )
    return lines


def stale_pdfs(
    targets: list[Target], manifest: Manifest, files: ContentFiles, explain: Say | None
) -> list[Target]:
    """The documents whose PDF must be made again (the content files its render loaded are
    checked too)."""
    return [t for t in targets if _why(manifest, t.pdf, t.pdf_inputs, files, explain)]


def stale_pages(pages: list[Target], manifest: Manifest, explain: Say | None) -> list[Target]:
    """The published documents whose web page must be made again (`page_inputs` set)."""
    return [t for t in pages if _why(manifest, t.html, t.page_inputs or {}, None, explain)]


def _why(
    manifest: Manifest,
    out: str,
    inputs: dict[str, str],
    files: ContentFiles | None,
    explain: Say | None,
) -> list[str]:
    why = manifest.reasons(out, inputs, [out], files)
    if why and explain:
        explain(f"{out}: dibuat ulang: {'; '.join(why)}")
    return why


def references(site: Site, doc: Any, shared: dict | None = None) -> dict:
    """What a document uses beyond its own file, resolved: the office, who signs, the
    regulations it cites, the SOPs it links to. A registry edit touches only its users.

    `shared`: parts already resolved for another document (one build asks for each once)."""
    shared = {} if shared is None else shared

    def once(key: tuple, make: Callable[[], Any]) -> Any:
        if key not in shared:
            shared[key] = make()
        return shared[key]

    masa = doc.signer.masa
    refs: dict[str, Any] = {
        "kantor": once(("kantor",), lambda: site.kantor.model_dump(mode="json")),
        "penandatangan": once(
            ("pejabat", doc.signer.jabatan, id(masa)),
            lambda: {"jabatan": doc.signer.jabatan, **masa.model_dump(mode="json")},
        ),
    }
    if hasattr(doc, "regulations"):
        refs["dasar_hukum"] = {
            rid: once(("regulasi", rid), lambda rid=rid, reg=reg: _regulation(site, reg))
            for rid, reg in doc.regulations
        }
        refs["keterkaitan"] = {
            sop_id: site.sops[sop_id].sop.nama for _, sop_id in doc.links if sop_id in site.sops
        }
    return refs


def _regulation(site: Site, reg: Any) -> dict:
    cited = reg.model_dump(mode="json")
    if reg.dicabut_oleh in site.regulasi:
        cited["dicabut_oleh_kutipan"] = site.regulasi[reg.dicabut_oleh].kutipan
    return cited


def refs_digest(refs: dict, shared: dict[int, str]) -> str:
    """digest(refs), each shared part hashed once per build (`shared`: id -> digest)."""

    def part(value: Any) -> str:
        key = id(value)
        if key not in shared:
            shared[key] = digest(value)
        return shared[key]

    parts = {
        "kantor": part(refs["kantor"]),
        "penandatangan": part(refs["penandatangan"]),
        "dasar_hukum": {rid: part(reg) for rid, reg in refs.get("dasar_hukum", {}).items()},
        "keterkaitan": refs.get("keterkaitan", {}),
    }
    return digest(parts)
