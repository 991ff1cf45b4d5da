"""Validate and classify the addresses wallet users paste into a chat.

Supported chains: every EVM chain (EIP-55 checksum), TRON (base58check ``T...`` and the
``41`` + 40 hex form), Bitcoin (base58 P2PKH/P2SH, bech32 segwit v0, bech32m taproot, with
testnet/regtest reported as such) and Solana (base58 of exactly 32 bytes). Shapes of other
chains (XRP, XLM, TON, ATOM, EOS) are recognised only to give the exchange memo/tag hint.

Everything here is pure and offline. ``check_address`` and ``find_addresses`` never
raise and do a bounded amount of work whatever the input.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

import base58
from eth_utils.address import to_checksum_address

from walletdesk.chain import bech32

ChainId = str
Family = Literal["evm", "tron", "bitcoin", "solana", "unknown"]
Severity = Literal["error", "warning"]

EVM_CHAINS: Final[tuple[ChainId, ...]] = (
    "ethereum",
    "bsc",
    "polygon",
    "arbitrum",
    "optimism",
    "base",
    "avalanche",
)

MAX_ADDRESS_CHARS: Final = 120  # longer than any address or extended key we recognise
MAX_SCAN_CHARS: Final = 64_000  # find_addresses looks at this much of a message
MAX_CANDIDATES: Final = 1_000  # ... checks at most this many address-shaped tokens
MAX_FOUND: Final = 50  # ... and reports at most this many

_SEVERITY: Final[dict[str, Severity]] = {
    "testnet": "warning",
    "unchecked_case": "warning",
    "no_checksum": "warning",
    "needs_memo": "warning",
    "other_chain": "warning",
    "burn_address": "warning",
    "future_witness_version": "warning",
}


@dataclass(frozen=True, slots=True)
class AddressProblem:
    code: str
    message: str
    severity: Literal["error", "warning"]

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "severity": self.severity}


@dataclass(frozen=True, slots=True)
class AddressReport:
    """What we know about one pasted address.

    ``valid`` means: usable on at least one chain in ``chains`` with no error-level
    problem. Warnings (testnet, unchecked case, burn address...) leave it valid.
    ``input`` is the text that was checked, after stripping whitespace and quotes.
    """

    input: str
    valid: bool
    family: Literal["evm", "tron", "bitcoin", "solana", "unknown"]
    chains: list[ChainId]
    normalized: str | None
    problems: list[AddressProblem]

    def to_dict(self) -> dict[str, object]:
        return {
            "input": self.input,
            "valid": self.valid,
            "family": self.family,
            "chains": list(self.chains),
            "normalized": self.normalized,
            "problems": [p.to_dict() for p in self.problems],
        }


def _problem(code: str, message: str) -> AddressProblem:
    return AddressProblem(code, message, _SEVERITY.get(code, "error"))


def _report(
    text: str,
    family: Family,
    problems: list[AddressProblem],
    chains: tuple[ChainId, ...] | list[ChainId] = (),
    normalized: str | None = None,
) -> AddressReport:
    valid = bool(chains) and all(p.severity != "error" for p in problems)
    return AddressReport(
        input=text,
        valid=valid,
        family=family,
        chains=list(chains) if valid else [],
        normalized=normalized if valid else None,
        problems=problems,
    )


# --------------------------------------------------------------------------- helpers

_HEX: Final = frozenset("0123456789abcdefABCDEF")
_B58: Final = frozenset(base58.BITCOIN_ALPHABET.decode("ascii"))
_BECH32_CHARS: Final = frozenset(bech32.CHARSET + bech32.CHARSET.upper())
_INVISIBLE: Final = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2066\u2067\u2068\u2069\ufeff\u202a\u202b\u202c\u202d\u202e\u00ad"
)
_EDGE: Final = (
    frozenset("\"'`“”‘’«»「」『』《》〈〉<>()[]{}（）【】.,;:!?。，；：！？、") | _INVISIBLE
)
_CHAR_NAMES: Final = {
    "0": "the digit 0 (zero)",
    "O": "the capital letter O",
    "o": "the small letter o",
    "I": "the capital letter I",
    "l": "the small letter l",
    "i": "the small letter i",
    "1": "the digit 1",
    "b": "the small letter b",
    " ": "a space",
}
_B58_RULE: Final = "they never use 0 (zero), O (capital o), I (capital i) or l (small L)"
_COPY_AGAIN: Final = (
    "Don't send anything to it: copy the address again from the recipient's wallet or "
    "the exchange's deposit page instead of typing it."
)
_ONE_CHAR_WRONG: Final = "at least one character is wrong"


def _sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def _b58decode(text: str, alphabet: bytes = base58.BITCOIN_ALPHABET) -> bytes | None:
    try:
        return bytes(base58.b58decode(text, alphabet=alphabet))
    except ValueError:
        return None


def _b58check_payload(raw: bytes | None) -> bytes | None:
    """The payload of base58check bytes, or None when the 4-byte checksum fails."""
    if raw is None or len(raw) < 5:
        return None
    payload, check = raw[:-4], raw[-4:]
    return payload if _sha256d(payload)[:4] == check else None


def _b58encode_check(payload: bytes) -> str:
    return str(base58.b58encode(payload + _sha256d(payload)[:4]).decode("ascii"))


def _crc16_xmodem(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _describe_char(ch: str) -> str:
    if ch in _CHAR_NAMES:
        return _CHAR_NAMES[ch]
    if ch in _INVISIBLE or not ch.isprintable():
        return f"an invisible character (U+{ord(ch):04X})"
    if not ch.isascii():
        return f"the character {ch!r} (U+{ord(ch):04X})"
    return f"{ch!r}"


def _first_bad(text: str, allowed: frozenset[str], start: int = 0) -> tuple[int, str] | None:
    for i in range(start, len(text)):
        if text[i] not in allowed:
            return i, text[i]
    return None


def _bad_char_problem(bad: tuple[int, str], what: str, rule: str) -> AddressProblem:
    index, ch = bad
    return _problem(
        "invalid_character",
        f"Character {index + 1} of this {what} is {_describe_char(ch)}, which can't appear "
        f"there: {rule}. {_COPY_AGAIN}",
    )


def _clean(text: str) -> str:
    """Strip whitespace, quotes, brackets and sentence punctuation from both ends."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE):
        end -= 1
    return text[start:end]


