"""ClaimReview drafts: URLs parsed and validated, and JSON that is safe to paste into an HTML page."""

from __future__ import annotations

import json

import pytest

from claimkit.claimreview import _web_url, to_json


@pytest.mark.parametrize(
    "url",
    ["https://example.com/a?b=1#c", "http://127.0.0.1/x", "https://[::1]/", "https://bücher.example/ü",
     "HTTPS://EXAMPLE.COM/X", "https://example.com/%3Cscript%3E", "https://news.example.co.uk:8443/a"],
)
def test_claimreview_keeps_a_web_address(url: str) -> None:
    assert _web_url(url) == url


@pytest.mark.parametrize(
    "url",
    ['https://example.com/"><script>alert(1)</script>', "javascript:alert(1)", "JaVaScRiPt:alert(1)",
     "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "https://user:pw@example.com/",
     "https://example.com:99999/", "https://example.com:port/", "http://localhost/", "https://-bad-.com/",
     "https://a b.com/", "https:///path-only", "https://example.com/\nSet-Cookie: x", "//example.com/",
     "https://exa mple.com", "https://example.com/<img src=x>", "https://example.com/'x'", "", None,
     "https://" + "a" * 64 + ".com/", "https://example.com/" + "a" * 3000],
)
def test_claimreview_drops_anything_else(url: str | None) -> None:
    assert _web_url(url) is None


def test_claimreview_json_is_safe_inside_a_script_element_and_means_the_same() -> None:
    drafts = {"@graph": [{"headline": "</script><script>alert(1)</script> <!-- & \u2028\u2029 >"}]}
    text = to_json(drafts)
    assert not any(char in text for char in "<>&\u2028\u2029")
    assert json.loads(text) == drafts
