"""Link verdicts: what a wallet user (or the outgoing guard) would see for each kind of link."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walletdesk.safety.links import (
    LinkChecker,
    LinkSpan,
    LinkVerdict,
    extract_links,
    skeleton,
)

_PIECES = "https:// www. metamask .io . - @ : / ( ) xn-- \u0435 \u3002 com 0 javascript: ? %2e [ ]"
URL_PIECES = [*_PIECES.split(" "), " "]
VERDICTS = {"official", "known_safe", "blocklisted", "impersonation", "suspicious", "unknown"}


@pytest.fixture(scope="module")
def checker() -> LinkChecker:
    return LinkChecker(official_domains=["wallet.example"], brands=["Acme Wallet"])


def verdict_of(checker: LinkChecker, url: str) -> str:
    return checker.check(url).verdict


# ----------------------------------------------------------------------------- allowlist


@pytest.mark.parametrize(
    "url",
    [
        "https://etherscan.io/tx/0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060",
        "etherscan.io/tx/0xabc",
        "https://docs.metamask.io/wallet/",
        "support.metamask.io",
        "https://optimistic.etherscan.io/address/0x0000000000000000000000000000000000000000",
        "HTTPS://METAMASK.IO",
        "https://metamask.github.io/test-dapp/",
        "http://metamask.io:8080/download",
        "https://binance.us",
        "1inch.io",
        "token.im",
        "https://mempool.space/tx/abc",
        "tronscan.org/#/transaction/abc",
        "revoke.cash",
    ],
)
def test_well_known_sites_are_known_safe(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict == "known_safe", result
    assert result.target_brand is None


@pytest.mark.parametrize(
    "url",
    [
        "wallet.example",
        "https://wallet.example/help",
        "support.wallet.example",
        "https://WWW.Wallet.Example:8443/x",
        "https://deep.help.wallet.example/a?b#c",
    ],
)
def test_operator_domains_and_subdomains_are_official(checker: LinkChecker, url: str) -> None:
    assert verdict_of(checker, url) == "official"


def test_official_domains_accept_urls_and_www() -> None:
    checker = LinkChecker(official_domains=["https://www.acme-wallet.com/"])
    assert verdict_of(checker, "acme-wallet.com") == "official"
    assert verdict_of(checker, "https://app.acme-wallet.com/x") == "official"


def test_desk_address_in_development_is_official() -> None:
    checker = LinkChecker(official_domains=["127.0.0.1", "localhost", "[::1]"])
    assert verdict_of(checker, "http://127.0.0.1:8000/kb/backup") == "official"
    assert verdict_of(checker, "http://localhost:8000/") == "official"
    assert verdict_of(checker, "http://[::1]:8000/") == "official"
    assert verdict_of(checker, "http://127.0.0.2/") == "suspicious"
    assert verdict_of(checker, "my-wallet-localhost.com") == "unknown"  # no brand from these


def test_generic_brand_name_is_ignored() -> None:
    checker = LinkChecker(brands=["Wallet", "Support"])
    assert verdict_of(checker, "my-wallet.app") == "unknown"


def test_lookalike_of_official_domain_is_not_official(checker: LinkChecker) -> None:
    assert verdict_of(checker, "wallet.example.evil.com") == "impersonation"
    assert verdict_of(checker, "evilwallet.example") != "official"


# ----------------------------------------------------------------------------- operator brand


def test_operator_brand_from_a_name_without_public_suffix(checker: LinkChecker) -> None:
    # "wallet.example" has no public suffix, so the whole name is the brand: walletexample.
    result = checker.check("wallet-example.app")
    assert result.verdict == "impersonation"
    assert result.target_brand == "walletexample"
    other_tld = checker.check("walletexample.com")
    assert other_tld.verdict == "impersonation"
    assert "wallet.example" in other_tld.reason


def test_operator_brand_from_a_registered_domain() -> None:
    checker = LinkChecker(official_domains=["acmewallet.com"])
    assert verdict_of(checker, "https://app.acmewallet.com/") == "official"
    for url in ("acmewallet-support.app", "acmewallet.net", "acmewallet.com.verify-now.io"):
        result = checker.check(url)
        assert (result.verdict, result.target_brand) == ("impersonation", "acmewallet"), url


def test_generic_official_name_does_not_become_a_brand() -> None:
    checker = LinkChecker(official_domains=["wallet.com"])
    assert verdict_of(checker, "wallet.com") == "official"
    assert verdict_of(checker, "my-wallet.app") == "unknown"
    assert verdict_of(checker, "wallet-guide.org") == "unknown"


def test_explicit_operator_brand(checker: LinkChecker) -> None:
    result = checker.check("acme-wallet-help.com")
    assert (result.verdict, result.target_brand) == ("impersonation", "acmewallet")


# ----------------------------------------------------------------------------- impersonation


@pytest.mark.parametrize(
    ("url", "brand"),
    [
        ("metamask-login.io", "metamask"),
        ("imtoken-support.app", "imtoken"),
        ("trustwallet-verify.com", "trustwallet"),
        ("trust-wallet-support.com", "trustwallet"),
        ("https://mymetamask.com/restore", "metamask"),
        ("okx-web3.app", "okx"),
        ("ledger-live.app", "ledger"),
        ("revoke-cash.app", "revokecash"),
    ],
)
def test_brand_inside_another_name(checker: LinkChecker, url: str, brand: str) -> None:
    result = checker.check(url)
    assert (result.verdict, result.target_brand) == ("impersonation", brand)


def test_brand_in_a_subdomain_of_another_site(checker: LinkChecker) -> None:
    result = checker.check("https://metamask.io.secure-login.com/")
    assert (result.verdict, result.target_brand) == ("impersonation", "metamask")
    assert "secure-login.com" in result.reason
    assert verdict_of(checker, "ledger.com.evil.org") == "impersonation"


@pytest.mark.parametrize(
    "url",
    [
        "metamask-wallet.pages.dev",
        "trustwallet.web.app",
        "phantom-app.vercel.app",
        "https://imtoken.github.io/",
        "ledger-recover.netlify.app",
        "coinbase.firebaseapp.com",
    ],
)
def test_brand_on_free_hosting(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict == "impersonation"
    assert "free hosting" in result.reason


@pytest.mark.parametrize("url", ["metamask.co.uk", "metamask.app", "tronlink.org.cn", "okx.net"])
def test_brand_name_on_a_different_ending(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict == "impersonation"
    assert "different domain" in result.reason


def test_lookalike_ending_reason_names_the_real_site(checker: LinkChecker) -> None:
    assert "metamask.io" in checker.check("metamask.app").reason


@pytest.mark.parametrize(
    ("url", "brand"),
    [
        ("https://m\u0435tamask.io", "metamask"),  # Cyrillic е
        ("https://xn--mtamask-7gg.io", "metamask"),  # the same name as punycode
        ("rnetamask.io", "metamask"),  # rn -> m
        ("0kx.com", "okx"),  # 0 -> o
        ("c0inbase.com", "coinbase"),
        ("binan\u0441e-help.com", "binance"),  # Cyrillic с inside a longer name
        ("https://trustvvallet.com", "trustwallet"),  # vv -> w
        ("l\u0435dger.com", "ledger"),
    ],
)
def test_homoglyphs_and_lookalike_letters(checker: LinkChecker, url: str, brand: str) -> None:
    result = checker.check(url)
    assert (result.verdict, result.target_brand) == ("impersonation", brand)


def test_punycode_domain_is_shown_in_ascii(checker: LinkChecker) -> None:
    assert checker.check("https://m\u0435tamask.io").domain == "xn--mtamask-7gg.io"


def test_fullwidth_letters_are_the_real_name(checker: LinkChecker) -> None:
    # Browsers map fullwidth Latin to ASCII: this really opens metamask.io.
    assert verdict_of(checker, "ｍｅｔａｍａｓｋ.io") == "known_safe"


@pytest.mark.parametrize(
    ("url", "brand"),
    [("metamsk.io", "metamask"), ("conbase.com", "coinbase"), ("uniswapp.org", "uniswap")],
)
def test_one_letter_typos_of_distinctive_brands(checker: LinkChecker, url: str, brand: str) -> None:
    result = checker.check(url)
    assert (result.verdict, result.target_brand) == ("impersonation", brand)


def test_userinfo_trick_shows_a_brand_but_opens_another_site(checker: LinkChecker) -> None:
    result = checker.check("https://metamask.io@evil.com/login")
    assert (result.verdict, result.target_brand, result.domain) == (
        "impersonation",
        "metamask",
        "evil.com",
    )


# ----------------------------------------------------------------------------- no false alarms


@pytest.mark.parametrize(
    "url",
    [
        "bookxchange.com",  # "okx" inside a word
        "smokxy.net",
        "okc.com",  # short brands are never matched by edit distance
        "hyperledger.org",  # "ledger" is a word brand: whole words only
        "phantomjs.org",
        "krakenjs.com",
        "finance.yahoo.com",  # one letter from "binance", but a real word
        "trevor.com",  # one letter from "trezor": too short for edit distance
        "example.com",
        "github.com",
        "metamorphosis.org",
    ],
)
def test_ordinary_sites_are_unknown_not_flagged(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict == "unknown", result
    assert result.target_brand is None


# ----------------------------------------------------------------------------- suspicious


@pytest.mark.parametrize(
    ("url", "word"),
    [
        ("validate-wallet.com", "validate"),
        ("wallet-sync.net", "sync"),
        ("rectify-dapp.org", "rectify"),
        ("claim-airdrop.xyz", "claim"),
        ("dapp-fix.net", "dappfix"),
        ("support-ticket.online", "supportticket"),
        ("walletvalidation.com", "validat"),
        ("restore.my-wallet.site", "restore"),
    ],
)
def test_phishing_words_make_a_link_suspicious(checker: LinkChecker, url: str, word: str) -> None:
    result = checker.check(url)
    assert result.verdict == "suspicious"
    assert word in result.reason


@pytest.mark.parametrize(
    "url",
    [
        "http://192.168.1.1/x",
        "http://[::1]:8080/",
        "http://3232235777/",
        "http://0x7f.1/",
        "1.2.3.4",
    ],
)
def test_raw_ip_hosts_are_suspicious(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict == "suspicious"
    assert "IP" in result.reason


@pytest.mark.parametrize(
    "url", ["evil.pages.dev", "https://random123.web.app", "docs.google.com/forms/d/e/xyz/viewform"]
)
def test_free_hosting_is_suspicious(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict == "suspicious"
    assert "free hosting" in result.reason


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "ftp://metamask.io",
        "mailto:help@wallet.example",
        "ethereum:0x0000000000000000000000000000000000000000@1?value=1e18",
        "itms-services://?action=download-manifest&url=https://evil.com/a.plist",
    ],
)
def test_non_web_schemes_are_suspicious(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict == "suspicious"
    assert "not a web link" in result.reason


def test_other_bad_signs(checker: LinkChecker) -> None:
    assert verdict_of(checker, "https://user:pass@example.com/") == "suspicious"
    assert verdict_of(checker, "https://b\u00fccher.de") == "suspicious"  # IDN, no brand
    assert verdict_of(checker, "xn--bcher-kva.de") == "suspicious"
    assert verdict_of(checker, "bit.ly/3abcd") == "suspicious"
    assert verdict_of(checker, "https://a.b.c.d.e.f.g.example.com") == "suspicious"
    assert verdict_of(checker, "https://" + "a" * 50 + ".com") == "suspicious"


def test_userinfo_on_an_official_host_is_still_not_allowed(checker: LinkChecker) -> None:
    assert verdict_of(checker, "https://support@wallet.example/") == "suspicious"


# ----------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("metamask.io.", "known_safe"),
        ("(https://metamask.io)", "known_safe"),
        ("<https://metamask.io/>", "known_safe"),
        ("metamask\u3002io", "known_safe"),  # ideographic full stop
        ("metamask\uff0eio", "known_safe"),  # fullwidth full stop
        ("meta\u200bmask.io", "known_safe"),  # zero-width space is dropped
        ("https://meta%6dask.io", "known_safe"),  # percent-encoded host
        ("https:\\\\evil.com\\x", "unknown"),  # backslashes act as slashes
        ("//metamask.io/x", "known_safe"),
    ],
)
def test_odd_spellings_are_normalized(checker: LinkChecker, url: str, expected: str) -> None:
    assert verdict_of(checker, url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        " ",
        "\x00",
        ":",
        "//",
        "https://",
        "https://:80",
        "https://@",
        "http://[",
        "http://[::1",
        "https://%",
        "https://%ff%fe.com",
        "https://a@b@c.com",
        "\ud800.com",
        "https://xn--.com",
        "https://xn--zz-zzzzzz.com",
        "😀.com",
        "http://a..b",
        "x" * 10_000,
        "https://" + "a." * 5_000 + "com",
    ],
)
def test_garbage_never_raises(checker: LinkChecker, url: str) -> None:
    result = checker.check(url)
    assert result.verdict in VERDICTS
    assert result.verdict not in ("official", "known_safe")


def test_long_path_after_a_known_host(checker: LinkChecker) -> None:
    assert verdict_of(checker, "https://metamask.io/" + "%" * 10_000) == "known_safe"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=120))
def test_any_string_gets_a_verdict(checker: LinkChecker, text: str) -> None:
    assert checker.check(text).verdict in VERDICTS
    for span in extract_links(text):
        assert text[span.start : span.end] == span.text != ""
    for result in checker.check_text(text):
        assert result.verdict in VERDICTS


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(URL_PIECES), max_size=30))
def test_url_shaped_junk_gets_a_verdict(checker: LinkChecker, pieces: list[str]) -> None:
    text = "".join(pieces)
    assert checker.check(text).verdict in VERDICTS
    assert all(r.verdict in VERDICTS for r in checker.check_text(text))


def test_non_string_input_does_not_raise(checker: LinkChecker) -> None:
    assert checker.check(None).verdict == "suspicious"  # type: ignore[arg-type]
    assert extract_links(None) == []  # type: ignore[arg-type]
    assert checker.check_text(b"metamask.io") == []  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- extraction


def texts(text: str) -> list[str]:
    spans = extract_links(text)
    for span in spans:
        assert text[span.start : span.end] == span.text
    return [span.text for span in spans]


def test_extracts_urls_www_and_bare_domains() -> None:
    text = (
        "Hi! Download from https://metamask.io/download or (www.trustwallet.com), "
        "not metamask-login.io. Tx: etherscan.io/tx/0xabc"
    )
    assert texts(text) == [
        "https://metamask.io/download",
        "www.trustwallet.com",
        "metamask-login.io",
        "etherscan.io/tx/0xabc",
    ]


def test_span_offsets_point_into_the_message() -> None:
    text = "see metamask.io."
    assert extract_links(text) == [LinkSpan("metamask.io", 4, 15)]


@pytest.mark.parametrize(
    "text",
    [
        "mail help@metamask.io please",  # e-mail address: not a link
        "e.g. this, i.e. that, etc.",
        "install wallet.apk from the store",  # .apk is no public suffix
        "see readme.md and setup.py, run script.sh",  # source files
        "I use MetaMask.It works",  # missing space after a full stop
        "send 0.5 ETH, v1.2.3, node.js, 3.14",
        "metadata: none, data: 5",
        "vitalik.eth is an ENS name",
        "just words without any links",
    ],
)
def test_not_links(text: str) -> None:
    assert texts(text) == []


def test_chinese_text_without_spaces() -> None:
    assert texts("请访问metamask.io查看。") == ["metamask.io"]
    # An ideographic full stop inside the name still forms a link; the span is the original.
    assert texts("官网：metamask。io。谢谢") == ["metamask。io"]


def test_arabic_and_spanish_text() -> None:
    assert texts("زوروا metamask-login.io الآن") == ["metamask-login.io"]
    assert texts("¿Es oficial metamask.io?") == ["metamask.io"]


def test_markdown_and_parentheses() -> None:
    text = "[guide](https://en.wikipedia.org/wiki/Foo_(bar)) and **bscscan.com**"
    assert texts(text) == ["https://en.wikipedia.org/wiki/Foo_(bar)", "bscscan.com"]
    assert texts("[metamask.io](https://evil.com)") == ["metamask.io", "https://evil.com"]


def test_dangerous_schemes_and_userinfo_urls_are_extracted() -> None:
    assert texts("click javascript:alert(1) now") == ["javascript:alert(1)"]
    assert texts("open https://metamask.io@evil.com now") == ["https://metamask.io@evil.com"]
    assert texts("<a href='data:text/html,x'>") == ["data:text/html,x"]


def test_at_most_200_links_and_long_input_is_fine() -> None:
    assert len(extract_links(" ".join(f"site{i}.com" for i in range(300)))) == 200
    assert extract_links("a." * 100_000) == []
    assert extract_links(")" * 50_000 + " metamask.io" + "." * 50_000) == [
        LinkSpan("metamask.io", 50_001, 50_012)
    ]


def test_check_text_judges_each_link(checker: LinkChecker) -> None:
    results = checker.check_text(
        "Official: https://wallet.example/help. Explorer etherscan.io/tx/0x1. "
        "Scam: metamask-verify.app"
    )
    assert [r.verdict for r in results] == ["official", "known_safe", "impersonation"]
    assert checker.check_text("") == []


# ----------------------------------------------------------------------------- blocklist feeds


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_plain_domain_list(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "phish.txt",
        "# a comment\n"
        "evil-drainer.com\n"
        "0.0.0.0 hosts-style.net   # hosts-file format\n"
        "*.wild.org\n"
        "||adblock.io^\n"
        "https://url-entry.com/path\n"
        "phish.sub-only.com\n"
        "\n",
    )
    checker = LinkChecker(blocklist_files=[feed])
    for url in (
        "evil-drainer.com",
        "https://app.evil-drainer.com/claim",  # subdomains of a listed domain
        "hosts-style.net",
        "x.wild.org",
        "adblock.io",
        "url-entry.com",
        "phish.sub-only.com",
    ):
        result = checker.check(url)
        assert result.verdict == "blocklisted", url
        assert "phish.txt" in result.reason
    assert verdict_of(checker, "sub-only.com") == "unknown"  # a parent is not blocked


def test_blocklist_beats_brand_checks_and_known_safe_beats_blocklist(tmp_path: Path) -> None:
    feed = write(tmp_path / "b.txt", "metamask-login.io\netherscan.io\nphish.etherscan.io\n")
    checker = LinkChecker(blocklist_files=[feed])
    assert verdict_of(checker, "metamask-login.io") == "blocklisted"
    # At one level the trusted list wins (eth-phishing-detect's rule) ...
    assert verdict_of(checker, "etherscan.io") == "known_safe"
    # ... but a more specific blocklisted host wins over its listed parent.
    assert verdict_of(checker, "phish.etherscan.io") == "blocklisted"


def test_official_domain_beats_a_feed(tmp_path: Path) -> None:
    feed = write(tmp_path / "b.txt", "wallet.example\n")
    checker = LinkChecker(official_domains=["wallet.example"], blocklist_files=[feed])
    assert verdict_of(checker, "wallet.example") == "official"


def test_ip_in_a_blocklist(tmp_path: Path) -> None:
    # hosts-file format: the first field is where the name points, not a phishing host
    feed = write(tmp_path / "b.txt", "203.0.113.7 evil.com\n198.51.100.9\n0.0.0.0\n")
    checker = LinkChecker(blocklist_files=[feed])
    assert verdict_of(checker, "http://203.0.113.7/") == "suspicious"
    assert verdict_of(checker, "evil.com") == "blocklisted"
    assert verdict_of(checker, "http://198.51.100.9:8080/claim") == "blocklisted"
    assert verdict_of(checker, "http://0.0.0.0/") == "suspicious"


ETH_PHISHING_CONFIG = {
    "version": 2,
    "tolerance": 2,
    "fuzzylist": ["metamask.io", "myetherwallet.com"],
    "whitelist": ["metamask.io", "metmask.com", "myetherwallet.com"],
    "blacklist": [
        "myetherwallet-secure.com",
        "xn--myetherwalet-1fb.com",
        "metamask.com",
        "Drainer-Claim.NET",
    ],
}


@pytest.fixture
def eth_config(tmp_path: Path) -> Path:
    return write(tmp_path / "config.json", json.dumps(ETH_PHISHING_CONFIG))


def test_eth_phishing_detect_blacklist_and_whitelist(eth_config: Path) -> None:
    checker = LinkChecker(blocklist_files=[eth_config])
    assert verdict_of(checker, "https://myetherwallet-secure.com/") == "blocklisted"
    assert verdict_of(checker, "metamask.com") == "blocklisted"
    assert verdict_of(checker, "drainer-claim.net") == "blocklisted"  # entries are normalized
    # Feeds list punycode; the Unicode spelling of the same name matches too.
    assert verdict_of(checker, "xn--myetherwalet-1fb.com") == "blocklisted"
    assert verdict_of(checker, "myetherwal\u00edet.com") == "blocklisted"
    # Whitelisted even though it is one letter from metamask.
    assert verdict_of(checker, "metmask.com") == "known_safe"


def test_eth_phishing_detect_fuzzylist(eth_config: Path) -> None:
    checker = LinkChecker(blocklist_files=[eth_config])
    result = checker.check("https://metamsak.net/")  # 2 edits from "metamask"
    assert (result.verdict, result.target_brand) == ("impersonation", "metamask")
    assert "metamask.io" in result.reason
    assert checker.check("myetherwalet.org").target_brand == "myetherwallet"
    assert checker.check("www.myetherwallett.net").verdict == "impersonation"
    assert verdict_of(checker, "docs.metamask.io") == "known_safe"
    assert verdict_of(checker, "example.org") == "unknown"


def test_fuzzylist_respects_tolerance(tmp_path: Path) -> None:
    config = dict(ETH_PHISHING_CONFIG, tolerance=0)
    checker = LinkChecker(blocklist_files=[write(tmp_path / "c.json", json.dumps(config))])
    # Two edits from metamask: neither the feed (tolerance 0) nor the one-letter brand rule.
    assert verdict_of(checker, "metamsak.net") == "unknown"


def test_broken_feed_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        LinkChecker(blocklist_files=[write(tmp_path / "bad.json", "{not json")])
    with pytest.raises(ValueError):
        LinkChecker(blocklist_files=[write(tmp_path / "other.json", '{"hello": 1}')])
    with pytest.raises(OSError):
        LinkChecker(blocklist_files=[tmp_path / "missing.txt"])


def bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_reload_if_changed(tmp_path: Path) -> None:
    feed = write(tmp_path / "feed.txt", "first-scam.com\n")
    checker = LinkChecker(blocklist_files=[feed])
    assert verdict_of(checker, "first-scam.com") == "blocklisted"
    assert checker.reload_if_changed() is False  # nothing changed

    write(feed, "second-scam-domain.com\n")
    bump_mtime(feed)
    assert checker.reload_if_changed() is True
    assert verdict_of(checker, "first-scam.com") == "unknown"  # cached verdicts are dropped
    assert verdict_of(checker, "second-scam-domain.com") == "blocklisted"
    assert checker.reload_if_changed() is False


def test_reload_keeps_old_data_when_the_file_breaks(tmp_path: Path, eth_config: Path) -> None:
    checker = LinkChecker(blocklist_files=[eth_config])
    write(eth_config, '{"blacklist": [')  # half-written update
    bump_mtime(eth_config)
    assert checker.reload_if_changed() is False
    assert verdict_of(checker, "metamask.com") == "blocklisted"
    eth_config.unlink()
    assert checker.reload_if_changed() is False
    assert verdict_of(checker, "metamask.com") == "blocklisted"
    write(eth_config, json.dumps({"blacklist": ["new-phish.com"]}))
    bump_mtime(eth_config)
    assert checker.reload_if_changed() is True
    assert verdict_of(checker, "new-phish.com") == "blocklisted"
    assert verdict_of(checker, "metamask.com") == "impersonation"  # no longer listed


def test_large_blocklist(tmp_path: Path) -> None:
    names = [f"scam{i:06d}-drain.com" for i in range(120_000)]
    feed = write(tmp_path / "big.txt", "\n".join(names))
    checker = LinkChecker(blocklist_files=[feed])
    assert verdict_of(checker, "scam119999-drain.com") == "blocklisted"
    assert verdict_of(checker, "https://www.scam000042-drain.com/x") == "blocklisted"
    assert verdict_of(checker, "scam200000-drain.com") == "unknown"


# ----------------------------------------------------------------------------- small parts


def test_to_dict_is_the_cli_contract(checker: LinkChecker) -> None:
    result = checker.check("metamask-login.io")
    assert isinstance(result, LinkVerdict)
    assert result.to_dict() == {
        "url": "metamask-login.io",
        "domain": "metamask-login.io",
        "verdict": "impersonation",
        "reason": result.reason,
        "target_brand": "metamask",
    }


def test_reasons_are_short_plain_english(checker: LinkChecker) -> None:
    urls = ["etherscan.io", "metamask-login.io", "validate-wallet.com", "example.com", "1.2.3.4"]
    for url in urls:
        reason = checker.check(url).reason
        assert 5 < len(reason) < 120
        assert reason.isascii()


def test_skeleton_folds_lookalikes() -> None:
    assert skeleton("m\u0435tamask") == "metamask"  # Cyrillic е
    assert skeleton("rnetamask") == "metamask"
    assert skeleton("0kx") == "okx"
    assert skeleton("vvallet") == "wallet"
    assert skeleton("l\u0435dg\u0435r") == "ledger"
    assert skeleton("M\u00c9TAMASK") == "metamask"  # accents and case