# --------------------------------------------------------------------------- EVM


def _evm_burn(checksummed: str) -> list[AddressProblem]:
    if checksummed.lower() in (
        "0x" + "0" * 40,
        "0x000000000000000000000000000000000000dead",
    ):
        return [_burn_problem()]
    return []


def _burn_problem() -> AddressProblem:
    return _problem(
        "burn_address",
        "This is a burn address: nobody controls it, and anything sent to it is lost for good.",
    )


def _evm_length_problem(body: str) -> AddressProblem:
    n = len(body)
    if n == 64:
        return _looks_like_hash_problem()
    extra = ""
    if n == 42 and body[:2] == "41":
        extra = " It may be a TRON address in hex form written with 0x; TRON hex starts with 41."
    return _problem(
        "wrong_length",
        f"This address has {n} characters after 0x; an Ethereum-style address has exactly 40, "
        f"so characters are missing or extra.{extra} {_COPY_AGAIN}",
    )


def _looks_like_hash_problem() -> AddressProblem:
    return _problem(
        "looks_like_hash",
        "This is 64 hexadecimal characters: that is a transaction hash, not an address. "
        "(A private key has the same shape; if this is one, never share it: anyone who "
        "sees it can take the funds.)",
    )


def _checksum_problems(body: str, checksummed: str) -> list[AddressProblem]:
    if "0x" + body == checksummed:
        return []  # matches EIP-55 (even when its letters happen to share one case)
    letters = [c for c in body if c.isalpha()]
    if all(c.islower() for c in letters) or all(c.isupper() for c in letters):
        return [
            _problem(
                "unchecked_case",
                "This address is written all in one case, so it carries no checksum and a "
                "typo would not be caught. Compare it character by character with the "
                f"recipient's, or use the checksummed form {checksummed}.",
            )
        ]
    return [
        _problem(
            "bad_checksum",
            "The capital and small letters in this address don't match its EIP-55 "
            f"checksum, so {_ONE_CHAR_WRONG} (or it was edited). {_COPY_AGAIN}",
        )
    ]


