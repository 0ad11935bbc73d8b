"""The verdict on each signature of a PDF, offline by default: pyHanko checks the cryptography,
this module decides at which moment each certificate must have been good, with which
revocation data, and what may come after a signature.

Long-term validation, as archives need it: the last document timestamp is checked now; every
earlier timestamp at the time of the one after it; a signature at the time its own timestamp
proves. Revocation data comes from the file (its DSS); network only when asked for.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from asn1crypto import cms, crl, ocsp, x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)

from .revisions import Update, judge, updates_after
from .trust import Anchor

GOOD, UNTRUSTED, FAILED = "baik", "tidak terpercaya", "gagal"
HARD, NONE = RevocationCheckingRule.CHECK_IF_DECLARED, RevocationCheckingRule.NO_CHECK
# Revocation checking, strictest first: end certificate and issuers; issuers only; nothing.
LADDER = ((HARD, HARD), (NONE, HARD), (NONE, NONE))
# pyHanko's answers when revocation data is missing or out of date (a mismatched OCSP
# response comes back as a general chain failure): worth one step down the ladder.
RETRY = {"TRY_LATER", "CERTIFICATE_CHAIN_GENERAL_FAILURE", "REVOCATION_OUT_OF_BOUNDS_NO_POE"}


SOURCES = {
    "bawaan": "jangkar bawaan program",
    "kantor.yaml": "jangkar dari kantor.yaml",
    "--trust": "sertifikat --trust",
}


@dataclass
class Stamp:
    """A timestamp: a signature's own (B-T) or a document timestamp."""

    tsa: str
    time: dt.datetime
    trusted: bool
    tsa_valid_until: dt.datetime
    revocation: str = ""
    note: str = ""


@dataclass
class Verdict:
    field: str
    kind: str  # "tanda tangan" or "cap waktu dokumen"
    level: str = ""  # PAdES B-B, B-T, B-LT, B-LTA
    signer: str = "?"
    time: dt.datetime | None = None
    time_source: str = "tidak dicantumkan"
    intact: bool = False
    trusted: bool = False
    anchor: str | None = None
    revocation: str = ""
    timestamp: Stamp | None = None
    added_after: list[str] = field(default_factory=list)
    after: str = "tidak ada: tanda tangan mencakup seluruh berkas"
    problems: list[str] = field(default_factory=list)  # why it fails
    distrust: list[str] = field(default_factory=list)  # why it is not trusted
    warnings: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if self.problems:
            return FAILED
        return UNTRUSTED if self.distrust else GOOD


@dataclass
class Material:
    """Certificates and revocation data the file carries."""

    certs: list[x509.Certificate]
    ocsps: list[ocsp.OCSPResponse]
    crls: list[crl.CertificateList]
    dss: bool  # the file has a Document Security Store (validation data for the long term)

    @property
    def has_revocation_data(self) -> bool:
        return bool(self.ocsps or self.crls)


@dataclass(frozen=True)
class Settings:
    anchors: tuple[Anchor, ...]
    now: dt.datetime
    online: bool = False


def check_pdf(data: bytes, settings: Settings) -> list[Verdict]:
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    sigs = list(reader.embedded_signatures)
    material = _material(reader, sigs)
    verdicts: dict[int, Verdict] = {}
    control = settings.now  # when the next timestamp back must still be good
    later_doc_ts = False
    for sig in reversed(sigs):
        updates = updates_after(reader, sig, sigs)
        if is_doc_ts(sig):
            v = _doc_timestamp(sig, material, settings, control)
            if not v.problems and not v.distrust and v.timestamp:
                control = v.timestamp.time
            later_doc_ts = True
        else:
            v = _signature(sig, material, settings, control)
            v.level = _level(v, material, later_doc_ts)
        _judge_updates(v, updates, verdicts)
        verdicts[sig.signed_revision] = v
    return [verdicts[s.signed_revision] for s in sigs]


