"""Judge every link in a message: official, known safe, blocklisted, impersonation, suspicious.

The outgoing guard lets through only ``official`` and ``known_safe`` links, so the lists that
produce those two verdicts are the trust boundary. Everything else is about telling users
*why* a link is dangerous.

Order of the checks for one host (the first that fires wins):

1. Lists, most specific host first (``a.b.example.com``, then ``b.example.com``, then
   ``example.com``); at one level: official > known_safe > blocklisted, so a feed's
   whitelist beats its blacklist (eth-phishing-detect's rule) and a blocklisted subdomain
   of a listed site still counts as blocklisted.
2. eth-phishing-detect ``fuzzylist``: edit distance within the feed's tolerance.
3. Brands: look-alike endings, homoglyphs, the brand inside a longer name, in a subdomain
   of another site or on free hosting, one-letter typos of distinctive brands.
4. Bad signs without a brand (suspicious), else unknown.

Nothing here does I/O on the per-message path: the shipped data and the public suffix
snapshot load once, lazily; blocklist files are read at construction and by
:meth:`LinkChecker.reload_if_changed`.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NamedTuple
from urllib.parse import unquote

import idna
import tldextract
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

__all__ = [
    "LinkChecker",
    "LinkSpan",
    "LinkVerdict",
    "Verdict",
    "extract_links",
    "skeleton",
]

Verdict = Literal["official", "known_safe", "blocklisted", "impersonation", "suspicious", "unknown"]

_MAX_SCAN_CHARS = 200_000  # text beyond this is not scanned for links
_MAX_LINKS = 200  # links judged per message
_MAX_URL_CHARS = 4096  # only the start of a URL is parsed (the host is near the start)
_MAX_HOST_CHARS = 253
_LONG_HOST_CHARS = 70
_LONG_LABEL_CHARS = 40
_MANY_LABELS = 6
_HOST_CACHE_LIMIT = 100_000
_MIN_SUBSTRING_BRAND = 6  # shorter brands match only as whole words of a host
_MIN_FUZZY_BRAND = 7  # shorter brands are never matched by edit distance
_DEFAULT_FEED_TOLERANCE = 3

_UNICODE_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_UNICODE_DOT_CHARS = tuple(chr(code) for code in _UNICODE_DOTS)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_WEB_SCHEMES = frozenset({"http", "https"})
# Schemes recognised without "//": scripts, and app or payment links (ethereum:0x...?value=,
# wc: WalletConnect pairing, itms-services: iOS side-loading) that the desk never needs.
_NON_WEB_SCHEMES = frozenset(
    {
        "javascript", "data", "vbscript", "file", "blob", "about", "mailto", "tel", "sms",
        "tg", "wc", "intent", "market", "itms-services", "itms-apps", "ethereum", "bitcoin",
        "tron", "solana",
    }
)  # fmt: skip
_FILE_EXTENSION_TLDS = frozenset({"py", "md", "sh", "rs"})

# Words that never become the operator's brand when derived from an official domain.
_GENERIC_NAMES = frozenset(
    {
        "wallet", "wallets", "support", "help", "app", "apps", "crypto", "official", "secure",
        "login", "exchange", "finance", "web3", "defi", "swap", "pay", "bank", "coin", "coins",
        "token", "tokens", "chain", "mail", "www", "docs", "home", "site", "web", "online",
        "example", "test", "localhost",
    }
)  # fmt: skip
# Real words one edit away from a distinctive brand (finance ~ binance).
_FUZZY_STOPWORDS = frozenset({"finance", "finances", "balance", "safepay", "coinbox"})

# Phishing words: matched as a whole word of a host (or two to three joined words) ...
_KEYWORDS = frozenset(
    {
        "validate", "validation", "verify", "verification", "sync", "synchronize",
        "synchronise", "synchronization", "rectify", "rectification", "restore", "recover",
        "recovery", "claim", "claims", "airdrop", "airdrops", "walletconnect", "connectwallet",
        "dappfix", "dappsfix", "fix", "supportticket", "unlock", "unfreeze", "migrate",
        "migration", "whitelist", "giveaway", "bonus", "reward", "rewards", "kyc", "login",
        "signin", "seedphrase", "mnemonic", "authenticate", "authentication", "revalidate",
    }
)  # fmt: skip
# ... and these long ones also inside a longer word ("claimairdrop", "walletvalidate").
_KEYWORD_SUBSTRING_RE = re.compile(
    "validat|rectif|synchroni|airdrop|giveaway|walletconnect|connectwallet|supportticket"
    "|dappfix|seedphrase|unfreeze|whitelist|recovery"
)


# ----------------------------------------------------------------------------- public types


@dataclass(frozen=True, slots=True)
class LinkSpan:
    """A link found in a message; ``text`` is ``message[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LinkVerdict:
    """The verdict on one link (``domain`` is the host, punycode shown as ``xn--``)."""

    url: str
    domain: str
    verdict: Verdict
    reason: str
    target_brand: str | None

    def to_dict(self) -> dict[str, str | None]:
        """The ``check-url`` CLI/API contract."""
        return {
            "url": self.url,
            "domain": self.domain,
            "verdict": self.verdict,
            "reason": self.reason,
            "target_brand": self.target_brand,
        }


# ----------------------------------------------------------------------------- shipped data


def _data_lines(name: str) -> list[str]:
    """Non-empty, comment-stripped, lowercased lines of a shipped data file."""
    text = resources.files("walletdesk.safety").joinpath("data").joinpath(name).read_text("utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return [line for line in lines if line]


@dataclass(frozen=True, slots=True)
class _Brand:
    key: str
    skeleton: str
    domains: tuple[str, ...]  # registered domains that really belong to the brand
    word: bool  # everyday word: whole-word matches only

    @property
    def substring_ok(self) -> bool:
        return not self.word and len(self.key) >= _MIN_SUBSTRING_BRAND

    @property
    def fuzzy_distance(self) -> int:
        if self.word or len(self.skeleton) < _MIN_FUZZY_BRAND:
            return 0
        return 2 if len(self.skeleton) >= 10 else 1


@functools.cache
def _shipped_brands() -> tuple[_Brand, ...]:
    brands = []
    for line in _data_lines("brands.txt"):
        name, *domains = line.split()
        key = name.lstrip("~")
        hosts = tuple(h for h in (_normalize_host(d) for d in domains) if h)
        brands.append(_Brand(key, skeleton(key), hosts, word=name.startswith("~")))
    return tuple(brands)


@functools.cache
def _shipped_known() -> frozenset[str]:
    known = {h for h in map(_normalize_host, _data_lines("known_domains.txt")) if h}
    for brand in _shipped_brands():
        known.update(brand.domains)
    return frozenset(known)


@functools.cache
def _free_hosting() -> tuple[frozenset[str], frozenset[str]]:
    """(suffixes whose subdomains are user content, hosts that are user content themselves)."""
    subdomains_only: set[str] = set()
    whole: set[str] = set()
    for line in _data_lines("free_hosting.txt"):
        host = _normalize_host(line.removeprefix("*."))
        if host:
            (subdomains_only if line.startswith("*.") else whole).add(host)
    return frozenset(subdomains_only), frozenset(whole)


@functools.cache
def _shorteners() -> frozenset[str]:
    return frozenset(h for h in map(_normalize_host, _data_lines("shorteners.txt")) if h)


# ----------------------------------------------------------------------------- host helpers


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    """The bundled public-suffix snapshot; never the network, never a disk cache."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class _HostParts(NamedTuple):
    labels: tuple[str, ...]
    sub: tuple[str, ...]  # labels left of the registered name
    name: str  # registered name: the label just left of the public suffix
    suffix: str  # public suffix ("co.uk"); the last label when none is known
    public: bool  # the suffix is a real public suffix

    @property
    def registered(self) -> str:
        return f"{self.name}.{self.suffix}" if self.name and self.suffix else self.name


@functools.lru_cache(maxsize=65_536)
def _split(host: str) -> _HostParts:
    """Split a normalized host at its public suffix (cached: tldextract costs ~6 µs)."""
    labels = tuple(host.split("."))
    result = _extractor()(host)
    if result.suffix:
        sub = tuple(result.subdomain.split(".")) if result.subdomain else ()
        return _HostParts(labels, sub, result.domain, result.suffix, True)
    if len(labels) >= 2:  # no known suffix (wallet.example, intranet names)
        return _HostParts(labels, labels[:-2], labels[-2], labels[-1], False)
    return _HostParts(labels, (), host, "", False)


@functools.lru_cache(maxsize=4096)
def _is_public_tld(label: str) -> bool:
    """True when ``label`` is a top-level public suffix (com, io, xn--fiqs8s ...)."""
    return _extractor()(f"x.{label}").suffix == label


def _decode_label(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)
    except (idna.IDNAError, UnicodeError, ValueError):
        try:
            return label[4:].encode("ascii").decode("punycode").casefold()
        except (UnicodeError, ValueError):
            return label


_PLAIN_HOST_RE = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_-]{1,63})*")


def _canonical_host(raw: str) -> str | None:
    """Canonical host: lowercase, Unicode (punycode decoded), no trailing dot; None if invalid.

    Both list entries and hosts in links go through here, so a feed may hold either the
    ``xn--`` or the Unicode spelling of a name.
    """
    if raw.isascii() and "%" not in raw:  # fast path: most feed entries and links
        plain = raw.strip().lower().strip(".")
        if (
            len(plain) <= _MAX_HOST_CHARS
            and "xn--" not in plain
            and _PLAIN_HOST_RE.fullmatch(plain)
        ):
            return plain
    host = unquote(raw.strip()).translate(_INVISIBLE)
    if not host.isascii():
        host = unicodedata.normalize("NFKC", host).casefold().translate(_UNICODE_DOTS)
    host = host.lower().strip(".")
    if not host or len(host) > _MAX_HOST_CHARS:
        return None
    labels = [_decode_label(label) for label in host.split(".")]
    if not all(_valid_label(label) for label in labels):
        return None
    return ".".join(labels)


_normalize_host = functools.lru_cache(maxsize=65_536)(_canonical_host)


def _valid_label(label: str) -> bool:
    return bool(label) and len(label) <= 63 and all(c.isalnum() or c in "-_" for c in label)


def _ascii_host(host: str) -> str:
    """The ``xn--`` spelling shown to people: it exposes look-alike letters."""
    if host.isascii():
        return host
    out = []
    for label in host.split("."):
        if label.isascii():
            out.append(label)
            continue
        try:
            out.append(idna.encode(label).decode("ascii"))
        except (idna.IDNAError, UnicodeError, ValueError):
            try:
                out.append("xn--" + label.encode("punycode").decode("ascii"))
            except (UnicodeError, ValueError):
                out.append(label)
    return ".".join(out)


def _is_ip(host: str) -> bool:
    """IPv6, or a host ending in a number: browsers read 127.1, 0x7f.1 and 3232235777 as IPv4."""
    last = host.rsplit(".", 1)[-1].lower()
    return ":" in host or last.isdigit() or bool(_HEX_NUMBER_RE.fullmatch(last))


_HEX_NUMBER_RE = re.compile(r"0x[0-9a-f]*")


def _parents(host: str, parts: _HostParts) -> Iterator[str]:
    """The host, then each parent down to the registered domain (never a bare suffix)."""
    labels = parts.labels
    keep = len(parts.suffix.split(".")) + 1 if parts.name and parts.suffix else 1
    for i in range(max(len(labels) - keep, 0) + 1):
        yield ".".join(labels[i:])


def _matches_hosting(host: str) -> str | None:
    """The free-hosting entry ``host`` sits on, if any."""
    subdomains_only, whole = _free_hosting()
    for candidate in _all_suffixes(host):
        if candidate in whole or (candidate != host and candidate in subdomains_only):
            return candidate
    return None


def _all_suffixes(host: str) -> Iterator[str]:
    rest = host
    while "." in rest:
        yield rest
        rest = rest.split(".", 1)[1]


# ----------------------------------------------------------------------------- skeletons


@functools.cache
def _confusable_table() -> dict[int, str]:
    """Map non-ASCII look-alikes to ASCII letters, from confusable-homoglyphs' data."""
    from confusable_homoglyphs import confusables  # heavy JSON: load on first use

    table: dict[int, str] = {}
    data: dict[str, list[dict[str, str]]] = confusables.confusables_data
    for char, entries in data.items():
        if len(char) != 1 or char.isascii():
            continue
        target = _ascii_target(entries)
        if target:
            table[ord(char)] = target
    return table


def _ascii_target(entries: list[dict[str, str]]) -> str | None:
    lower_first = None
    for entry in entries:
        glyph = entry.get("c", "").replace("\u200e", "")
        if glyph and glyph.isascii() and glyph.isalnum():
            if glyph.islower() or glyph.isdigit():
                return glyph
            lower_first = lower_first or glyph.lower()
    return lower_first


_DIGIT_FOLD = str.maketrans({"0": "o", "1": "l"})


@functools.lru_cache(maxsize=65_536)
def skeleton(text: str) -> str:
    """Fold look-alikes so that ``mеtamask`` (Cyrillic е), ``rnetamask`` and ``metamask``
    compare equal: confusable characters, accents, 0->o, 1->l, rn->m, vv->w."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if not folded.isascii():
        folded = folded.translate(_confusable_table())
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
        )
    return folded.translate(_DIGIT_FOLD).replace("rn", "m").replace("vv", "w")


def _tokens(label: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT_RE.split(label) if t][:24]


_TOKEN_SPLIT_RE = re.compile(r"[-_]+")


def _joined_runs(tokens: list[str], width: int = 4) -> Iterator[tuple[int, int, str]]:
    """Every run of up to ``width`` consecutive tokens joined: meta-mask -> metamask."""
    for i in range(len(tokens)):
        acc = ""
        for j in range(i, min(i + width, len(tokens))):
            acc += tokens[j]
            yield i, j + 1, acc


# ----------------------------------------------------------------------------- URL parsing

_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]{0,30}):")
_LEADING_JUNK = "<([{\"'*_~`¿¡«‹“‘"
_TRAILING_JUNK = ".,;:!?]}>\"'*_~`…»›”’"


_AUTHORITY_END_RE = re.compile(r"[/?#\\]")


class _Parsed(NamedTuple):
    host: str  # raw host text, not yet normalized
    userinfo: str | None
    bracketed: bool  # [IPv6]


def _trim_bounds(text: str) -> tuple[int, int]:
    """Bounds of ``text`` without the chat punctuation around a link (a closing
    parenthesis stays when it is balanced: ``wiki/Foo_(bar)``). Linear time."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _LEADING_JUNK):
        start += 1
    opens, closes = text.count("(", start), text.count(")", start)
    while end > start:
        char = text[end - 1]
        if char.isspace() or char in _TRAILING_JUNK:
            end -= 1
        elif char == ")" and closes > opens:
            end -= 1
            closes -= 1
        else:
            break
    return start, end


def _trim(text: str) -> str:
    start, end = _trim_bounds(text)
    return text[start:end]


def _parse(url: str) -> _Parsed | str:
    """Split a link into host and userinfo, or return the scheme of a non-web link."""
    text = url[:_MAX_URL_CHARS]
    if not text.isascii():
        text = text.translate(_INVISIBLE).translate(_UNICODE_DOTS)
    text = _trim(text)
    rest = text.lstrip("/\\")  # no scheme, or "metamask.io:443/x" (a port, not a scheme)
    match = _SCHEME_RE.match(text)
    if match:
        scheme = match.group(1).lower()
        after = text[match.end() :]
        if scheme in _WEB_SCHEMES:
            rest = after.lstrip("/\\")
        elif after.startswith("//") or scheme in _NON_WEB_SCHEMES:
            return scheme
    authority = _AUTHORITY_END_RE.split(rest, maxsplit=1)[0]
    userinfo, at, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        return _Parsed(hostport[1:].split("]", 1)[0], userinfo if at else None, True)
    return _Parsed(hostport.split(":", 1)[0], userinfo if at else None, False)


# ----------------------------------------------------------------------------- feeds


@dataclass(frozen=True, slots=True)
class _Fuzzy:
    targets: tuple[str, ...]  # feed entry without its last label (their "fuzzy form")
    entries: tuple[str, ...]  # the feed entry itself
    tolerance: int
    source: str


@dataclass(slots=True)
class _Feed:
    """One blocklist file as last read successfully."""

    stamp: tuple[int, int]  # (mtime_ns, size)
    blocked: frozenset[str]
    safe: frozenset[str]
    fuzzy: _Fuzzy | None


@dataclass(frozen=True, slots=True)
class _Lists:
    """Everything loaded from feeds, swapped as one object so readers never see a mix."""

    blocked: dict[str, str]  # host -> feed file name
    safe: frozenset[str]
    fuzzy: tuple[_Fuzzy, ...]
    cache: dict[str, tuple[Verdict, str, str | None]] = field(default_factory=dict)


def _feed_host(entry: str) -> str | None:
    """A host from one feed line: plain, ``*.x``, ``||x^`` (adblock), or a URL."""
    entry = entry.strip().removeprefix("||").split("^", 1)[0].removeprefix("*.").lstrip(".")
    if "://" in entry or "/" in entry:
        parsed = _parse(entry)
        if not isinstance(parsed, _Parsed):
            return None
        entry = parsed.host
    return _canonical_host(entry)


_SINK_HOSTS = frozenset({"localhost", "0.0.0.0", "127.0.0.1", "broadcasthost"})  # noqa: S104


def _read_plain_feed(text: str) -> frozenset[str]:
    hosts: set[str] = set()
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and _is_ip(fields[0]):  # hosts-file format: "0.0.0.0 evil.com"
            fields = fields[1:]
        for item in fields:
            host = _feed_host(item)
            if host and host not in _SINK_HOSTS:
                hosts.add(host)
    return frozenset(hosts)


def _host_set(items: Any) -> frozenset[str]:
    if not isinstance(items, list):
        return frozenset()
    return frozenset(h for h in (_feed_host(i) for i in items if isinstance(i, str)) if h)


def _read_config_feed(text: str, source: str) -> tuple[frozenset[str], frozenset[str], _Fuzzy]:
    """MetaMask eth-phishing-detect ``config.json``: blacklist, whitelist, fuzzylist."""
    data = json.loads(text)
    if not isinstance(data, dict) or not {"blacklist", "whitelist", "fuzzylist"} & data.keys():
        raise ValueError(f"{source}: not an eth-phishing-detect config")
    tolerance = data.get("tolerance", _DEFAULT_FEED_TOLERANCE)
    if not isinstance(tolerance, int | float) or isinstance(tolerance, bool):
        tolerance = _DEFAULT_FEED_TOLERANCE
    entries = tuple(sorted(_host_set(data.get("fuzzylist"))))
    targets = tuple(e.rsplit(".", 1)[0] for e in entries)
    fuzzy = _Fuzzy(targets, entries, int(tolerance), source)
    return _host_set(data.get("blacklist")), _host_set(data.get("whitelist")), fuzzy


def _load_feed(path: Path) -> _Feed:
    stat = path.stat()
    text = path.read_text("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        blocked, safe, fuzzy = _read_config_feed(text, path.name)
        return _Feed((stat.st_mtime_ns, stat.st_size), blocked, safe, fuzzy)
    return _Feed((stat.st_mtime_ns, stat.st_size), _read_plain_feed(text), frozenset(), None)


def _merge(feeds: dict[Path, _Feed]) -> _Lists:
    blocked: dict[str, str] = {}
    safe: set[str] = set()
    fuzzy = []
    for path, feed in feeds.items():
        blocked.update(dict.fromkeys(feed.blocked, path.name))
        safe |= feed.safe
        if feed.fuzzy and feed.fuzzy.targets and feed.fuzzy.tolerance > 0:
            fuzzy.append(feed.fuzzy)
    return _Lists(blocked, frozenset(safe), tuple(fuzzy))


# ----------------------------------------------------------------------------- checker

_Judgement = tuple[Verdict, str, str | None]


class LinkChecker:
    """Gives every link a verdict. Build once (data loads here), then call from any thread.

    ``official_domains``: the operator's sites; subdomains are official too. Each one also
    yields an operator brand: its registered name (``acmewallet`` for ``acmewallet.com``),
    or, when the name has no real public suffix, the whole name without dots
    (``walletexample`` for ``wallet.example``); generic words (wallet, support ...) are
    skipped. ``brands``: extra operator brand names ("Acme Wallet" -> ``acmewallet``).
    ``blocklist_files``: plain domain lists or eth-phishing-detect ``config.json`` files; a
    missing or malformed file raises here (a configuration error), but not on reload.
    """

    def __init__(
        self,
        official_domains: Iterable[str] = (),
        brands: Iterable[str] = (),
        blocklist_files: Iterable[Path] = (),
    ) -> None:
        official = [d for d in official_domains if isinstance(d, str)]
        hosts = (_feed_host(d) or _ipv6_literal(d) for d in official)
        self._official = frozenset(h.removeprefix("www.") for h in hosts if h)
        self._known = _shipped_known()
        self._brands = self._build_brands(brands)
        self._by_skeleton = {b.skeleton: b for b in self._brands}
        self._by_key = {b.key: b for b in self._brands}
        substring = sorted((b.skeleton for b in self._brands if b.substring_ok), key=len)
        self._substring_re = re.compile("|".join(map(re.escape, reversed(substring))) or "(?!)")
        self._fuzzy_brands = [b for b in self._brands if b.fuzzy_distance]
        self._fuzzy_skeletons = [b.skeleton for b in self._fuzzy_brands]
        self._feeds = {Path(p): _load_feed(Path(p)) for p in blocklist_files}
        self._lists = _merge(self._feeds)

    # -- construction helpers

    def _build_brands(self, extra: Iterable[str]) -> tuple[_Brand, ...]:
        official_registered = tuple(sorted({_split(h).registered for h in self._official}))
        merged = {b.key: b for b in _shipped_brands()}
        for key in [*map(_brand_key, extra), *map(_derived_brand, sorted(self._official))]:
            if not key or len(key) < 3 or key in _GENERIC_NAMES:
                continue
            old = merged.get(key)
            domains = tuple(dict.fromkeys((*(old.domains if old else ()), *official_registered)))
            merged[key] = _Brand(key, skeleton(key), domains, word=old.word if old else False)
        return tuple(merged.values())

    # -- public API

    def check(self, url: str) -> LinkVerdict:
        """The verdict on one link; never raises, whatever the string."""
        try:
            return self._check(url)
        except Exception:  # last resort: a hostile string must never break the desk
            return LinkVerdict(str(url)[:_MAX_URL_CHARS], "", "suspicious", _R_UNREADABLE, None)

    def check_text(self, text: str) -> list[LinkVerdict]:
        """One verdict per link found in ``text`` (at most 200), in order."""
        try:
            spans = extract_links(text)
        except Exception:
            return []
        return [self.check(span.text) for span in spans]

    def reload_if_changed(self) -> bool:
        """Re-read blocklist files whose mtime or size changed; True if any was reloaded.

        A file that is missing or unreadable now keeps its previous contents (a feed being
        rewritten must not open the gates), and is retried on the next call.
        """
        changed = False
        feeds = dict(self._feeds)
        for path, feed in feeds.items():
            try:
                stat = path.stat()
                if (stat.st_mtime_ns, stat.st_size) == feed.stamp:
                    continue
                feeds[path] = _load_feed(path)
            except (OSError, ValueError):
                continue
            changed = True
        if changed:
            self._feeds = feeds
            self._lists = _merge(feeds)
        return changed

    # -- the verdict

    def _check(self, url: str) -> LinkVerdict:
        parsed = _parse(url)
        if isinstance(parsed, str):
            return LinkVerdict(url, "", "suspicious", f"not a web link ({parsed}:)", None)
        if parsed.bracketed:
            return self._ip_verdict(url, parsed.host)
        host = _normalize_host(parsed.host) if parsed.host.strip(" .") else None
        if host is None:
            reason = _R_NO_HOST if not parsed.host.strip(" .") else _R_MALFORMED
            return LinkVerdict(url, "", "suspicious", reason, None)
        lists = self._lists
        judgement = lists.cache.get(host)
        if judgement is None:
            judgement = self._judge_host(host, lists)
            if len(lists.cache) >= _HOST_CACHE_LIMIT:
                lists.cache.clear()
            lists.cache[host] = judgement
        domain = _ascii_host(host)
        if parsed.userinfo is not None:
            judgement = self._judge_userinfo(parsed.userinfo, domain, judgement)
        return LinkVerdict(url, domain, *judgement)

    def _ip_verdict(self, url: str, raw: str) -> LinkVerdict:
        """``http://[::1]/``: the bracketed form is always an IP address."""
        host = raw.strip().lower()
        if host in self._official:
            return LinkVerdict(url, host, "official", _R_OFFICIAL, None)
        source = self._lists.blocked.get(host)
        if source:
            return LinkVerdict(
                url, host, "blocklisted", f"on the phishing blocklist {source}", None
            )
        return LinkVerdict(url, host, "suspicious", _R_IP, None)

    def _judge_host(self, host: str, lists: _Lists) -> _Judgement:
        if host in self._official:
            return "official", _R_OFFICIAL, None
        if _is_ip(host):
            source = lists.blocked.get(host)
            if source:
                return "blocklisted", f"on the phishing blocklist {source}", None
            return "suspicious", _R_IP, None
        parts = _split(host)
        for candidate in _parents(host, parts):
            if candidate in self._official:
                return "official", _R_OFFICIAL, None
            if candidate in self._known:
                return "known_safe", _R_KNOWN, None
            if candidate in lists.safe:
                return "known_safe", _R_FEED_SAFE, None
            source = lists.blocked.get(candidate)
            if source:
                return "blocklisted", f"on the phishing blocklist {source}", None
        return (
            self._judge_fuzzy_feed(host, parts, lists)
            or self._judge_brand(host, parts)
            or _judge_signals(host, parts)
            or ("unknown", _R_UNKNOWN, None)
        )

    def _judge_fuzzy_feed(self, host: str, parts: _HostParts, lists: _Lists) -> _Judgement | None:
        """eth-phishing-detect: host minus ``www.`` and its last label, or the registered
        name, within ``tolerance`` edits of a fuzzylist entry minus its last label."""
        if not lists.fuzzy:
            return None
        base = host.removeprefix("www.")
        candidates = dict.fromkeys((base.rsplit(".", 1)[0] if "." in base else base, parts.name))
        for fuzzy in lists.fuzzy:
            for candidate in candidates:
                hit = process.extractOne(
                    candidate,
                    fuzzy.targets,
                    scorer=Levenshtein.distance,
                    score_cutoff=fuzzy.tolerance,
                )
                if hit is not None:
                    entry = fuzzy.entries[hit[2]]
                    brand = self._brand_of_domain(entry) or _split(entry).name
                    return "impersonation", f"name is close to {entry} ({fuzzy.source})", brand
        return None

    def _brand_of_domain(self, domain: str) -> str | None:
        registered = _split(domain).registered
        for brand in self._brands:
            if registered in brand.domains:
                return brand.key
        return None

    def _judge_brand(self, host: str, parts: _HostParts) -> _Judgement | None:
        if parts.name:
            found = self._brand_in_label(parts.name, whole_name=True)
            if found and parts.registered in found[0].domains:
                return None  # the brand's own domain (a subdomain not on any list)
            if found:
                brand, how = found
                return "impersonation", _brand_reason(brand, how, parts), brand.key
        # Subdomain labels are read as one run of words: wallet.example.evil.com, metamask.io.x.
        sub = "-".join(label for label in parts.sub if label != "www")
        found = self._brand_in_label(sub, whole_name=False) if sub else None
        if found is None:
            return None
        key = found[0].key
        hosting = _matches_hosting(host)
        if hosting:
            reason = f"uses the {key} name on a free hosting site ({hosting})"
        else:
            reason = f"puts the {key} name in front of another site ({parts.registered})"
        return "impersonation", reason, key

    def _brand_in_label(self, label: str, *, whole_name: bool) -> tuple[_Brand, str] | None:
        """The brand that ``label`` imitates and how ("name", "lookalike", "inside", "typo")."""
        if whole_name and label in self._by_key:
            return self._by_key[label], "name"
        raw = _tokens(label)
        skel = [skeleton(t) for t in raw]
        for i, j, joined in _joined_runs(skel):
            brand = self._by_skeleton.get(joined)
            if brand:
                exact = "".join(raw[i:j]) == brand.key
                return brand, "inside" if exact else "lookalike"
        whole = "".join(skel)
        match = self._substring_re.search(whole)
        if match:
            return self._by_skeleton[match.group()], "inside"
        return self._fuzzy_brand([whole, *skel])

    def _fuzzy_brand(self, candidates: list[str]) -> tuple[_Brand, str] | None:
        if not self._fuzzy_skeletons:
            return None
        for candidate in dict.fromkeys(candidates):
            if len(candidate) < _MIN_FUZZY_BRAND - 1 or candidate in _FUZZY_STOPWORDS:
                continue
            hit = process.extractOne(
                candidate, self._fuzzy_skeletons, scorer=Levenshtein.distance, score_cutoff=2
            )
            if hit is not None:
                brand = self._fuzzy_brands[hit[2]]
                if hit[1] <= brand.fuzzy_distance:
                    return brand, "typo"
        return None

    def _judge_userinfo(self, userinfo: str, domain: str, judgement: _Judgement) -> _Judgement:
        """``https://metamask.io@evil.com`` opens evil.com: the part before @ is a decoy."""
        if judgement[0] in ("blocklisted", "impersonation"):
            return judgement
        for piece in re.split(r"[.:@%/\s]+", userinfo.lower())[:20]:
            found = self._brand_in_label(piece, whole_name=False) if piece else None
            if found:
                key = found[0].key
                return "impersonation", f"shows {key} but opens {domain}", key
        return "suspicious", _R_USERINFO, None


def _brand_key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", name).casefold() if c.isalnum())


def _derived_brand(official: str) -> str | None:
    if _is_ip(official):
        return None
    parts = _split(official)
    name = parts.name if parts.public else "".join(parts.labels[-2:])
    return _brand_key(name)


def _ipv6_literal(text: str) -> str | None:
    """``[::1]`` or ``::1`` as an official host (the desk's own address in development)."""
    literal = text.strip().strip("[]").lower()
    return literal if ":" in literal and all(c in "0123456789abcdef:." for c in literal) else None


def _brand_reason(brand: _Brand, how: str, parts: _HostParts) -> str:
    real = brand.domains[0] if brand.domains else "another domain"
    if how == "name":
        return f"uses the {brand.key} name on a different domain (the real one is {real})"
    if how == "lookalike":
        return f"imitates {brand.key} with look-alike characters"
    if how == "typo":
        return f"looks like a misspelling of {brand.key}"
    return f"puts the {brand.key} name inside another domain ({parts.registered})"


def _judge_signals(host: str, parts: _HostParts) -> _Judgement | None:
    """Bad signs without a brand: each makes a link suspicious."""
    if host in _shorteners() or parts.registered in _shorteners():
        return "suspicious", "link shortener hides the real address", None
    hosting = _matches_hosting(host)
    if hosting:
        return "suspicious", f"free hosting where anyone can publish a page ({hosting})", None
    keyword = _phishing_keyword(parts)
    if keyword:
        return "suspicious", f"phishing word in the address ({keyword})", None
    if not host.isascii():
        return "suspicious", _R_IDN, None
    if any(label.startswith("xn--") for label in parts.labels):
        return "suspicious", _R_MALFORMED_IDN, None
    too_long = len(host) > _LONG_HOST_CHARS or len(parts.labels) > _MANY_LABELS
    if too_long or any(len(label) > _LONG_LABEL_CHARS for label in parts.labels):
        return "suspicious", "unusually long address", None
    return None


def _phishing_keyword(parts: _HostParts) -> str | None:
    for label in (*parts.sub, parts.name):
        tokens = [skeleton(t) for t in _tokens(label)]
        for _, _, joined in _joined_runs(tokens, width=3):
            if joined in _KEYWORDS:
                return joined
        match = _KEYWORD_SUBSTRING_RE.search("".join(tokens))
        if match:
            return match.group()
    return None


_R_OFFICIAL = "official site of this service"
_R_KNOWN = "well-known wallet, explorer or exchange site"
_R_FEED_SAFE = "on the trusted list of a phishing feed"
_R_UNKNOWN = "not on any list of known sites"
_R_IP = "raw IP address instead of a site name"
_R_USERINFO = "the address hides its real destination after an @"
_R_NO_HOST = "link has no site name"
_R_MALFORMED = "not a valid web address"
_R_UNREADABLE = "could not read this link"
_R_IDN = "uses international characters that can imitate other letters"
_R_MALFORMED_IDN = "broken international (xn--) name"


# ----------------------------------------------------------------------------- extraction

# Token separators: whitespace, quotes/brackets that never sit inside a link in chat, general
# punctuation, and scripts that are not used to spell look-alike Latin hosts (CJK, Arabic,
# Hebrew, Indic, Thai): Chinese users often write a link with no space around it.
_SEPARATORS = (
    r"\s<>\"'`\u2010-\u2027\u2030-\u205e\u0590-\u08ff\u0900-\u0dff\u0e00-\u0e7f"
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f"
    r"\uff01-\uff0d\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60\uff62-\uff65"
)
_TOKEN_RE = re.compile(f"[^{_SEPARATORS}]+")
_SEPARATOR_RE = re.compile(f"[{_SEPARATORS}]")
# Only a token holding one of these can hold a link (see _links_in_token).
_LINK_SIGN_RE = re.compile(r"[.:]")
_PATH_START_RE = re.compile(r"[/?#]")
_BARE_SPLIT_RE = re.compile(r"[^,;=!?()\[\]{}|\\*]+")
_DANGEROUS_RE = re.compile(
    r"(?<![a-z0-9])(?:(?:javascript|vbscript):.|data:[a-z]+/[a-z0-9.+\-]+)", re.IGNORECASE
)
# Label characters for bare names: ASCII, Latin/Greek/Cyrillic/Armenian letters (the
# scripts of homoglyph attacks), combining marks and fullwidth Latin.
_LABEL = (
    r"[0-9a-zA-Z\-_\u00c0-\u02af\u0300-\u036f\u0370-\u058f\u1e00-\u1eff"
    r"\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+"
)
_BARE_HOST_RE = re.compile(rf"(?:{_LABEL}\.)+(?:[a-zA-Z]{{2,63}}|[xX][nN]--[a-zA-Z0-9\-]{{1,59}})")


def extract_links(text: str) -> list[LinkSpan]:
    """Find links in a message: ``scheme://...`` URLs (any scheme), ``javascript:``/``data:``
    links, ``www.`` names, and bare names ending in a real public suffix (``metamask-login.io``).

    Not links: the domain of an e-mail address, ``e.g.``, file names whose extension is no
    public suffix (``wallet.apk``) or is a common source-file one (``.py .md .sh .rs``), and
    a sentence run together after a full stop (``MetaMask.It`` — a capitalised last part).
    Chat punctuation around a link is not part of it. At most 200 links, from the first
    200,000 characters.
    """
    if not isinstance(text, str) or not text:
        return []
    scan = text[:_MAX_SCAN_CHARS]
    if not scan.isascii():  # = scan.translate(_UNICODE_DOTS), without a look-up per character
        for dot in _UNICODE_DOT_CHARS:
            scan = scan.replace(dot, ".")
    links: list[LinkSpan] = []
    for token_start, token in _link_tokens(scan):
        for start, end in _links_in_token(token, token_start):
            links.append(LinkSpan(text[start:end], start, end))
            if len(links) >= _MAX_LINKS:
                return links
    return links


def _link_tokens(scan: str) -> Iterator[tuple[int, str]]:
    """The tokens of ``scan`` (maximal runs outside ``_SEPARATORS``, as ``_TOKEN_RE`` finds
    them) that hold a "." or ":", in order: found from those characters, not by walking
    every word. The token around a sign ends at the next separator and starts after the
    previous one (searched in the reversed text)."""
    n = len(scan)
    backwards = ""
    sign = _LINK_SIGN_RE.search(scan)
    while sign is not None:
        at = sign.start()
        if not backwards:
            backwards = scan[::-1]
        before = _SEPARATOR_RE.search(backwards, n - at)
        start = n - before.start() if before is not None else 0
        after = _SEPARATOR_RE.search(scan, at)
        end = after.start() if after is not None else n
        yield start, scan[start:end]
        sign = _LINK_SIGN_RE.search(scan, end)


def _links_in_token(token: str, offset: int) -> list[tuple[int, int]]:
    if "." not in token and ":" not in token:  # most words: no link possible
        return []
    start = _scheme_start(token)
    bare_end = len(token) if start is None else start
    found = []
    for piece in _BARE_SPLIT_RE.finditer(token, 0, bare_end):
        span = _bare_span(piece.group())
        if span:
            found.append((offset + piece.start() + span[0], offset + piece.start() + span[1]))
    if start is not None:
        span = _trimmed_span(token, start, len(token))
        if span:
            found.append((offset + span[0], offset + span[1]))
    return found


def _scheme_start(token: str) -> int | None:
    """Where a ``scheme://`` or ``javascript:``/``data:`` link starts in ``token``."""
    marker = token.find("://")
    if marker > 0:
        start = marker
        while start > 0 and _is_scheme_char(token[start - 1]):
            start -= 1
        while start < marker and not token[start].isalpha():
            start += 1
        if start < marker:
            return start
    if ":" in token:
        match = _DANGEROUS_RE.search(token)
        if match:
            return match.start()
    return None


def _is_scheme_char(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in "+.-"


def _trimmed_span(token: str, start: int, end: int) -> tuple[int, int] | None:
    lead, tail = _trim_bounds(token[start:end])
    return (start + lead, start + tail) if tail > lead else None


def _bare_span(piece: str) -> tuple[int, int] | None:
    """Span of a bare ``www.`` or ``name.tld`` link within a comma/bracket-free piece."""
    span = _trimmed_span(piece, 0, len(piece))
    if span is None:
        return None
    candidate = piece[span[0] : span[1]]
    host_end = len(_PATH_START_RE.split(candidate, maxsplit=1)[0])
    host = candidate[:host_end]
    if "@" in host:  # an e-mail address (or its local part): not a link
        return None
    if ":" in host:
        before, after = host.split(":", 1)
        if not after.isdigit():  # "site:metamask.io" -> look after the colon
            inner = _bare_span(candidate[len(before) + 1 :])
            if inner is None:
                return None
            shift = span[0] + len(before) + 1
            return shift + inner[0], shift + inner[1]
        host = before
    if not _looks_like_host(host):
        return None
    return span


def _looks_like_host(host: str) -> bool:
    if host.lower().startswith("www.") and len(host) > 4:
        return True
    if not _BARE_HOST_RE.fullmatch(host):
        return False
    if len(host) > _MAX_HOST_CHARS:
        return False
    tld = host.rsplit(".", 1)[1]
    if tld[:1].isupper() and tld[1:].islower():  # "MetaMask.It": a missing space
        return False
    tld = tld.lower()
    if tld in _FILE_EXTENSION_TLDS or not _is_public_tld(tld):
        return False
    normalized = _normalize_host(host)
    return bool(normalized) and bool(_split(normalized).name)