def _check_evm(text: str) -> AddressReport:
    body = text[2:]
    problems: list[AddressProblem] = []
    bad = _first_bad(text, _HEX, 2)
    if bad is not None:
        rule = "an Ethereum-style address uses only 0-9 and a-f after 0x"
        problems.append(_bad_char_problem(bad, "address", rule))
    if len(body) != 40:
        problems.append(_evm_length_problem(body))
    if problems:
        return _report(text, "evm", problems)
    checksummed = str(to_checksum_address("0x" + body.lower()))
    problems = _checksum_problems(body, checksummed) + _evm_burn(checksummed)
    return _report(text, "evm", problems, EVM_CHAINS, checksummed)


def _check_bare_hex(text: str) -> AddressReport | None:
    n = len(text)
    if n == 42 and text[:2] == "41":
        return _check_tron_hex(text)
    if n == 40:
        msg = (
            "This looks like an Ethereum-style address without its 0x prefix. Wallets expect "
            f"0x{text}; copy the full address from the recipient to be sure."
        )
        return _report(text, "evm", [_problem("missing_prefix", msg)])
    if n == 64:
        return _report(text, "unknown", [_looks_like_hash_problem()])
    return None  # other lengths: maybe base58 made only of digits (11111...)


# --------------------------------------------------------------------------- TRON


def _tron_from_id(text: str, account_id: bytes, problems: list[AddressProblem]) -> AddressReport:
    if account_id == bytes(20):
        problems = [*problems, _burn_problem()]
    return _report(text, "tron", problems, ("tron",), _b58encode_check(b"\x41" + account_id))


def _check_tron_hex(text: str) -> AddressReport:
    warning = _problem(
        "no_checksum",
        "This is the hex form of a TRON address, which has no checksum. Wallets show the "
        "T... form; compare against that before sending.",
    )
    return _tron_from_id(text, bytes.fromhex(text[2:]), [warning])


# --------------------------------------------------------------------------- Bitcoin segwit

_SEGWIT_PREFIXES: Final = ("bcrt1", "bc1", "tb1")
_BECH32_RULE: Final = "after the bc1/tb1 prefix a bech32 address never uses 1, b, i or o"


def _testnet_problem() -> AddressProblem:
    return _problem(
        "testnet",
        "This is a Bitcoin testnet/regtest address. Test coins have no value, and mainnet "
        "wallets and exchanges refuse it: ask for a mainnet address (bc1..., 1... or 3...).",
    )


def _segwit_error_problem(err: bech32.Bech32Error) -> AddressProblem:
    if err.code == "bad_checksum":
        msg = f"This Bitcoin address fails its checksum, so {_ONE_CHAR_WRONG}. {_COPY_AGAIN}"
        return _problem("bad_checksum", msg)
    if err.code == "wrong_encoding":
        msg = (
            "This Bitcoin address has the wrong kind of checksum for its type (bc1q addresses "
            "use bech32, bc1p taproot addresses use bech32m), so it is corrupt or was made by "
            f"faulty software. {_COPY_AGAIN}"
        )
        return _problem("bad_checksum", msg)
    if err.code in ("invalid_program_length", "short_checksum", "too_long"):
        msg = f"This Bitcoin address has the wrong length ({err.detail}). {_COPY_AGAIN}"
        return _problem("wrong_length", msg)
    return _problem("malformed", f"This Bitcoin address is malformed ({err.detail}). {_COPY_AGAIN}")


def _segwit_version_problems(addr: bech32.SegwitAddress) -> list[AddressProblem]:
    if addr.version == 0 or (addr.version == 1 and len(addr.program) == 32):
        return []
    return [
        _problem(
            "future_witness_version",
            f"This Bitcoin address uses segwit version {addr.version} with a "
            f"{len(addr.program)}-byte program, which no wallet uses today: coins sent to it "
            "may never be spendable. Ask for a normal bc1q or bc1p address.",
        )
    ]


def _check_segwit(text: str) -> AddressReport:
    lower = text.lower()
    prefix = next(p for p in _SEGWIT_PREFIXES if lower.startswith(p))
    bad = _first_bad(text, _BECH32_CHARS, len(prefix))
    if bad is not None:
        return _report(text, "bitcoin", [_bad_char_problem(bad, "address", _BECH32_RULE)])
    if text != lower and text != text.upper():
        msg = (
            "This Bitcoin address mixes capital and small letters; a bc1 address is all "
            f"lowercase (or all capitals in QR codes), so it was altered. {_COPY_AGAIN}"
        )
        return _report(text, "bitcoin", [_problem("mixed_case", msg)])
    try:
        addr = bech32.decode_segwit_any(text)
    except bech32.Bech32Error as err:
        return _report(text, "bitcoin", [_segwit_error_problem(err)])
    problems = _segwit_version_problems(addr)
    chain = "bitcoin"
    if addr.hrp != "bc":
        chain = "bitcoin-testnet"
        problems.insert(0, _testnet_problem())
    return _report(text, "bitcoin", problems, (chain,), lower)