def is_doc_ts(sig: EmbeddedPdfSignature) -> bool:
    return sig.sig_object_type == "/DocTimeStamp"


def carried_certs(sigs: list[EmbeddedPdfSignature]) -> list[x509.Certificate]:
    """The certificates the signatures themselves carry (their CMS `certificates`)."""
    return [
        c.chosen for sig in sigs for c in sig.signed_data["certificates"] if c.name == "certificate"
    ]


def _material(reader: PdfFileReader, sigs: list[EmbeddedPdfSignature]) -> Material:
    certs, ocsps, crls = [], [], []
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # noqa: BLE001 - no DSS (or a broken one): nothing from it
        dss = None
    if dss is not None:
        certs += list(dss.load_certs())
        ocsps += [ocsp.OCSPResponse.load(o.get_object().data) for o in dss.ocsps]
        crls += [crl.CertificateList.load(c.get_object().data) for c in dss.crls]
    return Material(certs + carried_certs(sigs), ocsps, crls, dss is not None)


def _context(settings: Settings, material: Material, moment: dt.datetime, step: int):  # noqa: ANN202
    ee, ca = LADDER[step]
    return ValidationContext(
        trust_roots=[a.cert for a in settings.anchors],
        other_certs=material.certs,
        ocsps=material.ocsps,
        crls=material.crls,
        moment=moment,
        allow_fetching=settings.online,
        revinfo_policy=CertRevTrustPolicy(
            RevocationCheckingPolicy(ee_certificate_rule=ee, intermediate_ca_cert_rule=ca),
            retroactive_revinfo=True,
        ),
    )


def _retry(status) -> bool:  # noqa: ANN001 - a pyHanko status
    indic = getattr(status, "trust_problem_indic", None)
    return (
        status is not None
        and not status.trusted
        and not getattr(status, "revoked", False)
        and indic is not None
        and indic.name in RETRY
    )


def timestamp_token(sig: EmbeddedPdfSignature) -> cms.SignedData | None:
    attrs = sig.signer_info["unsigned_attrs"]
    for attr in attrs if attrs.native is not None else []:
        if attr["type"].native == "signature_time_stamp_token":
            return attr["values"][0]["content"]
    return None


def token_facts(token: cms.SignedData) -> tuple[dt.datetime, x509.Certificate | None]:
    """The time a timestamp token claims and its TSA's certificate, before checking either."""
    when = token["encap_content_info"]["content"].parsed["gen_time"].native
    sid = token["signer_infos"][0]["sid"]
    for c in token["certificates"]:
        cert = c.chosen
        if sid.name == "issuer_and_serial_number" and (
            cert.serial_number == sid.chosen["serial_number"].native
        ):
            return when, cert
    certs = [c.chosen for c in token["certificates"] if c.name == "certificate"]
    return when, (certs[-1] if certs else None)


def _ts_moment(
    when: dt.datetime, tsa: x509.Certificate | None, control: dt.datetime, v: Verdict
) -> dt.datetime:
    """A timestamp is checked at `control`; once its TSA certificate has expired with no later
    timestamp to prove it, only at its own time, and the reader is told so."""
    until = tsa.not_valid_after if tsa is not None else None
    if until is not None and until < control:
        from .formatting import tanggal

        v.warnings.append(
            f"sertifikat server cap waktu sudah berakhir {tanggal(until.date())} tanpa cap waktu "
            "dokumen sesudahnya: cap waktu hanya bisa diperiksa pada waktunya sendiri "
            "(untuk arsip kantor: `python build.py perpanjang` sebelum sertifikat cap waktu "
            "berakhir)"
        )
        return when
    return control


