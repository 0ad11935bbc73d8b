"""A throwaway PKI for the signing tests: a CA, signer certificates, a TSA, made on the spot.

Nothing secret is committed: every key is generated in the test's temporary folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)


@dataclass
class Issued:
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def _name(cn: str, serial: str | None = None) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Uji Kecamatan Halong"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ]
    if serial:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    return x509.Name(attrs)


def make_ca(cn: str = "CA Uji", subject: x509.Name | None = None) -> Issued:
    """A self-signed CA; `subject`: a name to imitate instead of the test's own."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = subject or _name(cn)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - 30 * DAY)
        .not_valid_after(NOW + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue(
    ca: Issued,
    cn: str,
    *,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    tsa: bool = False,
    serial: str | None = None,
    revocation: str | None = None,
    ocsp: bool = True,
) -> Issued:
    """A certificate from `ca`; `revocation` is a `Services.base` URL, whose OCSP responder and
    CRL the certificate then names (as BSrE's certificates do)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn, serial))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - DAY)
        .not_valid_after(not_after or NOW + 365 * DAY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
    if revocation and ocsp:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(f"{revocation}ocsp"),
                    )
                ]
            ),
            critical=False,
        )
    if revocation:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        [x509.UniformResourceIdentifier(f"{revocation}ca.crl")], None, None, None
                    )
                ]
            ),
            critical=False,
        )
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def write_p12(path: Path, issued: Issued, ca: Issued, passphrase: str) -> Path:
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"tte",
            issued.key,
            issued.cert,
            [ca.cert],
            serialization.BestAvailableEncryption(passphrase.encode()),
        )
    )
    return path


def write_pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@contextmanager
def tsa_server(tsa: Issued, ca: Issued) -> Iterator[str]:
    """An RFC 3161 timestamp server on 127.0.0.1, answering with pyHanko's DummyTimeStamper."""
    from asn1crypto import tsp

    stamper = _stamper(tsa, ca)
    requests: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests.append(body)
            req = tsp.TimeStampReq.load(body)
            reply = asyncio.run(stamper.async_request_tsa_response(req)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Services:
    """A CA's OCSP responder, CRL and (once `tsa` is set) timestamp server on 127.0.0.1."""

    ca: Issued
    base: str = ""
    tsa: Issued | None = None
    revoked: set[int] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)  # paths asked for, in order
    auth: list[str] = field(default_factory=list)  # Authorization headers the TSA received

    @property
    def tsa_url(self) -> str:
        return f"{self.base}tsa"

    def ocsp_reply(self, body: bytes) -> bytes:
        req = ocsp.load_der_ocsp_request(body)
        now = dt.datetime.now(dt.UTC)
        revoked = req.serial_number in self.revoked
        builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
            issuer_name_hash=req.issuer_name_hash,
            issuer_key_hash=req.issuer_key_hash,
            serial_number=req.serial_number,
            algorithm=req.hash_algorithm,
            cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
            this_update=now - dt.timedelta(minutes=1),
            next_update=now + 7 * DAY,
            revocation_time=now - DAY if revoked else None,
            revocation_reason=None,
        )
        builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, self.ca.cert)
        reply = builder.sign(self.ca.key, hashes.SHA256())
        return reply.public_bytes(serialization.Encoding.DER)

    def crl(self) -> bytes:
        now = dt.datetime.now(dt.UTC)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.cert.subject)
            .last_update(now - dt.timedelta(minutes=1))
            .next_update(now + 7 * DAY)
        )
        for serial in self.revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(now - DAY)
                .build()
            )
        return builder.sign(self.ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


@contextmanager
def services(ca: Issued) -> Iterator[Services]:
    """OCSP (`<base>ocsp`), the CRL (`<base>ca.crl`) and an RFC 3161 TSA (`<base>tsa`, once
    `Services.tsa` is set) of `ca`, served on 127.0.0.1 for the test's duration."""
    state = Services(ca)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            state.requests.append(self.path)
            if self.path != "/ca.crl":
                self.send_error(404)
                return
            self._reply(state.crl(), "application/pkix-crl")

        def do_POST(self) -> None:  # noqa: N802 - http.server API
            state.requests.append(self.path)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.path == "/ocsp":
                self._reply(state.ocsp_reply(body), "application/ocsp-response")
            elif self.path == "/tsa" and state.tsa is not None:
                state.auth.append(self.headers.get("Authorization", ""))
                self._reply(
                    _timestamp_reply(state.tsa, state.ca, body), "application/timestamp-reply"
                )
            else:
                self.send_error(404)

        def _reply(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _timestamp_reply(tsa: Issued, ca: Issued, body: bytes) -> bytes:
    from asn1crypto import tsp

    req = tsp.TimeStampReq.load(body)
    return asyncio.run(_stamper(tsa, ca).async_request_tsa_response(req)).dump()


def _stamper(tsa: Issued, ca: Issued):  # noqa: ANN202 - pyHanko's DummyTimeStamper
    from asn1crypto import keys
    from asn1crypto import x509 as ax509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = lambda c: c.public_bytes(serialization.Encoding.DER)  # noqa: E731
    return DummyTimeStamper(
        tsa_cert=ax509.Certificate.load(der(tsa.cert)),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        certs_to_embed=SimpleCertificateStore.from_certs([ax509.Certificate.load(der(ca.cert))]),
    )