# --------------------------------------------------------------------------- base58

_BTC_VERSIONS: Final[dict[int, ChainId]] = {
    0x00: "bitcoin",
    0x05: "bitcoin",
    0x6F: "bitcoin-testnet",
    0xC4: "bitcoin-testnet",
}
_OTHER_COINS: Final = {
    0x30: "Litecoin",
    0x32: "Litecoin",
    0x1E: "Dogecoin",
    0x16: "Dogecoin",
    0x4C: "Dash",
    0x10: "Dash",
}
_XPRV_VERSIONS: Final = frozenset(
    bytes.fromhex(v) for v in ("0488ade4", "04358394", "049d7878", "04b2430c", "045f18bc")
)


def _from_base58check(text: str, payload: bytes) -> AddressReport | None:
    version = payload[0]
    if len(payload) == 21 and version == 0x41:
        return _tron_from_id(text, payload[1:], [])
    if len(payload) == 21 and version in _BTC_VERSIONS:
        chain = _BTC_VERSIONS[version]
        problems = [_testnet_problem()] if chain == "bitcoin-testnet" else []
        return _report(text, "bitcoin", problems, (chain,), text)
    if len(payload) == 21 and version in _OTHER_COINS:
        return _other_chain(text, _OTHER_COINS[version], memo=None)
    if len(payload) in (33, 34) and version in (0x80, 0xEF):
        return _private_key(text, "a Bitcoin private key (WIF)")
    if len(payload) == 78:
        if payload[:4] in _XPRV_VERSIONS:
            return _private_key(text, "an extended private key (xprv)")
        msg = (
            "This is an extended public key (xpub), not an address. It reveals every address "
            "of the wallet to whoever has it; use a single receive address instead."
        )
        return _report(text, "bitcoin", [_problem("not_an_address", msg)])
    return None


def _private_key(text: str, what: str) -> AddressReport:
    msg = (
        f"This is {what}, not an address. Anyone who has seen it can take the funds: never "
        "share it, and move the funds to a new wallet now. Support will never ask for it."
    )
    return _report(text, "unknown", [_problem("private_key", msg)])


def _check_base58(text: str) -> AddressReport:
    raw = _b58decode(text)
    payload = _b58check_payload(raw)
    if payload is not None and payload:
        found = _from_base58check(text, payload)
        if found is not None:
            return found
    if raw is not None and len(raw) == 32:
        return _report(text, "solana", [], ("solana",), text)
    if raw is not None and len(raw) == 64:
        return _solana_secret_or_signature(text)
    xrp = _check_xrp(text)
    if xrp is not None:
        return xrp
    return _base58_near_miss(text, raw)


def _solana_secret_or_signature(text: str) -> AddressReport:
    msg = (
        "This is 64 bytes in base58: a Solana transaction signature, or a Solana private "
        "key, not an address. If it is a private key, never share it: anyone who sees it "
        "can take the funds."
    )
    return _report(text, "solana", [_problem("looks_like_hash", msg)])


def _guess_base58_family(text: str) -> Family:
    n = len(text)
    if text[0] == "T" and 33 <= n <= 35:
        return "tron"
    if text[0] in "13mn2" and 25 <= n <= 36:
        return "bitcoin"
    if 32 <= n <= 44:
        return "solana"
    return "unknown"


_FAMILY_NAMES: Final[dict[Family, str]] = {
    "evm": "Ethereum-style",
    "tron": "TRON",
    "bitcoin": "Bitcoin",
    "solana": "Solana",
    "unknown": "",
}


def _base58_near_miss(text: str, raw: bytes | None) -> AddressReport:
    family = _guess_base58_family(text)
    name = _FAMILY_NAMES[family]
    if family == "unknown" or raw is None:
        return _unknown(text)
    if family == "solana":
        msg = (
            f"This decodes to {len(raw)} bytes, but a Solana address is exactly 32, so "
            f"characters are missing or extra. {_COPY_AGAIN}"
        )
        return _report(text, family, [_problem("wrong_length", msg)])
    if len(raw) == 25 and (family != "tron" or len(text) == 34):
        msg = f"This {name} address fails its checksum, so {_ONE_CHAR_WRONG}. {_COPY_AGAIN}"
        return _report(text, family, [_problem("bad_checksum", msg)])
    expected = "34" if family == "tron" else "26 to 35"
    msg = (
        f"This has {len(text)} characters; a {name} address has {expected}, so characters "
        f"are missing or extra. {_COPY_AGAIN}"
    )
    return _report(text, family, [_problem("wrong_length", msg)])