def _revocation_words(step: int, path, material: Material, online: bool) -> str:  # noqa: ANN001
    declared = [
        c for c in (path or []) if not c.self_issued and (c.ocsp_urls or c.crl_distribution_points)
    ]
    if not declared:
        return "tidak perlu: sertifikatnya tidak menyebut layanan pencabutan"
    where = "dari internet atau data di dalam berkas" if online else "dari data di dalam berkas"
    if step == 0:
        return f"diperiksa {where}"
    missing = "berkas tidak membawa data pencabutan yang berlaku pada waktunya"
    leaf = path.leaf if path else None
    issuers = [c for c in declared if leaf is None or c.dump() != leaf.dump()]
    if step == 1 and issuers:
        name = leaf.subject.native.get("common_name", "?") if leaf is not None else "?"
        return f"sertifikat penerbit diperiksa {where}; sertifikat {name} TIDAK ({missing})"
    return f"TIDAK diperiksa ({missing})"


def _signature(
    sig: EmbeddedPdfSignature, material: Material, settings: Settings, control: dt.datetime
) -> Verdict:
    v = Verdict(sig.field_name, "tanda tangan")
    token = timestamp_token(sig)
    ts_moment = moment = control
    if token is not None:
        when, tsa = token_facts(token)
        ts_moment = _ts_moment(when, tsa, control, v)
        moment = when  # the signer's certificate must have been good when the TSA saw it
    steps = [0, 0]
    status = None
    for _ in range(len(LADDER) * 2):
        try:
            status = validate_pdf_signature(
                sig,
                _context(settings, material, moment, steps[0]),
                ts_validation_context=_context(settings, material, ts_moment, steps[1]),
                skip_diff=True,
            )
        except Exception as exc:  # noqa: BLE001 - a malformed signature is a failed one
            v.signer = sig.signer_cert.subject.native.get("common_name", "?")
            v.problems.append(_unreadable("tanda tangan atau rantai sertifikatnya", exc))
            return v
        retry_sig = _retry(status) and steps[0] < len(LADDER) - 1
        retry_ts = _retry(status.timestamp_validity) and steps[1] < len(LADDER) - 1
        if not (retry_sig or retry_ts):
            break
        steps[0] += retry_sig
        steps[1] += retry_ts
    _fill_signature(v, status, steps, material, settings)
    return v


def _fill_signature(v: Verdict, status, steps: list[int], material, settings) -> None:  # noqa: ANN001
    v.signer = status.signing_cert.subject.native.get("common_name", "?")
    v.intact = status.intact and status.valid
    if not status.intact:
        v.problems.append("isi yang ditandatangani berubah sesudah penandatanganan")
    elif not status.valid:
        v.problems.append("tanda tangan tidak cocok dengan isinya")
    _trust(v, status, status.signing_cert, settings)
    v.revocation = _revocation_words(steps[0], status.validation_path, material, settings.online)
    ts = status.timestamp_validity
    if ts is not None:
        v.timestamp = _stamp(ts, steps[1], material, settings)
        if not (ts.intact and ts.valid):
            v.problems.append(f"cap waktu dari {v.timestamp.tsa} tidak utuh")
        elif not ts.trusted:
            _untrusted(v, ts, f"server cap waktu {v.timestamp.tsa}")
        v.time, v.time_source = ts.timestamp, f"cap waktu dari {v.timestamp.tsa}"
    elif status.signer_reported_dt:
        v.time, v.time_source = status.signer_reported_dt, "menurut komputer penanda tangan"


def _trust(v: Verdict, status, cert: x509.Certificate, settings: Settings) -> None:  # noqa: ANN001
    v.trusted = bool(status.trusted)
    if status.trusted:
        root = status.validation_path.first if status.validation_path else None
        found = [a for a in settings.anchors if root is not None and a.cert.dump() == root.dump()]
        v.anchor = f"{found[0].name} ({SOURCES[found[0].source]})" if found else None
        return
    _untrusted(v, status, "penanda tangan")


