"""TLS like a browser, findings like an inspector: read a host whose certificate or protocol is wrong.

After a TLS failure the host's certificate is looked at once: an incomplete chain is completed with
the issuer named by the certificate's AIA URL (fetched once, through the crawl's own fetcher, so the
host map and politeness apply); an expired, mismatched or untrusted certificate or a TLS 1.0/1.1 server
or one whose DHE key exchange uses a group browsers refuse (under 2048 bits) is read through a separate
legacy context and reported. The report goes on the host's pages and the
checks make it a certificate finding (`tls.*`), never 站点无法访问. A host no Debian TLS stack can talk
to (SM2 国密 certificates) stays a TLS failure: the site is 待核实 when its home page cannot be read.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ssl
import warnings
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from govinspect.crawl.net import HostMap

if TYPE_CHECKING:  # cryptography is imported when a host's certificate is first looked at
    from cryptography import x509

WEAK_PROTOCOLS = frozenset(("SSLv3", "TLSv1", "TLSv1.1"))
# problems in the order the checks report them; each is a catalogued code `tls.<problem>`
PROBLEMS = (
    "cert_expired",
    "cert_mismatch",
    "cert_untrusted",
    "chain_incomplete",
    "weak_protocol",
    "weak_key_exchange",
)

FetchBytes = Callable[[str], Awaitable[bytes | None]]


def verifying_context(ca_file: str | None = None, legacy: bool = False) -> ssl.SSLContext:
    """A browser's verifying context (system roots plus `ca_file`); `legacy` also speaks TLS 1.0/1.1."""
    ctx = ssl.create_default_context()
    if ca_file:
        ctx.load_verify_locations(cafile=ca_file)
    if legacy:
        _legacy(ctx)
    return ctx


def reading_context(legacy: bool = True) -> ssl.SSLContext:
    """For reading a host whose certificate is wrong: no verification, legacy protocols; used for nothing else.

    Without `legacy` it keeps a browser's protocol and key-size floor (to tell a weak key exchange apart).
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if legacy:
        _legacy(ctx)
    return ctx


def finite_field_dhe(cipher: str) -> bool:
    """The cipher suite's key exchange is finite-field Diffie-Hellman (DHE/EDH, not ECDHE)."""
    return cipher.startswith(("DHE-", "EDH-"))


def _legacy(ctx: ssl.SSLContext) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")


def name_matches(host: str, names: list[str]) -> bool:
    """A certificate name list covers `host` (one left-most wildcard label, as browsers allow)."""
    host = host.lower().rstrip(".")
    for n in names:
        n = n.lower().rstrip(".")
        if n == host:
            return True
        if n.startswith("*.") and host.count(".") == n.count(".") and host.split(".", 1)[1] == n[2:]:
            return True
    return False


def cert_names(cert: x509.Certificate) -> list[str]:
    """The DNS names a certificate is for (SAN, else the subject CN)."""
    from cryptography import x509

    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        return [str(n) for n in san.get_values_for_type(x509.DNSName)]
    except x509.ExtensionNotFound:
        return [str(a.value) for a in cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)]


def aia_issuer_url(cert: x509.Certificate) -> str | None:
    """The http URL of the issuer certificate the AIA extension names (None without one)."""
    from cryptography import x509
    from cryptography.x509.oid import AuthorityInformationAccessOID

    try:
        aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    except x509.ExtensionNotFound:
        return None
    for d in aia:
        if d.access_method == AuthorityInformationAccessOID.CA_ISSUERS:
            url = str(d.access_location.value)
            if url.startswith("http://") or url.startswith("https://"):
                return url
    return None


