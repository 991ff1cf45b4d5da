"""Prove that a customer controls an address, without any secret changing hands.

The desk asks the customer to sign a Sign-In with Ethereum message (EIP-4361) with the
wallet that holds the address; the wallet signs it with ``personal_sign`` (EIP-191) and the
customer pastes back the signature, which is public and harmless. Recovering the signer
from the signature proves control of the address. Nothing here ever needs, or accepts, a
recovery phrase or a private key.

Flow and replay protection (the caller, the desk, owns the storage):

1. ``make_challenge(address, domain, uri)`` -> store the ``Challenge`` server-side, keyed
   by its nonce, and show ``challenge.message`` to the customer. Never rebuild a challenge
   from what the client sends back: load it from your own store.
2. ``verify_signature(challenge, signature, used_nonces=...)`` checks the expiry, the
   domain, that the nonce has not been used, and that the signature over the exact message
   recovers the challenge's address. It returns ``Verified`` or raises ``OwnershipError``.
3. On success, consume the nonce atomically (delete the stored challenge, or insert the
   nonce under a unique constraint) so a second verification of the same nonce fails.

``verify_message`` serves the other common flow, where the client builds the EIP-4361
message itself around a nonce the desk issued. Only externally owned accounts are
supported: contract wallets (EIP-1271) would need an RPC call, and this module never
touches the network. Every input string is treated as hostile: anything that is not a
valid signature or message raises ``OwnershipError`` and nothing else.

The message parser is our own, line by line and linear in its input: the ``siwe`` package's
regular-expression parser backtracks for minutes on a few KB (``"URI: //aaaa..."``) and its
ABNF parser takes seconds on junk. The tests check our parser and builder against siwe's
published vectors and against ``siwe.SiweMessage`` itself; at run time siwe (and web3,
which it imports) is not loaded.
"""

from __future__ import annotations

import functools
import re
import secrets
import string
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils.address import is_checksum_address, is_hex_address, to_checksum_address
from pydantic import AnyUrl, TypeAdapter, ValidationError

ErrorCode = Literal[
    "bad_signature",
    "expired",
    "not_yet_valid",
    "wrong_domain",
    "wrong_nonce",
    "wrong_address",
    "wrong_chain",
    "malformed",
    "replayed",
]

DEFAULT_TTL: Final = timedelta(minutes=10)
MAX_TTL: Final = timedelta(days=1)
CLOCK_SKEW: Final = timedelta(minutes=5)  # verify_message: how far Issued At may be ahead
NONCE_LENGTH: Final = 16  # alphanumerics: about 95 bits (EIP-4361 asks for at least 8)
MAX_MESSAGE_CHARS: Final = 4_096
MAX_SIGNATURE_CHARS: Final = 200
DEFAULT_STATEMENT: Final = (
    "Sign to prove you control this address for your support request. Signing is free, "
    "sends no transaction and gives no one access to your funds. Support never asks for "
    "your recovery phrase."
)

_ALPHANUMERICS: Final = string.ascii_letters + string.digits
_SIGNATURE_RE: Final = re.compile(r"(?:0[xX])?[0-9a-fA-F]{130}")
_DOMAIN_RE: Final = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?(?::[0-9]{1,5})?"
)
# EIP-4361 statement: RFC 3986 reserved / unreserved characters and spaces, one line
_STATEMENT_RE: Final = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;= ]{1,500}")
_RECOVERY_IDS: Final = frozenset({0, 1, 27, 28})