def _check_base58_typo(text: str) -> AddressReport | None:
    """A base58-shaped string with one or two characters base58 never uses."""
    bad = [i for i, c in enumerate(text) if c not in _B58]
    if not bad or len(bad) > 2 or not 25 <= len(text) <= 44:
        return None
    family = _guess_base58_family(text)
    if family == "unknown":
        return None
    what = f"{_FAMILY_NAMES[family]} address"
    problem = _bad_char_problem((bad[0], text[bad[0]]), what, _B58_RULE)
    return _report(text, family, [problem])


# --------------------------------------------------------------------------- other chains

_MEMO_NAMES: Final = {
    "XRP Ledger (XRP)": "destination tag",
    "Stellar (XLM)": "memo",
    "TON": "comment (memo)",
    "Cosmos Hub (ATOM)": "memo",
    "EOS": "memo",
}


def _other_chain(text: str, chain_name: str, memo: str | None) -> AddressReport:
    problems = [
        _problem(
            "other_chain",
            f"This looks like an address on {chain_name}. WalletDesk can't fully check that chain: "
            "make sure the network you send on is exactly that one.",
        )
    ]
    if memo is not None:
        problems.append(
            _problem(
                "needs_memo",
                f"If this is an exchange deposit address, the exchange shares it between many "
                f"customers and you must also enter the {memo} it shows you. Without it the "
                "exchange can't tell the deposit is yours: if that already happened, contact "
                "the exchange with the transaction hash.",
            )
        )
    return _report(text, "unknown", problems)


def _other_with_memo(text: str, chain_name: str) -> AddressReport:
    return _other_chain(text, chain_name, _MEMO_NAMES[chain_name])


def _check_xrp(text: str) -> AddressReport | None:
    if text[0] != "r" or not 25 <= len(text) <= 35:
        return None
    payload = _b58check_payload(_b58decode(text, base58.XRP_ALPHABET))
    if payload is None or len(payload) != 21 or payload[0] != 0:
        return None
    return _other_with_memo(text, "XRP Ledger (XRP)")


_XLM_RE: Final = re.compile(r"G[A-Z2-7]{55}")
_TON_RE: Final = re.compile(r"[A-Za-z0-9_+/-]{48}")
_TON_RAW_RE: Final = re.compile(r"-?[0-9]{1,3}:[0-9a-fA-F]{64}")
_EOS_RE: Final = re.compile(r"[a-z1-5.]{12}")
_ENS_RE: Final = re.compile(r"(?:[a-z0-9-]+\.)+eth", re.IGNORECASE)


def _check_xlm(text: str) -> AddressReport | None:
    if not _XLM_RE.fullmatch(text):
        return None
    raw = base64.b32decode(text)
    if raw[0] != 6 << 3 or _crc16_xmodem(raw[:33]).to_bytes(2, "little") != raw[33:]:
        return None
    return _other_with_memo(text, "Stellar (XLM)")


def _check_ton(text: str) -> AddressReport | None:
    if _TON_RAW_RE.fullmatch(text):
        return _other_with_memo(text, "TON")
    if not _TON_RE.fullmatch(text):
        return None
    try:
        raw = base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
    except ValueError:
        return None
    if len(raw) != 36 or raw[0] & 0x7F not in (0x11, 0x51) or raw[1] not in (0x00, 0xFF):
        return None
    if _crc16_xmodem(raw[:34]).to_bytes(2, "big") != raw[34:]:
        return None
    return _other_with_memo(text, "TON")


def _check_cosmos(text: str) -> AddressReport | None:
    if not text.lower().startswith("cosmos1"):
        return None
    try:
        decoded = bech32.bech32_decode(text)
    except bech32.Bech32Error:
        return None
    if decoded.hrp != "cosmos" or decoded.encoding is not bech32.Encoding.BECH32:
        return None
    return _other_with_memo(text, "Cosmos Hub (ATOM)")