def issuer_pem(data: bytes) -> str | None:
    """An issuer certificate (DER or PEM, as AIA URLs serve it) as PEM text; None when unreadable."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        if data.lstrip().startswith(b"-----"):
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError:
        return None
    return cert.public_bytes(Encoding.PEM).decode("ascii")


class TlsReader:
    """Per-host TLS contexts and certificate reports of one crawl; the default context for every other host."""

    def __init__(self, hosts: HostMap, ca_file: str | None, timeout_s: float) -> None:
        self.hosts = hosts
        self.ca_file = ca_file
        self.timeout_s = timeout_s
        self.default: ssl.SSLContext | None = verifying_context(ca_file) if ca_file else None
        self.contexts: dict[str, ssl.SSLContext] = {}
        self.reports: dict[str, dict[str, str]] = {}
        self.learned: dict[str, asyncio.Task[bool]] = {}
        self.issuers: dict[str, str | None] = {}  # AIA URL → issuer PEM, fetched once

    def context(self, host: str) -> ssl.SSLContext | None:
        """The context for requests to `host` (None: aiohttp's default)."""
        return self.contexts.get(host, self.default)

    def report(self, host: str) -> dict[str, str] | None:
        """What was wrong with `host`'s TLS (problems, protocol, names, validity), None when nothing."""
        return self.reports.get(host)

    async def learn(self, url: str, fetch: FetchBytes) -> bool:
        """Look at the host of `url` once after a TLS failure; True when it can now be read."""
        host = (urlsplit(url).hostname or "").lower()
        task = self.learned.get(host)
        if task is None:
            task = self.learned[host] = asyncio.ensure_future(self._learn(url, host, fetch))
        return await task

    async def _learn(self, url: str, host: str, fetch: FetchBytes) -> bool:
        parts = urlsplit(url)
        if parts.scheme != "https" or not self.hosts.allowed(host):
            return False
        addr = self.hosts.target(host, parts.port or 443) or (host, parts.port or 443)
        seen = await self._handshake(addr, host, reading_context())
        if seen is None:
            return False  # not even a legacy client can talk to it (e.g. SM2 国密)
        from cryptography import x509

        der, protocol, cipher = seen
        cert = x509.load_der_x509_certificate(der)
        now = dt.datetime.now(dt.UTC)
        problems = []
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            problems.append("cert_expired")
        names = cert_names(cert)
        if not name_matches(host, names):
            problems.append("cert_mismatch")
        weak = protocol in WEAK_PROTOCOLS
        weak_kx = (  # a DH group a browser's floor refuses (OpenSSL: dh key too small)
            not weak
            and finite_field_dhe(cipher)
            and await self._handshake(addr, host, reading_context(legacy=False)) is None
        )
        ctx = verifying_context(self.ca_file, legacy=weak or weak_kx)
        verified = not problems and await self._handshake(addr, host, ctx) is not None
        aia = aia_issuer_url(cert)
        if not verified and not problems and aia:
            if aia not in self.issuers:
                data = await fetch(aia)
                self.issuers[aia] = issuer_pem(data) if data else None
            pem = self.issuers[aia]
            if pem is not None:
                ctx.load_verify_locations(cadata=pem)
                verified = await self._handshake(addr, host, ctx) is not None
                if verified:
                    problems.append("chain_incomplete")
        if not verified and not problems:
            problems.append("cert_untrusted")
        if weak:
            problems.append("weak_protocol")
        if weak_kx:
            problems.append("weak_key_exchange")
        self.contexts[host] = ctx if verified else reading_context()
        self.reports[host] = {
            "problems": ",".join(problems),
            "protocol": protocol,
            "cipher": cipher,
            "names": ",".join(names),
            "not_before": cert.not_valid_before_utc.isoformat(),
            "not_after": cert.not_valid_after_utc.isoformat(),
            "issuer": cert.issuer.rfc4514_string(),
            "aia": aia or "",
        }
        return True

    async def _handshake(
        self, addr: tuple[str, int], host: str, ctx: ssl.SSLContext
    ) -> tuple[bytes, str, str] | None:
        """(peer certificate DER, protocol, cipher suite) of a handshake with `ctx`, None when it fails."""
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(addr[0], addr[1], ssl=ctx, server_hostname=host), self.timeout_s
            )
        except (OSError, TimeoutError, ssl.SSLError):
            return None
        try:
            sslobj = writer.get_extra_info("ssl_object")
            der = sslobj.getpeercert(binary_form=True) if sslobj is not None else None
            cipher = sslobj.cipher() if sslobj is not None else None
            return (der, str(sslobj.version()), cipher[0] if cipher else "") if der else None
        finally:
            writer.close()
            with contextlib.suppress(OSError, ssl.SSLError):
                await writer.wait_closed()
