"""Certificates read off TLS servers on loopback: expired, expiring, another host's, and a good one."""

from __future__ import annotations

import asyncio
import datetime as dt
import ssl
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from govinspect import model as m
from govinspect.monitor import read_certificate
from govinspect.monitor.rules import cert_problem

NOW = dt.datetime.now(dt.UTC)


def _cert(tmp: Path, names: list[str], not_after: dt.datetime) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_after - dt.timedelta(days=400))
        .not_valid_after(not_after)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (tmp / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "k.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tmp / "c.pem", tmp / "k.pem")
    return ctx


async def _facts(tmp: Path, names: list[str], not_after: dt.datetime, host: str) -> dict[str, object] | None:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=_cert(tmp, names, not_after))
    port = server.sockets[0].getsockname()[1]
    try:
        return await read_certificate(f"https://{host}/", {host: f"127.0.0.1:{port}"}, 5.0)
    finally:
        server.close()


def _problem(facts: dict[str, object] | None) -> str | None:
    assert facts is not None
    not_after = dt.datetime.fromisoformat(str(facts["not_after"]))
    c = cert_problem(
        "县教育局", "S1", "梅溪县教育局", not_after, bool(facts["host_ok"]), 30, NOW.astimezone(m.TZ)
    )
    return c.detail if c else None


@pytest.mark.parametrize(
    ("names", "days", "found"),
    [
        (["jyj.meixi.gov.cn"], -3, "expired"),
        (["jyj.meixi.gov.cn"], 10, "expiring"),
        (["www.other-casino.com"], 300, "host"),
        (["*.meixi.gov.cn"], 300, None),  # a wildcard for the host, valid long enough: nothing
    ],
)
async def test_certificate_problems_found_on_loopback(
    tmp_path: Path, names: list[str], days: int, found: str | None
) -> None:
    facts = await _facts(tmp_path, names, NOW + dt.timedelta(days=days), "jyj.meixi.gov.cn")
    assert _problem(facts) == found


async def test_plain_http_and_no_tls_give_no_certificate() -> None:
    assert await read_certificate("http://jyj.meixi.gov.cn/", None, 1.0) is None
    assert (
        await read_certificate("https://jyj.meixi.gov.cn/", {"jyj.meixi.gov.cn": "127.0.0.1:9"}, 1.0) is None
    )