def _not_an_address(text: str, message: str) -> AddressReport:
    return _report(text, "unknown", [_problem("not_an_address", message)])


def _check_named(text: str) -> AddressReport | None:
    """Things users paste instead of an address: ENS names, Lightning invoices."""
    lower = text.lower()
    if lower.startswith(("lnbc", "lntb", "lnbcrt", "lnurl")):
        return _not_an_address(
            text,
            "This is a Lightning invoice or LNURL, not an on-chain Bitcoin address: pay it "
            "from a Lightning wallet, or ask for a bc1... address.",
        )
    if _ENS_RE.fullmatch(text):
        return _not_an_address(
            text,
            "This is an ENS name, not an address. Let the wallet resolve it and check that "
            "the 0x address it shows is the one you expect.",
        )
    if _EOS_RE.fullmatch(text):
        return _other_with_memo(text, "EOS")
    return None


# --------------------------------------------------------------------------- dispatch


def _unknown(text: str) -> AddressReport:
    msg = (
        "This doesn't look like an address WalletDesk can check (Ethereum and other EVM "
        "chains, TRON, Bitcoin, Solana). Copy the whole address from the Receive or "
        "Deposit screen and try again."
    )
    return _report(text, "unknown", [_problem("unknown_format", msg)])


def _classify_ascii(text: str) -> AddressReport:
    lower = text.lower()
    if lower.startswith("0x"):
        return _check_evm(text)
    if lower.startswith(_SEGWIT_PREFIXES):
        return _check_segwit(text)
    for check in (_check_named, _check_cosmos, _check_xlm, _check_ton):
        found = check(text)
        if found is not None:
            return found
    if all(c in _HEX for c in text):
        found = _check_bare_hex(text)
        if found is not None:
            return found
    if all(c in _B58 for c in text):
        return _check_base58(text)
    return _check_base58_typo(text) or _unknown(text)


def _check_non_ascii(text: str) -> AddressReport:
    """Full-width digits, look-alike letters or invisible characters inside an address."""
    index, ch = next((i, c) for i, c in enumerate(text) if not c.isascii())
    folded = "".join(c for c in unicodedata.normalize("NFKC", text) if c not in _INVISIBLE)
    family: Family = "unknown"
    tail = ""
    if folded.isascii() and 0 < len(folded) <= MAX_ADDRESS_CHARS:
        inner = _classify_ascii(folded)
        family = inner.family
        if inner.valid:
            tail = " Without it this would be a valid address, so it was altered or retyped."
    if family == "unknown" and (
        any(c.isspace() for c in text) or sum(c.isascii() and c.isalnum() for c in text) < 20
    ):
        return _unknown(text)  # a sentence or plain non-Latin text, not a damaged address
    msg = (
        f"Character {index + 1} is {_describe_char(ch)}; addresses only use plain Latin "
        f"letters and digits.{tail} {_COPY_AGAIN}"
    )
    return _report(text, family, [_problem("invalid_character", msg)])


def _check(text: str) -> AddressReport:
    if not isinstance(text, str):
        return _unknown("")
    cleaned = _clean(text)
    if not cleaned:
        return _report("", "unknown", [_problem("empty", "Nothing to check: paste an address.")])
    if len(cleaned) > MAX_ADDRESS_CHARS:
        msg = (
            f"This is {len(cleaned)} characters long, longer than any address. Paste only "
            "the address itself."
        )
        return _report(cleaned, "unknown", [_problem("wrong_length", msg)])
    if not cleaned.isascii():
        return _check_non_ascii(cleaned)
    return _classify_ascii(cleaned)


def check_address(text: str) -> AddressReport:
    """Classify one pasted address; never raises."""
    try:
        return _check(text)
    except Exception:  # last resort: a support tool must answer, not crash
        shown = text[:MAX_ADDRESS_CHARS] if isinstance(text, str) else ""
        msg = "This could not be checked. Copy the address again and retry."
        return _report(shown, "unknown", [_problem("internal_error", msg)])


# --------------------------------------------------------------------------- in messages

_TOKEN_RE: Final = re.compile(r"[0-9A-Za-z]+")
_TON_TOKEN_RE: Final = re.compile(r"(?<![0-9A-Za-z_+/=-])[0-9A-Za-z_+/-]{48}(?![0-9A-Za-z_+/=-])")


