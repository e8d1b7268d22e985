"""TLS as government servers get it wrong: incomplete chains, expired and mismatched certificates, TLS 1.0,
a 1024-bit Diffie-Hellman group.

Certificates are made when the simulator starts (`cryptography`), never stored: a private root, an
intermediate that a site with an incomplete chain does not send (it is served only at the AIA URL the
leaf names, on loopback), and one leaf per TLS host. The root goes to the crawler as `ca_file`.
"""

from __future__ import annotations

import datetime as dt
import ssl
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dh, ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, NameOID

TLS_FAULTS = ("tls_incomplete_chain", "tls_expired", "tls_mismatch", "tls_legacy", "tls_weak_dh")
# RFC 2409 group 2 (1024-bit MODP), the DH group old server configurations still ship; browsers refuse it
WEAK_DH_PRIME = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF",
    16,
)
PKI_HOST = "pki.sim.local"  # serves the intermediate at AIA_PATH over plain HTTP
AIA_PATH = "/ca/intermediate.der"

Key = ec.EllipticCurvePrivateKey
LeafKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    )


def _key() -> Key:
    return ec.generate_private_key(ec.SECP256R1())


def _ca(subject: str, key: Key, issuer: x509.Name, signer: Key, now: dt.datetime) -> x509.Certificate:
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(signer, hashes.SHA256())
    )


@dataclass(slots=True)
class Pki:
    """The simulator's private root and intermediate."""

    root: x509.Certificate
    intermediate: x509.Certificate
    intermediate_key: Key

    @classmethod
    def create(cls) -> Pki:
        now = dt.datetime.now(dt.UTC)
        root_key, inter_key = _key(), _key()
        root = _ca("模拟政务根证书", root_key, _name("模拟政务根证书"), root_key, now)
        inter = _ca("模拟政务中级证书", inter_key, root.subject, root_key, now)
        return cls(root, inter, inter_key)

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def intermediate_der(self) -> bytes:
        return self.intermediate.public_bytes(serialization.Encoding.DER)

    def leaf(self, host: str, kind: str | None, aia_url: str) -> tuple[x509.Certificate, LeafKey]:
        """A server certificate for `host`, wrong in the way `kind` says (None: a good one)."""
        now = dt.datetime.now(dt.UTC)
        # DHE key exchange is signed with RSA (there is no DHE-ECDSA suite)
        key: LeafKey = rsa.generate_private_key(65537, 2048) if kind == "tls_weak_dh" else _key()
        start, end = now - dt.timedelta(days=1), now + dt.timedelta(days=365)
        if kind == "tls_expired":
            start, end = now - dt.timedelta(days=400), now - dt.timedelta(days=35)
        names = [f"other-{host}"] if kind == "tls_mismatch" else [host]
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(names[0]))
            .issuer_name(self.intermediate.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .add_extension(
                x509.AuthorityInformationAccess(
                    [
                        x509.AccessDescription(
                            AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(aia_url)
                        )
                    ]
                ),
                critical=False,
            )
        )
        return builder.sign(self.intermediate_key, hashes.SHA256()), key


def server_context(pki: Pki, host: str, kind: str | None, aia_url: str, folder: Path) -> ssl.SSLContext:
    """The server side of one TLS host: its leaf, its chain (or not) and its protocol versions."""
    cert, key = pki.leaf(host, kind, aia_url)
    chain = cert.public_bytes(serialization.Encoding.PEM)
    if kind != "tls_incomplete_chain":  # an incomplete chain sends the leaf alone
        chain += pki.intermediate.public_bytes(serialization.Encoding.PEM)
    cert_file, key_file = folder / f"{host}.crt", folder / f"{host}.key"
    cert_file.write_bytes(chain)
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    if kind == "tls_legacy":  # a server left on TLS 1.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    if kind == "tls_weak_dh":  # TLS 1.2 with DHE only, over a 1024-bit group
        dh_file = folder / f"{host}.dh.pem"
        with warnings.catch_warnings():  # finite-field DH is deprecated in `cryptography`: that is the point
            warnings.simplefilter("ignore")
            params = dh.DHParameterNumbers(WEAK_DH_PRIME, 2).parameters()
        dh_file.write_bytes(
            params.parameter_bytes(serialization.Encoding.PEM, serialization.ParameterFormat.PKCS3)
        )
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        ctx.set_ciphers("DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0")
        ctx.load_dh_params(str(dh_file))
    return ctx
