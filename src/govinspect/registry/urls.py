"""Is a 底账 address usable? http/https only, a real host name or IP, a port in 1–65535, no spaces.

Each function returns the reason in Chinese, or None when the address is fine; the importer turns
the reason into a problem naming file, row and column, so a typo never reaches a round.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_SPACES = re.compile(r"[\s\u3000\u00a0]")


def host_problem(host: str) -> str | None:
    """Why `host` is not a DNS host name or an IP address (IDN names such as 政府.cn are allowed)."""
    if not host:
        return "缺少主机名"
    if ":" in host or re.fullmatch(r"[\d.]+", host):  # an IPv6 or IPv4 literal
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return f"“{host}”不是有效的 IP 地址"
        return None
    try:
        ascii_host = (host if host.isascii() else host.encode("idna").decode("ascii")).lower()
    except UnicodeError:
        return f"主机名“{host}”不正确"
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or len(labels) < 2 or not all(_LABEL.match(x) for x in labels):
        return f"主机名“{host}”不正确"
    if not _TLD.match(labels[-1]):
        return f"主机名“{host}”的顶级域名不正确"
    return None


def port_problem(port: str) -> str | None:
    """Why `port` (the text after the colon) is not a TCP port 1–65535."""
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        return f"端口“{port}”无效（应为 1–65535）"
    return None


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched as a web address; None when it is a complete http(s) URL."""
    if _SPACES.search(url):
        return "网址中不能有空格"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "网址格式不正确"
    if parts.scheme.lower() not in ("http", "https"):
        return "应以 http:// 或 https:// 开头"
    if "@" in parts.netloc:
        return "网址中不应含用户名或密码"
    return _netloc_problem(parts.netloc)


def path_prefix_problem(prefix: str) -> str | None:
    """Why `prefix` is not a site's path prefix: a path from "/" to "/", e.g. /zwgk/cun/dzc/."""
    if _SPACES.search(prefix) or "?" in prefix or "#" in prefix or "://" in prefix:
        return f"路径前缀“{prefix}”格式不正确（只填路径，如 /zwgk/cun/dzc/）"
    if not (prefix.startswith("/") and prefix.endswith("/")):
        return f"路径前缀“{prefix}”应以 / 开头并以 / 结尾（如 /zwgk/cun/dzc/）"
    return None


def hostport_problem(text: str) -> str | None:
    """Why `text` (an extra domain, optionally with :port) is not a host name."""
    if _SPACES.search(text) or "/" in text:
        return f"域名“{text}”格式不正确（只填域名，不含 http:// 和路径）"
    return _netloc_problem(text)


def _netloc_problem(netloc: str) -> str | None:
    """Why host[:port] is not usable (an IPv6 literal's own colons are not a port)."""
    host = netloc
    if ":" in netloc.rsplit("]", 1)[-1]:
        host, _, port = netloc.rpartition(":")
        if reason := port_problem(port):
            return reason
    return host_problem(host.strip("[]"))