def _char_classes(text: str) -> int:
    """How many of digit / small letter / capital letter occur (random ids have all)."""
    return (
        any(c.isdigit() for c in text)
        + any(c.islower() for c in text)
        + any(c.isupper() for c in text)
    )


def _near_miss_shape(token: str) -> bool:
    """Shapes so specific that a failing string was clearly meant as an address."""
    n = len(token)
    lower = token.lower()
    if lower.startswith("0x"):
        body = token[2:]
        return 38 <= len(body) <= 42 and sum(c not in _HEX for c in body) <= 2
    if lower.startswith(("bc1", "tb1", "bcrt1")):
        return 40 <= n <= 90
    if token[0] in "T13" and 33 <= n <= 35:
        return _char_classes(token[1:]) == 3  # not a long CamelCase word
    return False


def _worth_checking(token: str) -> bool:
    n = len(token)
    if n < 25 or n > MAX_ADDRESS_CHARS:
        return False
    if all(c in _HEX for c in token):
        return n == 42 and token[:2] == "41"  # bare 40/64 hex: git ids, hashes
    return True


def _accept(token: str, report: AddressReport) -> bool:
    if report.valid:
        return report.family != "solana" or token.isdigit() or _char_classes(token) >= 2
    codes = {p.code for p in report.problems}
    if "needs_memo" in codes:
        return True
    if codes & {"private_key", "not_an_address", "looks_like_hash", "unknown_format"}:
        return False
    return report.family != "unknown" and _near_miss_shape(token)


def _candidates(text: str) -> Iterator[tuple[int, int, AddressReport]]:
    checked = 0
    for match in _TOKEN_RE.finditer(text):
        token = match.group()
        if not _worth_checking(token):
            continue
        checked += 1
        if checked > MAX_CANDIDATES:
            return
        report = _classify_ascii(token)
        if _accept(token, report):
            yield match.start(), match.end(), report


def _ton_candidates(
    text: str, taken: list[tuple[int, int]]
) -> Iterator[tuple[int, int, AddressReport]]:
    for match in _TON_TOKEN_RE.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        found = _check_ton(match.group())
        if found is not None:
            yield start, end, found


def _find(text: str) -> list[tuple[int, int, AddressReport]]:
    window = text[:MAX_SCAN_CHARS]
    found: list[tuple[int, int, AddressReport]] = []
    for item in _candidates(window):
        found.append(item)
        if len(found) >= MAX_FOUND:
            return found
    taken = [(s, e) for s, e, _ in found]
    for item in _ton_candidates(window, taken):
        found.append(item)
        if len(found) >= MAX_FOUND:
            break
    found.sort(key=lambda item: item[0])
    return found


def find_addresses(text: str) -> list[tuple[int, int, AddressReport]]:
    """Addresses in a chat message as (start, end, report), in order of appearance.

    Reports valid addresses, other chains' addresses that need a memo, and near-misses
    whose shape shows they were meant as an address (``0x`` + 39 hex, a ``T...`` address
    with a typo). Transaction hashes and bare hex are left alone. Only the first
    ``MAX_SCAN_CHARS`` characters are looked at. Never raises.
    """
    if not isinstance(text, str) or not text:
        return []
    try:
        return _find(text)
    except Exception:  # last resort: never break the message pipeline
        return []


# --------------------------------------------------------------------------- conversions


def _account_id(report: AddressReport, family: Family) -> bytes:
    if not report.valid or report.family != family or report.normalized is None:
        reason = report.problems[0].message if report.problems else "wrong kind of address"
        raise ValueError(f"not a valid {_FAMILY_NAMES[family]} address: {reason}")
    if family == "evm":
        return bytes.fromhex(report.normalized[2:])
    raw = _b58check_payload(_b58decode(report.normalized))
    if raw is None:  # pragma: no cover - normalized T-addresses always decode
        raise ValueError("not a valid TRON address")
    return raw[1:]


def tron_to_evm(tron_address: str) -> str:
    """The same 20-byte account as a checksummed 0x address. ``ValueError`` if invalid."""
    account = _account_id(check_address(tron_address), "tron")
    return str(to_checksum_address("0x" + account.hex()))


def evm_to_tron(evm_address: str) -> str:
    """The same 20-byte account as a TRON ``T...`` address. ``ValueError`` if invalid."""
    account = _account_id(check_address(evm_address), "evm")
    return _b58encode_check(b"\x41" + account)
