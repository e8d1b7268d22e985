"""A site's TLS certificate as the daily pass records it: expiry and whether it names the host.

The certificate is read even when it would not verify (expired, self-signed, another host's), so
that the 预警 can say what is wrong; nothing is sent over the connection. Plain-HTTP sites have none.
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.x509.oid import NameOID


def names_host(cert: x509.Certificate, host: str) -> bool:
    """Whether the certificate's subjectAltName (or, lacking one, its CN) covers `host` (one-label wildcards)."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = san.get_values_for_type(x509.DNSName)
        ips = [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    except x509.ExtensionNotFound:
        names = [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        ips = []
    try:
        return str(ipaddress.ip_address(host)) in ips
    except ValueError:
        pass
    host = host.lower().rstrip(".")
    for name in (n.lower().rstrip(".") for n in names):
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


def cert_facts(der: bytes, host: str) -> dict[str, Any]:
    """{"not_after": ISO time, "host_ok": bool} of a DER certificate presented for `host`."""
    cert = x509.load_der_x509_certificate(der)
    return {"not_after": cert.not_valid_after_utc.isoformat(), "host_ok": names_host(cert, host)}


async def read_certificate(
    url: str, host_map: dict[str, str] | None, timeout_s: float
) -> dict[str, Any] | None:
    """The certificate facts of an https URL's host; None for http or when no TLS handshake happens."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return None
    host = parts.hostname
    addr, port = host, parts.port or 443
    if host_map is not None and host in host_map:
        mapped, _, mapped_port = host_map[host].rpartition(":")
        addr, port = mapped, int(mapped_port)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # read what is presented; judging it is the rule's job
    try:
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(addr, port, ssl=ctx, server_hostname=host), timeout_s
        )
    except (OSError, TimeoutError, ssl.SSLError):
        return None
    try:
        obj = writer.get_extra_info("ssl_object")
        der = obj.getpeercert(binary_form=True) if obj is not None else None
    finally:
        writer.close()
    return cert_facts(der, host) if der else None
