"""Bech32 (BIP173) and Bech32m (BIP350) encoding, and segwit addresses.

Written from the BIP173/BIP350 reference algorithm. We keep our own copy because the
PyPI ``bech32`` package knows no bech32m, so it rejects every taproot address.

Decoding raises :class:`Bech32Error` whose ``code`` says *what* is wrong, so callers
can tell the user something better than "invalid".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final, Literal

CHARSET: Final = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_CHARSET_INDEX: Final = {c: i for i, c in enumerate(CHARSET)}
_BECH32_CONST: Final = 1
_BECH32M_CONST: Final = 0x2BC830A3
_GENERATOR: Final = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
MAX_LENGTH: Final = 90

Bech32ErrorCode = Literal[
    "invalid_character",  # outside printable ASCII, or not in the bech32 alphabet
    "mixed_case",
    "no_separator",
    "empty_hrp",
    "too_long",
    "short_checksum",
    "bad_checksum",
    "wrong_encoding",  # bech32 where bech32m was required, or the reverse
    "invalid_witness_version",
    "invalid_program_length",
    "invalid_padding",
    "hrp_mismatch",
]


class Encoding(Enum):
    """Which checksum constant a string verifies with."""

    BECH32 = _BECH32_CONST
    BECH32M = _BECH32M_CONST


class Bech32Error(ValueError):
    """A string that is not valid bech32/bech32m or not a valid segwit address."""

    def __init__(self, code: Bech32ErrorCode, detail: str, position: int | None = None) -> None:
        super().__init__(detail)
        self.code: Bech32ErrorCode = code
        self.detail = detail
        self.position = position  # 0-based index of the offending character, if known


@dataclass(frozen=True, slots=True)
class Decoded:
    hrp: str
    data: tuple[int, ...]  # 5-bit values, checksum removed
    encoding: Encoding


@dataclass(frozen=True, slots=True)
class SegwitAddress:
    hrp: str
    version: int
    program: bytes
    encoding: Encoding

    @property
    def script_pubkey(self) -> bytes:
        """The output script this address pays to (OP_n <program>)."""
        op = self.version + 0x50 if self.version else 0
        return bytes((op, len(self.program))) + self.program


def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate(_GENERATOR):
            if (top >> i) & 1:
                chk ^= gen
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _verify_checksum(hrp: str, data: list[int]) -> Encoding | None:
    const = _polymod(_hrp_expand(hrp) + data)
    if const == _BECH32_CONST:
        return Encoding.BECH32
    if const == _BECH32M_CONST:
        return Encoding.BECH32M
    return None


def _create_checksum(hrp: str, data: list[int], encoding: Encoding) -> list[int]:
    values = _hrp_expand(hrp) + data
    mod = _polymod([*values, 0, 0, 0, 0, 0, 0]) ^ encoding.value
    return [(mod >> 5 * (5 - i)) & 31 for i in range(6)]


def bech32_encode(hrp: str, data: list[int] | tuple[int, ...], encoding: Encoding) -> str:
    """Encode 5-bit ``data`` under ``hrp`` (lowercase output)."""
    values = list(data)
    combined = values + _create_checksum(hrp, values, encoding)
    return hrp + "1" + "".join(CHARSET[d] for d in combined)


def _check_characters(bech: str) -> None:
    for i, ch in enumerate(bech):
        if not 33 <= ord(ch) <= 126:
            raise Bech32Error("invalid_character", f"character {ch!r} is out of range", i)
    if bech.lower() != bech and bech.upper() != bech:
        raise Bech32Error("mixed_case", "mixes upper and lower case")


def bech32_decode(bech: str) -> Decoded:
    """Decode a bech32 or bech32m string; raise :class:`Bech32Error` if invalid."""
    if len(bech) > MAX_LENGTH:
        raise Bech32Error("too_long", f"longer than {MAX_LENGTH} characters")
    _check_characters(bech)
    bech = bech.lower()
    pos = bech.rfind("1")
    if pos < 0:
        raise Bech32Error("no_separator", "no '1' separator")
    if pos == 0:
        raise Bech32Error("empty_hrp", "nothing before the '1' separator")
    if pos + 7 > len(bech):
        raise Bech32Error("short_checksum", "too short to hold a checksum")
    for i in range(pos + 1, len(bech)):
        if bech[i] not in _CHARSET_INDEX:
            raise Bech32Error("invalid_character", f"{bech[i]!r} is not a bech32 character", i)
    hrp = bech[:pos]
    data = [_CHARSET_INDEX[c] for c in bech[pos + 1 :]]
    encoding = _verify_checksum(hrp, data)
    if encoding is None:
        raise Bech32Error("bad_checksum", "checksum does not match")
    return Decoded(hrp, tuple(data[:-6]), encoding)


def convertbits(
    data: bytes | list[int] | tuple[int, ...], frombits: int, tobits: int, *, pad: bool
) -> list[int] | None:
    """Regroup bits (8->5 to encode, 5->8 to decode). ``None`` on bad input or padding."""
    acc = 0
    bits = 0
    ret: list[int] = []
    maxv = (1 << tobits) - 1
    max_acc = (1 << (frombits + tobits - 1)) - 1
    for value in data:
        if value < 0 or (value >> frombits):
            return None
        acc = ((acc << frombits) | value) & max_acc
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & maxv)
    if pad:
        if bits:
            ret.append((acc << (tobits - bits)) & maxv)
    elif bits >= frombits or ((acc << (tobits - bits)) & maxv):
        return None
    return ret


def decode_segwit_any(addr: str) -> SegwitAddress:
    """Decode a segwit address for whatever HRP it carries (BIP350 rules)."""
    decoded = bech32_decode(addr)
    if not decoded.data:
        raise Bech32Error("invalid_program_length", "empty data section")
    version = decoded.data[0]
    if version > 16:
        raise Bech32Error("invalid_witness_version", f"witness version {version} does not exist")
    program = convertbits(decoded.data[1:], 5, 8, pad=False)
    if program is None:
        raise Bech32Error("invalid_padding", "invalid padding in the data section")
    if not 2 <= len(program) <= 40:
        raise Bech32Error("invalid_program_length", f"program of {len(program)} bytes")
    if version == 0 and len(program) not in (20, 32):
        raise Bech32Error(
            "invalid_program_length", f"version 0 program of {len(program)} bytes (needs 20 or 32)"
        )
    expected = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    if decoded.encoding is not expected:
        raise Bech32Error(
            "wrong_encoding",
            f"witness version {version} needs a {expected.name.lower()} checksum",
        )
    return SegwitAddress(decoded.hrp, version, bytes(program), decoded.encoding)


def decode_segwit(hrp: str, addr: str) -> SegwitAddress:
    """Decode a segwit address and require the given HRP (``bc``, ``tb``, ``bcrt``)."""
    result = decode_segwit_any(addr)
    if result.hrp != hrp:
        raise Bech32Error("hrp_mismatch", f"prefix {result.hrp!r} is not {hrp!r}")
    return result


def encode_segwit(hrp: str, version: int, program: bytes) -> str:
    """Encode a segwit address; raise :class:`Bech32Error` if the result would not decode."""
    encoding = Encoding.BECH32 if version == 0 else Encoding.BECH32M
    five = convertbits(program, 8, 5, pad=True)
    if five is None:  # pragma: no cover - bytes always fit in 8 bits
        raise Bech32Error("invalid_padding", "cannot convert program")
    address = bech32_encode(hrp, [version, *five], encoding)
    decode_segwit(hrp, address)
    return address
