"""Unit tests: URL canonicalisation and traps, host map safety, WARC round trip, jsonl repair, errors."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from govinspect.crawl import ErrorClass, PageRecord
from govinspect.crawl.fetch import Exchange, FetchError, cut_content, decode_content, retry_after_seconds
from govinspect.crawl.jsonl import JsonlWriter, read_records, repair
from govinspect.crawl.net import HostMap, HostMapResolver, OfflineLookupError
from govinspect.crawl.urls import canonical, is_pagination, path_pattern, strip_session
from govinspect.crawl.warc import WarcWriter, read_response

SP = ("jsessionid", "sid")


def test_canonical_dedups_and_drops_sessions() -> None:
    assert canonical("http://a.gov.cn/x?b=2&a=1", SP) == canonical("http://a.gov.cn/x?a=1&b=2", SP)
    assert canonical("http://a.gov.cn/x;jsessionid=ABC?a=1&sid=9", SP) == "http://a.gov.cn/x?a=1"
    assert canonical("http://a.gov.cn", SP) == "http://a.gov.cn/"
    assert canonical("http://a.gov.cn/x?a=1", SP) != canonical("http://a.gov.cn/x?a=2", SP)
    assert strip_session("http://a.gov.cn/x?keep=1", SP) == "http://a.gov.cn/x?keep=1"


def test_path_pattern_and_pagination() -> None:
    assert path_pattern("http://a.gov.cn/cal/2024/05/d.html?day=3&m=1") == "a.gov.cn/cal/N/N/d.html?day&m"
    assert path_pattern("http://a.gov.cn/about.html") == "a.gov.cn/about.html"
    assert is_pagination("下一页", "http://a.gov.cn/col/x.html")
    assert is_pagination("", "http://a.gov.cn/col/index_3.html")
    assert is_pagination("", "http://a.gov.cn/col/list.jsp?page=4")
    assert not is_pagination("关于我们", "http://a.gov.cn/col/art_31.html")


async def test_host_map_resolver_offline() -> None:
    hosts = HostMap({"www.x.gov.cn": "127.0.0.2:8081"})
    resolver = HostMapResolver(hosts)
    (hit,) = await resolver.resolve("www.x.gov.cn", 80)
    assert (hit["host"], hit["port"]) == ("127.0.0.2", 8081)
    (lo,) = await resolver.resolve("127.0.0.5", 80)
    assert lo["host"] == "127.0.0.5"
    with pytest.raises(OfflineLookupError):
        await resolver.resolve("www.baidu.com", 80)
    assert hosts.allowed("127.0.0.9") and not hosts.allowed("8.8.8.8") and not hosts.allowed("www.baidu.com")
    assert HostMap(None).allowed("8.8.8.8")  # online without a map
    assert not HostMap(None, offline=True).allowed("8.8.8.8")


def test_decode_content() -> None:
    data = "政务".encode() * 100
    assert decode_content(gzip.compress(data), "gzip", 10**6) == data
    assert decode_content(zlib.compress(data), "deflate", 10**6) == data
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    assert decode_content(raw_deflate.compress(data) + raw_deflate.flush(), "deflate", 10**6) == data
    with pytest.raises(FetchError) as broken:
        decode_content(gzip.compress(data)[:20], "gzip", 10**6)
    assert broken.value.error == ErrorClass.BROKEN_ENCODING
    with pytest.raises(FetchError) as bomb:
        decode_content(gzip.compress(b"0" * 10**6), "gzip", 1000)
    assert bomb.value.error == ErrorClass.TOO_LARGE


def test_cut_content_stops_at_the_limit() -> None:
    import brotli

    bomb = gzip.compress(b"0" * 10**7)  # 10 MB from ~10 KB: never inflated past the limit
    assert cut_content(bomb, "gzip", 1000) == (b"0" * 1000, True)
    assert cut_content(brotli.compress(b"1" * 10**7), "br", 1000) == (b"1" * 1000, True)
    assert cut_content(b"<p>" * 600, None, 1000) == ((b"<p>" * 600)[:1000], True)
    assert cut_content(gzip.compress(b"0" * 1000), "gzip", 1000) == (b"0" * 1000, False)
    with pytest.raises(FetchError) as broken:
        cut_content(gzip.compress("政务".encode() * 100)[:20] + b"\x00" * 40, "gzip", 10**6)
    assert broken.value.error == ErrorClass.BROKEN_ENCODING


def test_retry_after() -> None:
    assert retry_after_seconds("5") == 5.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None


def test_warc_round_trip(tmp_path: Path) -> None:
    body = gzip.compress("<title>县政府</title>".encode())
    ex = Exchange(
        url="http://www.x.gov.cn/a.html",
        method="GET",
        request_headers=[("User-Agent", "govinspect")],
        status=200,
        reason="OK",
        version="HTTP/1.1",
        headers=[
            ("Content-Type", "text/html"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
        body=body,
        at=1_700_000_000.0,
    )
    w = WarcWriter(tmp_path / "a.warc.gz")
    offset, length = w.write(ex)
    offset2, _ = w.write(ex)
    w.close()
    assert offset2 > offset + length  # request record of the second exchange sits between
    with (tmp_path / "a.warc.gz").open("rb") as fh:
        resp = read_response(fh, offset)
    assert resp.uri == ex.url and resp.status == 200 and resp.payload == body
    assert resp.content() == "<title>县政府</title>".encode()
    assert resp.header("transfer-encoding") is None

    from warcio.archiveiterator import ArchiveIterator

    with (tmp_path / "a.warc.gz").open("rb") as fh:
        recs = [
            (r.rec_type, r.content_stream().read() if r.rec_type == "response" else b"")
            for r in ArchiveIterator(fh)
        ]
    assert [t for t, _ in recs] == ["warcinfo", "request", "response", "request", "response"]
    assert recs[2][1] == "<title>县政府</title>".encode()


def test_a_cut_response_is_marked_in_the_archive(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    def exchange(body: bytes, truncated: bool) -> Exchange:
        headers = [("Content-Type", "text/html"), ("Content-Length", "52428800")]
        return Exchange(
            "http://www.x.gov.cn/big.html", "GET", [], 200, "OK", "HTTP/1.1", headers, body, 1.7e9, truncated
        )

    w = WarcWriter(tmp_path / "a.warc.gz")
    cut_at, _ = w.write(exchange(b"<li>" * 256, truncated=True))
    whole_at, _ = w.write(exchange(b"<p>x</p>", truncated=False))
    w.close()
    with (tmp_path / "a.warc.gz").open("rb") as fh:
        assert read_response(fh, cut_at).truncated and not read_response(fh, whole_at).truncated
        assert read_response(fh, cut_at).content(1000) == (b"<li>" * 256)[:1000]
    with (tmp_path / "a.warc.gz").open("rb") as fh:
        marks = [
            r.rec_headers.get_header("WARC-Truncated")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        ]
    assert marks == ["length", None]


def test_jsonl_repair_and_tolerant_read(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    w = JsonlWriter(path)
    rec = PageRecord("http://x/", "http://x/", 200, "2026-01-01T00:00:00+08:00", 5, 10, None, 0, None)
    w.write(rec)
    w.close()
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"url": "http://x/b", "fin')
    assert [r.url for r in read_records(path, PageRecord)] == ["http://x/"]
    repair(path)
    assert path.read_bytes().endswith(b"}\n")
    w = JsonlWriter(path)
    w.write(rec)
    w.close()
    assert len(list(read_records(path, PageRecord))) == 2


def test_read_records_ignores_unknown_fields(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"url":"u","final_url":"u","status":200,"fetched_at":"t","elapsed_ms":1,"size":1,"sha1":null,'
        '"depth":0,"referrer":null,"future_field":1}\n',
        "utf-8",
    )
    (rec,) = read_records(path, PageRecord)
    assert rec.url == "u"


def test_soft_404_heuristic() -> None:
    from govinspect.crawl.page import looks_soft_404

    assert looks_soft_404("<html><head><title>页面不存在</title></head><body>...</body></html>")
    assert looks_soft_404(
        "<html><head><title>提示</title></head><body>抱歉，您访问的页面不存在！</body></html>"
    )
    assert looks_soft_404("<title>404 Not Found</title>")
    long_article = "<title>关于开展专项整治的通知</title>" + "<p>政务公开工作要点。</p>" * 2000
    assert not looks_soft_404(long_article + "页面不存在")  # long real pages may mention it
    assert not looks_soft_404("<title>县人民政府</title><body>欢迎访问</body>")


def test_warc_record_ids_are_distinct_version_4_uuids() -> None:
    import uuid

    from govinspect.crawl.warc import _record_id

    ids = {_record_id() for _ in range(2000)}
    assert len(ids) == 2000
    for rid in list(ids)[:50]:
        assert rid.startswith("<urn:uuid:") and rid.endswith(">")
        u = uuid.UUID(rid[len("<urn:uuid:") : -1])
        assert u.version == 4 and u.variant == uuid.RFC_4122
