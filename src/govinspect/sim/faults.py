"""Every fault the simulator can plant and the check code it must trigger (None: no check may fire).

The ground truth of a simulated world is built from this table, so a test can hold the checks to it,
and a new fault kind cannot be planted without saying which finding it should produce.
"""

from __future__ import annotations

FAULT_CHECKS: dict[str, str | None] = {
    # websites: freshness
    "column_stale": "column.stale",
    "column_blank": "column.blank",
    "homepage_stale": "homepage.stale",
    # websites: links and service
    "dead_link": "link.dead",
    "dead_external": "link.dead_external",
    "broken_image": "link.broken_image",
    "broken_entry": "link.broken_entry",
    "wrong_service": "link.wrong_service",
    # websites: content and personal data
    "serious_error": "content.serious_error",
    "outdated_name": "content.outdated_name",
    "sensitive_word": "content.sensitive_word",
    "id_number": "privacy.id_number",
    "mobile": "privacy.mobile",
    # websites: security watch
    "hidden_links": "security.hidden_link",
    "reregistered_link": "security.suspicious_link",
    # websites: identity
    "meta_missing": "identity.meta_missing",
    "site_code_missing": "identity.site_code_missing",
    "site_code_mismatch": "identity.site_code_mismatch",
    "icp_missing": "identity.icp_missing",
    "zhaocuo_missing": "identity.zhaocuo_missing",
    # websites: interaction
    "no_channel": "interaction.no_channel",
    "solicitation_stale": "interaction.no_solicitation",
    "unanswered": "interaction.unanswered",
    "late_reply": "interaction.late_reply",
    "no_stats": "interaction.no_stats",
    "no_letters": "interaction.no_display",
    # websites: availability and what must not be a finding
    "unavailable": "availability.unreachable",
    "oversized_page": "availability.page_truncated",  # a column page past the crawl's size limit
    "slow": None,
    "redirect_chain": None,
    "policy_interpretation": None,  # counted for the notice's 政策解读 section, never a finding
    "broken_layout": "manual.layout",  # an inspector's finding: no automatic check sees it
    # obstacles a browser passes: the site is read in full behind them, none is a finding
    "waf_412": None,
    "waf_521": None,
    "waf_200": None,
    "ua_block": None,
    "cookie_redirect": None,
    "meta_refresh": None,
    "frameset": None,
    "script_redirect": None,
    "scheme_loop": None,  # https → http (sets a cookie) → https: a browser goes round once with its cookie
    "keepalive_drop": None,  # a kept-alive connection dropped on reuse: retried on a fresh one, no failure
    "ipv6_only": None,  # a host with only an IPv6 address: reached over IPv6
    "image_map": None,  # a home page that is one big image map: its areas lead to the columns
    "waf_unpassable": None,  # a challenge nobody passes: the site is 待核实 with the evidence
    # certificate problems are findings of their own, never unreachability
    "tls_incomplete_chain": "tls.chain_incomplete",
    "tls_expired": "tls.cert_expired",
    "tls_mismatch": "tls.cert_mismatch",
    "tls_legacy": "tls.weak_protocol",
    "tls_weak_dh": "tls.weak_key_exchange",
    # new media
    "not_updated": "media.not_updated",
    "low_frequency": "media.low_frequency",
    "content_error": "media.content_error",
    "outdated_entity": "media.outdated_entity",
    "broken_menu": "media.broken_menu",
    "no_interaction": "media.no_interaction",
    "feed_404": None,  # our feed cannot be read: the account is 待核实, not at fault
    "feed_500": None,
    "malformed_feed": None,
    "empty_feed": None,
    # hostile hosts for the crawler's robustness: the crawl must survive them; they are not registered sites
    "redirect_loop": None,
    "slow_drip": None,
    "endless_calendar": None,
    "huge_body": None,
    "broken_gzip": None,
    "undecodable": None,
    "soft_404": None,
    "status_404": None,
    "status_500": None,
    "intermittent": None,
    "gbk_header": None,
    "gbk_meta": None,
}