class OwnershipError(ValueError):
    """Why a proof of control was refused. ``code`` is stable; ``detail`` is for logs."""

    def __init__(self, code: ErrorCode, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code: ErrorCode = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Challenge:
    """An EIP-4361 message issued by the desk; store it server-side until it is used."""

    address: str
    nonce: str
    message: str
    issued_at: datetime
    expires_at: datetime
    domain: str
    uri: str
    chain_id: int

    def to_dict(self) -> dict[str, object]:
        return {
            "address": self.address,
            "nonce": self.nonce,
            "message": self.message,
            "issued_at": self.issued_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
            "domain": self.domain,
            "uri": self.uri,
            "chain_id": self.chain_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Challenge:
        """Rebuild a stored challenge; ``OwnershipError("malformed")`` if it doesn't hold."""
        try:
            challenge = cls(
                address=str(data["address"]),
                nonce=str(data["nonce"]),
                message=str(data["message"]),
                issued_at=_aware(datetime.fromisoformat(str(data["issued_at"]))),
                expires_at=_aware(datetime.fromisoformat(str(data["expires_at"]))),
                domain=str(data["domain"]),
                uri=str(data["uri"]),
                chain_id=_int(data["chain_id"]),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise OwnershipError("malformed", f"stored challenge is incomplete: {err}") from None
        _check_consistent(challenge, parse_message(challenge.message))
        return challenge


@dataclass(frozen=True, slots=True)
class Verified:
    """The signer proved control of ``address`` for this nonce (consume the nonce now)."""

    address: str
    chain_id: int
    nonce: str
    domain: str


@dataclass(frozen=True, slots=True)
class SiweFields:
    """The fields of a parsed EIP-4361 message."""

    domain: str
    address: str
    statement: str | None
    uri: str
    version: str
    chain_id: int
    nonce: str
    issued_at: datetime
    expiration_time: datetime | None
    not_before: datetime | None
    request_id: str | None
    resources: tuple[str, ...]
    scheme: str | None


# --------------------------------------------------------------------------- helpers


def _aware(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC; everything is compared in UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if not isinstance(now, datetime):
        raise TypeError("now must be a datetime")
    return _aware(now)


def _millis(moment: datetime) -> datetime:
    """EIP-4361 timestamps carry milliseconds; keep stored times equal to the text."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError("chain_id must be an integer")
    return int(value)


def _checksummed(address: object) -> str:
    if not isinstance(address, str) or len(address) > 64:
        raise OwnershipError("malformed", "the address is not an Ethereum-style 0x address")
    text = address.strip()
    if text.startswith("T"):
        raise OwnershipError(
            "malformed",
            "TRON addresses sign with TRON's own message prefix (TIP-191), which this check "
            "doesn't support",
        )
    if not is_hex_address(text) or not text.startswith(("0x", "0X")):
        raise OwnershipError("malformed", "the address is not an Ethereum-style 0x address")
    checksummed = str(to_checksum_address(text))
    letters = [c for c in text[2:] if c.isalpha()]
    single_case = all(c.islower() for c in letters) or all(c.isupper() for c in letters)
    if text[2:] != checksummed[2:] and not single_case:
        raise OwnershipError("malformed", "the address fails its EIP-55 checksum (a typo?)")
    return checksummed


def _new_nonce() -> str:
    return "".join(secrets.choice(_ALPHANUMERICS) for _ in range(NONCE_LENGTH))


# --------------------------------------------------------------------------- issuing


def _check_request(domain: str, chain_id: int, ttl: timedelta, statement: str) -> None:
    if not isinstance(domain, str) or not _DOMAIN_RE.fullmatch(domain):
        raise OwnershipError("malformed", "domain must be a host name, optionally with :port")
    if isinstance(chain_id, bool) or not isinstance(chain_id, int) or chain_id < 1:
        raise OwnershipError("malformed", "chain_id must be a positive integer (EIP-155)")
    if not isinstance(ttl, timedelta) or not timedelta(0) < ttl <= MAX_TTL:
        raise OwnershipError("malformed", f"ttl must be positive and at most {MAX_TTL}")
    if not isinstance(statement, str) or not _STATEMENT_RE.fullmatch(statement):
        raise OwnershipError(
            "malformed", "statement must be one line of plain ASCII (EIP-4361 characters)"
        )


def make_challenge(
    address: str,
    domain: str,
    uri: str,
    chain_id: int = 1,
    ttl: timedelta = DEFAULT_TTL,
    statement: str = DEFAULT_STATEMENT,
    now: datetime | None = None,
) -> Challenge:
    """A fresh EIP-4361 challenge for ``address`` (any case; TRON addresses are refused).

    ``domain`` is the desk's host (``support.example.com`` or ``host:port``) and ``uri``
    the page the customer signs in from. The message expires ``ttl`` after ``now``. Raises
    ``OwnershipError("malformed")`` on a bad argument.
    """
    checksummed = _checksummed(address)
    _check_request(domain, chain_id, ttl, statement)
    issued_at = _millis(_now(now))
    expires_at = issued_at + ttl
    nonce = _new_nonce()
    _check_uri(uri)
    message = build_message(
        SiweFields(
            domain=domain,
            address=checksummed,
            statement=statement,
            uri=uri,
            version="1",
            chain_id=chain_id,
            nonce=nonce,
            issued_at=issued_at,
            expiration_time=expires_at,
            not_before=None,
            request_id=None,
            resources=(),
            scheme=None,
        )
    )
    return Challenge(
        address=checksummed,
        nonce=nonce,
        message=message,
        issued_at=issued_at,
        expires_at=_millis(expires_at),
        domain=domain,
        uri=uri,
        chain_id=chain_id,
    )


# --------------------------------------------------------------------------- parsing


_HEADER: Final = " wants you to sign in with your Ethereum account:"
_SCHEME_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+\-.]*")
_AUTHORITY_RE: Final = re.compile(r"[^/?#\s]+")
_ADDRESS_RE: Final = re.compile(r"0x[0-9a-fA-F]{40}")
_CHAIN_ID_RE: Final = re.compile(r"[0-9]{1,20}")
_NONCE_RE: Final = re.compile(r"[A-Za-z0-9]{8,}")
_REQUEST_ID_RE: Final = re.compile(r"[-._~!$&'()*+,;=:@%A-Za-z0-9]*")
_DATETIME_RE: Final = re.compile(
    r"([0-9]{4}-(?:0[1-9]|1[012])-(?:0[1-9]|[12][0-9]|3[01]))[Tt]"
    r"((?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])(?:\.([0-9]{1,9}))?"
    r"([Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_REQUIRED: Final = ("URI: ", "Version: ", "Chain ID: ", "Nonce: ", "Issued At: ")
_OPTIONAL: Final = ("Expiration Time: ", "Not Before: ", "Request ID: ")
MAX_URI_CHARS: Final = 2_048


@functools.cache
def _url_adapter() -> TypeAdapter[AnyUrl]:
    return TypeAdapter(AnyUrl)


def _malformed(detail: str) -> OwnershipError:
    return OwnershipError("malformed", f"not a valid EIP-4361 message: {detail}")


def _check_uri(uri: object) -> str:
    """An RFC 3986 URI, checked with pydantic's URL parser (as the siwe package does)."""
    if not isinstance(uri, str) or not uri or len(uri) > MAX_URI_CHARS:
        raise _malformed("the URI is empty or too long")
    if any(c.isspace() for c in uri):
        raise _malformed("the URI contains spaces")
    try:
        _url_adapter().validate_python(uri)
    except ValidationError:
        raise _malformed(f"{uri[:80]!r} is not an RFC 3986 URI") from None
    return uri


def _timestamp(text: str) -> datetime:
    """An RFC 3339 date-time (EIP-4361); fractions beyond microseconds are truncated."""
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        raise _malformed(f"{text[:40]!r} is not an ISO 8601 date-time")
    date, clock, fraction, zone = match.groups()
    micro = f".{(fraction or '0')[:6]:0<6}"
    offset = "+00:00" if zone in ("Z", "z") else zone
    try:
        return datetime.fromisoformat(f"{date}T{clock}{micro}{offset}").astimezone(UTC)
    except ValueError:  # February 31st and the like
        raise _malformed(f"{text[:40]!r} is not a real date") from None


def _header(line: str) -> tuple[str | None, str]:
    if not line.endswith(_HEADER):
        raise _malformed("the first line must end with the sign-in sentence")
    authority = line[: -len(_HEADER)]
    scheme: str | None = None
    if "://" in authority:
        scheme, authority = authority.split("://", 1)
        if not _SCHEME_RE.fullmatch(scheme):
            raise _malformed("bad scheme")
    if not _AUTHORITY_RE.fullmatch(authority):
        raise _malformed("the domain must be an RFC 3986 authority")
    return scheme, authority


def _address_line(lines: list[str]) -> str:
    line = lines[1] if len(lines) > 1 else ""
    if not _ADDRESS_RE.fullmatch(line) or not is_checksum_address(line):
        raise _malformed("the address must be an EIP-55 checksummed 0x address")
    return line


def _statement(lines: list[str]) -> tuple[str | None, int]:
    """(statement, index of the URI line): a blank line, then [statement, blank line]."""
    if len(lines) < 5 or lines[2] != "":
        raise _malformed("a blank line must follow the address")
    if lines[3] == "":
        return None, 4
    if lines[4] != "":
        raise _malformed("the statement must be one line followed by a blank line")
    return lines[3], 5


def _take(lines: list[str], index: int, prefix: str) -> str:
    if index >= len(lines) or not lines[index].startswith(prefix):
        raise _malformed(f"expected a {prefix.strip()!r} line")
    return lines[index][len(prefix) :]


def _optional_fields(lines: list[str], index: int) -> tuple[dict[str, str], tuple[str, ...]]:
    found: dict[str, str] = {}
    for prefix in _OPTIONAL:
        if index < len(lines) and lines[index].startswith(prefix):
            found[prefix] = lines[index][len(prefix) :]
            index += 1
    resources: list[str] = []
    if index < len(lines) and lines[index] == "Resources:":
        for line in lines[index + 1 :]:
            if not line.startswith("- "):
                raise _malformed("each resource line must start with '- '")
            resources.append(_check_uri(line[2:]))
        index = len(lines)
    if index != len(lines):
        raise _malformed(f"unexpected line {lines[index][:40]!r}")
    return found, tuple(resources)


def _checked_scalars(version: str, chain_id: str, nonce: str, request_id: str | None) -> None:
    if version != "1":
        raise _malformed("only version 1 exists")
    if not _CHAIN_ID_RE.fullmatch(chain_id):
        raise _malformed("the chain ID must be a number")
    if not _NONCE_RE.fullmatch(nonce):
        raise _malformed("the nonce must be at least 8 letters or digits")
    if request_id is not None and not _REQUEST_ID_RE.fullmatch(request_id):
        raise _malformed("bad request ID")


def parse_message(message: str) -> SiweFields:
    """Parse an EIP-4361 message; ``OwnershipError("malformed")`` if it isn't one.

    A line-by-line parser, linear in its input. (The siwe package's regular expression
    backtracks for minutes on a few KB such as ``"URI: //aaaa..."``, and its ABNF parser
    takes seconds on junk.) The field rules follow siwe 4.4.0: EIP-55 address, RFC 3986
    URIs checked with pydantic, RFC 3339 times, a nonce of 8+ alphanumerics, version 1.
    """
    if not isinstance(message, str) or not message or len(message) > MAX_MESSAGE_CHARS:
        raise _malformed("empty, not text, or too long")
    lines = message.split("\n")
    scheme, domain = _header(lines[0])
    address = _address_line(lines)
    statement, index = _statement(lines)
    uri, version, chain_id, nonce, issued = (
        _take(lines, index + offset, prefix) for offset, prefix in enumerate(_REQUIRED)
    )
    optional, resources = _optional_fields(lines, index + len(_REQUIRED))
    request_id = optional.get("Request ID: ")
    _checked_scalars(version, chain_id, nonce, request_id)
    expiration = optional.get("Expiration Time: ")
    not_before = optional.get("Not Before: ")
    return SiweFields(
        domain=domain,
        address=address,
        statement=statement,
        uri=_check_uri(uri),
        version=version,
        chain_id=int(chain_id),
        nonce=nonce,
        issued_at=_timestamp(issued),
        expiration_time=None if expiration is None else _timestamp(expiration),
        not_before=None if not_before is None else _timestamp(not_before),
        request_id=request_id,
        resources=resources,
        scheme=scheme,
    )


def build_message(fields: SiweFields) -> str:
    """The EIP-4361 text of ``fields``, laid out as siwe's ``prepare_message`` does.

    Times are written in UTC with milliseconds.
    """
    header = f"{fields.domain}{_HEADER}"
    if fields.scheme:
        header = f"{fields.scheme}://{header}"
    lines = [header, fields.address, ""]
    lines += [fields.statement, ""] if fields.statement else [""]
    lines += [
        f"URI: {fields.uri}",
        f"Version: {fields.version}",
        f"Chain ID: {fields.chain_id}",
        f"Nonce: {fields.nonce}",
        f"Issued At: {_iso(fields.issued_at)}",
    ]
    if fields.expiration_time is not None:
        lines.append(f"Expiration Time: {_iso(fields.expiration_time)}")
    if fields.not_before is not None:
        lines.append(f"Not Before: {_iso(fields.not_before)}")
    if fields.request_id is not None:
        lines.append(f"Request ID: {fields.request_id}")
    if fields.resources:
        lines += ["Resources:", *(f"- {r}" for r in fields.resources)]
    return "\n".join(lines)


# --------------------------------------------------------------------------- verifying


def _signature_bytes(signature: object) -> bytes:
    if not isinstance(signature, str) or len(signature) > MAX_SIGNATURE_CHARS:
        raise OwnershipError("malformed", "the signature must be 65 bytes of hex (0x + 130)")
    text = signature.strip()
    if not _SIGNATURE_RE.fullmatch(text):
        raise OwnershipError("malformed", "the signature must be 65 bytes of hex (0x + 130)")
    raw = bytes.fromhex(text[-130:])
    if raw[64] not in _RECOVERY_IDS:
        raise OwnershipError("bad_signature", f"recovery id {raw[64]} is not a wallet signature")
    return raw


def _recover(message: str, signature: bytes) -> str:
    """The EIP-191 personal_sign signer of the exact message text."""
    try:
        return str(Account.recover_message(encode_defunct(text=message), signature=signature))
    except Exception:  # eth-keys BadSignature, ValueError...: all mean "not a signature"
        raise OwnershipError("bad_signature", "the signature does not recover") from None


def _check_times(fields: SiweFields, now: datetime, max_age: timedelta | None) -> None:
    if fields.expiration_time is not None and now >= fields.expiration_time:
        raise OwnershipError("expired", f"the message expired at {_iso(fields.expiration_time)}")
    if fields.not_before is not None and now < fields.not_before:
        raise OwnershipError(
            "not_yet_valid", f"the message is valid from {_iso(fields.not_before)}"
        )
    if max_age is None:
        return
    if now - fields.issued_at > max_age:
        raise OwnershipError("expired", f"the message was issued more than {max_age} ago")
    if fields.issued_at - now > CLOCK_SKEW:
        raise OwnershipError("not_yet_valid", "the message was issued in the future")


def _check_binding(
    fields: SiweFields,
    *,
    domain: str,
    nonce: str,
    used_nonces: Container[str],
    address: str | None,
    chain_id: int | None,
) -> None:
    if fields.domain != domain:
        raise OwnershipError("wrong_domain", f"message is for {fields.domain!r}, not {domain!r}")
    if address is not None and fields.address != _checksummed(address):
        raise OwnershipError("wrong_address", "the message names a different address")
    if chain_id is not None and fields.chain_id != chain_id:
        raise OwnershipError("wrong_chain", f"message is for chain {fields.chain_id}")
    if fields.nonce != nonce:
        raise OwnershipError("wrong_nonce", "the message carries a different nonce")
    if fields.nonce in used_nonces:
        raise OwnershipError("replayed", "this nonce was already used")


def _verify(
    message: str,
    fields: SiweFields,
    signature: str,
    *,
    now: datetime,
    max_age: timedelta | None,
) -> Verified:
    raw = _signature_bytes(signature)
    _check_times(fields, now, max_age)
    if _recover(message, raw) != fields.address:
        raise OwnershipError(
            "bad_signature",
            "the signature was not made by this address over this exact message",
        )
    return Verified(fields.address, fields.chain_id, fields.nonce, fields.domain)


def verify_message(
    message: str,
    signature: str,
    *,
    domain: str,
    nonce: str,
    used_nonces: Container[str],
    address: str | None = None,
    chain_id: int | None = None,
    now: datetime | None = None,
    max_age: timedelta | None = DEFAULT_TTL,
) -> Verified:
    """Verify a client-built EIP-4361 message signed with EIP-191 ``personal_sign``.

    ``domain`` is the desk's own host and ``nonce`` the one the desk issued for this
    attempt; ``address``/``chain_id``, when given, must match the message. ``max_age``
    bounds how old Issued At may be (None: only the message's own expiry applies). Raises
    ``OwnershipError`` (and nothing else) when any check fails.
    """
    moment = _now(now)
    fields = parse_message(message)
    _check_binding(
        fields,
        domain=domain,
        nonce=nonce,
        used_nonces=used_nonces,
        address=address,
        chain_id=chain_id,
    )
    return _verify(message, fields, signature, now=moment, max_age=max_age)


def _check_consistent(challenge: Challenge, fields: SiweFields) -> None:
    same = (
        fields.domain == challenge.domain
        and fields.address == challenge.address
        and fields.nonce == challenge.nonce
        and fields.uri == challenge.uri
        and fields.chain_id == challenge.chain_id
        and fields.issued_at == challenge.issued_at
        and fields.expiration_time == challenge.expires_at
    )
    if not same:
        raise OwnershipError("malformed", "the challenge's fields don't match its message")


def verify_signature(
    challenge: Challenge,
    signature: str,
    *,
    used_nonces: Container[str],
    now: datetime | None = None,
    domain: str | None = None,
) -> Verified:
    """Check that ``signature`` is the challenge address's EIP-191 signature of its message.

    Checks, in order: the challenge is intact (its message says what its fields say), it
    is for ``domain`` (the desk's host, when given), its nonce is not in ``used_nonces``,
    it has not expired, and the signature recovers the challenge's address. Raises
    ``OwnershipError`` (and nothing else) when any check fails.
    """
    if not isinstance(challenge, Challenge):
        raise OwnershipError("malformed", "not a Challenge")
    moment = _now(now)
    fields = parse_message(challenge.message)
    _check_consistent(challenge, fields)
    if domain is not None and challenge.domain != domain:
        raise OwnershipError("wrong_domain", f"challenge is for {challenge.domain!r}")
    if challenge.nonce in used_nonces:
        raise OwnershipError("replayed", "this challenge was already used")
    return _verify(challenge.message, fields, signature, now=moment, max_age=None)


# --------------------------------------------------------------------------- wording


def describe_error(code: str, language: str = "en") -> str:
    """What to tell the customer about a refused proof, in zh, en, es or ar."""
    lang = language.split("-")[0].lower() if isinstance(language, str) else "en"
    table = _MESSAGES.get(lang, _MESSAGES["en"])
    return table.get(code, table["malformed"])


_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "en": {
        "bad_signature": (
            "The signature doesn't match this address and message. Sign the exact message "
            "again with the account that holds this address."
        ),
        "expired": "This request has expired. Ask for a new one and sign it within a few minutes.",
        "not_yet_valid": (
            "This request isn't valid yet. Check the clock on your device, or ask for a new one."
        ),
        "wrong_domain": (
            "This message was made for a different website, so it can't be used here. Only "
            "sign messages that name this support site."
        ),
        "wrong_nonce": "This signature belongs to another request. Sign the latest message shown.",
        "wrong_address": (
            "The message names a different address. Sign with the account that holds the "
            "address being checked."
        ),
        "wrong_chain": "The message is for a different network. Ask for a new request.",
        "malformed": (
            "That isn't a complete signature. Copy the whole signature (0x followed by 130 "
            "characters) and try again."
        ),
        "replayed": "This request was already used. Ask for a new one: each is signed only once.",
    },
    "zh": {
        "bad_signature": "签名与这个地址和消息不符。请用持有该地址的账户，对原样的消息重新签名。",
        "expired": "这个请求已过期。请重新获取，并在几分钟内完成签名。",
        "not_yet_valid": "这个请求尚未生效。请检查设备时间，或重新获取请求。",
        "wrong_domain": "这条消息是为其他网站生成的，不能在这里使用。只签署写明本客服网站的消息。",
        "wrong_nonce": "这个签名属于另一个请求。请签署最新显示的消息。",
        "wrong_address": "消息里写的是另一个地址。请用持有待验证地址的账户签名。",
        "wrong_chain": "这条消息对应的是另一个网络。请重新获取请求。",
        "malformed": "这不是完整的签名。请复制完整签名（0x后跟130个字符）后重试。",
        "replayed": "这个请求已经用过了。请重新获取：每个请求只能签名一次。",
    },
    "es": {
        "bad_signature": (
            "La firma no corresponde a esta dirección y este mensaje. Vuelve a firmar el "
            "mensaje exacto con la cuenta que tiene esta dirección."
        ),
        "expired": "Esta solicitud ha caducado. Pide una nueva y fírmala en pocos minutos.",
        "not_yet_valid": (
            "Esta solicitud todavía no es válida. Revisa la hora de tu dispositivo o pide una "
            "nueva."
        ),
        "wrong_domain": (
            "Este mensaje se creó para otro sitio web y no sirve aquí. Firma solo mensajes que "
            "nombren este sitio de soporte."
        ),
        "wrong_nonce": "Esta firma es de otra solicitud. Firma el último mensaje que se mostró.",
        "wrong_address": (
            "El mensaje nombra otra dirección. Firma con la cuenta que tiene la dirección que "
            "se está comprobando."
        ),
        "wrong_chain": "El mensaje es para otra red. Pide una solicitud nueva.",
        "malformed": (
            "Eso no es una firma completa. Copia la firma entera (0x seguido de 130 "
            "caracteres) y vuelve a intentarlo."
        ),
        "replayed": "Esta solicitud ya se usó. Pide una nueva: cada una se firma una sola vez.",
    },
    "ar": {
        "bad_signature": (
            "التوقيع لا يطابق هذا العنوان وهذه الرسالة. وقّع الرسالة نفسها حرفيًا مرة أخرى "
            "بالحساب الذي يملك هذا العنوان."
        ),
        "expired": "انتهت صلاحية هذا الطلب. اطلب طلبًا جديدًا ووقّعه خلال دقائق.",
        "not_yet_valid": "هذا الطلب ليس صالحًا بعد. تحقق من ساعة جهازك، أو اطلب طلبًا جديدًا.",
        "wrong_domain": (
            "أُنشئت هذه الرسالة لموقع آخر، فلا يمكن استخدامها هنا. لا توقّع إلا رسائل تذكر "
            "موقع الدعم هذا."
        ),
        "wrong_nonce": "هذا التوقيع يخص طلبًا آخر. وقّع آخر رسالة ظهرت لك.",
        "wrong_address": (
            "الرسالة تذكر عنوانًا مختلفًا. وقّع بالحساب الذي يملك العنوان المطلوب التحقق منه."
        ),
        "wrong_chain": "الرسالة مخصصة لشبكة أخرى. اطلب طلبًا جديدًا.",
        "malformed": (
            "هذا ليس توقيعًا كاملًا. انسخ التوقيع كله (0x متبوعًا بـ 130 حرفًا) وحاول مجددًا."
        ),
        "replayed": "هذا الطلب استُخدم من قبل. اطلب طلبًا جديدًا: كل طلب يُوقَّع مرة واحدة فقط.",
    },
}