def _untrusted(v: Verdict, status, who: str) -> None:  # noqa: ANN001
    indic = status.trust_problem_indic
    name = indic.name if indic is not None else ""
    if getattr(status, "revoked", False) or "REVOKED" in name:
        v.problems.append(f"sertifikat {who} sudah DICABUT")
    elif name in ("NO_CERTIFICATE_CHAIN_FOUND", "NO_SIGNING_CERTIFICATE_FOUND"):
        v.distrust.append(f"{who}: penerbit sertifikat tidak dikenal")
    elif name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"):
        v.problems.append(f"sertifikat {who} sudah kedaluwarsa pada waktu pemeriksaan")
    elif name == "NOT_YET_VALID":
        v.problems.append(f"sertifikat {who} belum berlaku pada waktu itu")
    elif name == "CERTIFICATE_CHAIN_GENERAL_FAILURE":
        # The chain reaches an anchor by name, but a signature in it does not hold: a
        # certificate that imitates a trusted issuer's name (or a damaged one).
        v.problems.append(
            f"rantai sertifikat {who} tidak sah: sertifikatnya menyebut penerbit yang dipercaya, "
            "tetapi tidak ditandatangani olehnya (tiruan, atau rusak)"
        )
    else:
        v.problems.append(
            f"sertifikat {who} tidak bisa dipastikan ({name.lower().replace('_', ' ')})"
        )


def _unreadable(what: str, exc: Exception) -> str:
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"{what} tidak bisa diperiksa: rusak atau tiruan ({detail})"


def _stamp(ts, step: int, material: Material, settings: Settings) -> Stamp:  # noqa: ANN001
    cert = ts.signing_cert
    return Stamp(
        tsa=cert.subject.native.get("common_name", "?"),
        time=ts.timestamp,
        trusted=bool(ts.trusted),
        tsa_valid_until=cert.not_valid_after,
        revocation=_revocation_words(step, ts.validation_path, material, settings.online),
    )


def _doc_timestamp(
    sig: EmbeddedPdfSignature, material: Material, settings: Settings, control: dt.datetime
) -> Verdict:
    v = Verdict(sig.field_name, "cap waktu dokumen", level="cap waktu arsip")
    when, tsa = token_facts(sig.signed_data)
    moment = _ts_moment(when, tsa, control, v)
    status = None
    for step in range(len(LADDER)):
        try:
            status = validate_pdf_timestamp(sig, _context(settings, material, moment, step))
        except Exception as exc:  # noqa: BLE001 - a malformed timestamp is a failed one
            v.problems.append(_unreadable("cap waktu dokumen atau rantai sertifikatnya", exc))
            return v
        if not _retry(status):
            break
    v.timestamp = _stamp(status, step, material, settings)
    v.signer = v.timestamp.tsa
    v.time, v.time_source = status.timestamp, "cap waktu dokumen"
    v.intact = status.intact and status.valid
    if not v.intact:
        v.problems.append("cap waktu dokumen tidak utuh")
    _trust(v, status, status.signing_cert, settings)
    v.revocation = v.timestamp.revocation
    return v


def _level(v: Verdict, material: Material, later_doc_ts: bool) -> str:
    """B-B: signature only; B-T: with its timestamp; B-LT: and the file carries the
    validation data (a DSS with revocation data, unless the certificates need none); B-LTA:
    and a document timestamp after it."""
    if v.timestamp is None:
        return "PAdES B-B"
    needs_none = v.revocation.startswith("tidak perlu")
    if not material.dss or not (material.has_revocation_data or needs_none):
        return "PAdES B-T"
    return "PAdES B-LTA" if later_doc_ts else "PAdES B-LT"


def _judge_updates(v: Verdict, updates: list[Update], verdicts: dict[int, Verdict]) -> None:
    good = {x.field for x in verdicts.values() if x.kind == "tanda tangan" and x.verdict == GOOD}
    v.after, v.added_after = judge(updates, good)
    if v.added_after:
        v.problems.append(f"sesudah tanda tangan ini ditambahkan: {'; '.join(v.added_after)}")
