"""The fast paths of links._join give exactly what urljoin + urldefrag + the http(s) check give."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from govinspect.extract.links import _join, join_url

_ATOMS = ["a", "b.html", "", ".", "..", "/", "//", "?", "?x=1", "#f", ";p", ":", "http:", "HTTP:", "[", "]",
          "@", "%2F", "中", " ", "\\", "./", "../", "index_2.html", "~", "&", "="]  # fmt: skip
_BASES = ["http://www.a.gov.cn/", "http://www.a.gov.cn", "https://a.b/c/d.html", "http://a.b/c/d?x=1",
          "http://a.b/c/d;p?x#f", "HTTP://A.B/C/D", "http://u:p@a.b:8080/x/y/z.html", "http://a.b?q",
          "http://a.b/c//d/e", "ftp://a.b/c", "http://[::1]/a/b", "http://a.b/c;x/d"]  # fmt: skip


def _reference(base: str, href: str) -> str | None:
    try:
        url = urljoin(base, href)
    except ValueError:
        return None
    url = urldefrag(url)[0] if "#" in url else url
    return url if url[:8].lower().startswith(("http://", "https://")) else None


@settings(max_examples=3000)
@given(
    st.sampled_from(_BASES),
    st.sampled_from(["", "http://", "https://", "/", "//", "./", "../"]),
    st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=6),
)
def test_join_equals_urljoin(base: str, prefix: str, atoms: list[str]) -> None:
    href = (prefix + "".join(atoms)).strip()
    if href and not href.startswith("#"):
        assert _join(base, href) == _reference(base, href)


def test_join_hit_and_miss_examples() -> None:
    assert _join("http://a.gov.cn/x/y.html", "/z/1.html") == "http://a.gov.cn/z/1.html"
    assert _join("http://a.gov.cn/x/y.html", "../z/./1.html") == "http://a.gov.cn/z/1.html"
    assert _join("http://a.gov.cn/x/y.html", "http:///nohost") == _reference(
        "http://a.gov.cn/x/y.html", "http:///nohost"
    )
    assert _join("http://a.gov.cn/x/y.html", "mailto:x@y") is None


@settings(max_examples=800, deadline=None)
@given(st.sampled_from(_BASES), st.lists(st.sampled_from([*_ATOMS, "\t", "\n", "\x01"]), max_size=6))
def test_join_url_gives_what_urljoin_gives(base: str, atoms: list[str]) -> None:
    href = "".join(atoms)
    try:
        expected: str | None = urljoin(base, href)
    except ValueError:
        expected = None
    assert join_url(base, href) == expected
