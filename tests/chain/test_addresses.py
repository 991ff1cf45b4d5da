"""Address validation: spec vectors, real addresses, typos users make, chat messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import base58
import pytest
from eth_utils.address import to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st

from walletdesk.chain import bech32
from walletdesk.chain.addresses import (
    EVM_CHAINS,
    MAX_FOUND,
    AddressReport,
    check_address,
    evm_to_tron,
    find_addresses,
    tron_to_evm,
)

DATA = Path(__file__).parent / "data"


def _load(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return result


EIP55 = _load("eip55_vectors.json")
TRON = _load("tron_address_vectors.json")
BECH = _load("bech32_bech32m_vectors.json")

GENESIS_BTC = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
USDT_TRC20 = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
EVM = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
TAPROOT = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"


def codes(report: AddressReport) -> list[str]:
    return [p.code for p in report.problems]


def b58check(payload: bytes) -> str:
    return str(base58.b58encode_check(payload).decode("ascii"))


# --------------------------------------------------------------------------- EIP-55


@pytest.mark.parametrize("address", EIP55["mixed_case_valid"])
def test_eip55_checksummed_addresses_are_valid_on_every_evm_chain(address: str) -> None:
    report = check_address(address)
    assert report.valid
    assert report.family == "evm"
    assert report.chains == list(EVM_CHAINS)
    assert report.normalized == address
    assert report.problems == []


@pytest.mark.parametrize("address", EIP55["all_caps_valid"] + EIP55["all_lower_valid"])
def test_eip55_vectors_whose_letters_share_one_case_are_checksummed(address: str) -> None:
    # EIP-55 lists these because the checksum happens to pick one case for every letter
    report = check_address(address)
    assert report.valid and report.problems == []
    assert report.normalized == address


@pytest.mark.parametrize(
    "address",
    ["0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0XFB6916095CA1DF60BB79CE92CE3EA74C37C5D359"],
)
def test_single_case_evm_is_valid_but_warned_as_unchecked(address: str) -> None:
    report = check_address(address)
    assert report.valid
    assert codes(report) == ["unchecked_case"]
    assert report.problems[0].severity == "warning"
    assert report.normalized == to_checksum_address(address.lower())
    assert report.normalized in report.problems[0].message


@pytest.mark.parametrize("address", EIP55["mixed_case_INVALID_generated"])
def test_mixed_case_with_bad_eip55_checksum_is_an_error(address: str) -> None:
    report = check_address(address)
    assert not report.valid
    assert report.family == "evm"
    assert report.chains == []
    assert report.normalized is None
    assert codes(report) == ["bad_checksum"]
    assert report.problems[0].severity == "error"
    assert "copy the address again" in report.problems[0].message


def test_evm_lists_all_seven_chains() -> None:
    assert set(EVM_CHAINS) == {
        "ethereum",
        "bsc",
        "polygon",
        "arbitrum",
        "optimism",
        "base",
        "avalanche",
    }


# --------------------------------------------------------------------------- EVM typos


def test_one_digit_changed_in_checksummed_address_is_caught() -> None:
    typo = EVM.replace("6053", "6054")
    assert codes(check_address(typo)) == ["bad_checksum"]


def test_letter_o_instead_of_zero_names_the_character_and_position() -> None:
    typo = EVM.replace("6053", "6O53")
    report = check_address(typo)
    assert codes(report) == ["invalid_character"]
    message = report.problems[0].message
    assert "capital letter O" in message
    assert f"Character {typo.index('O') + 1}" in message


def test_missing_character_is_wrong_length() -> None:
    report = check_address(EVM[:-1])
    assert codes(report) == ["wrong_length"]
    assert "39" in report.problems[0].message
    assert report.family == "evm"


def test_space_inside_address_is_invalid_character() -> None:
    report = check_address(EVM[:20] + " " + EVM[20:])
    assert "invalid_character" in codes(report)
    assert "a space" in report.problems[0].message


def test_64_hex_is_a_hash_not_an_address() -> None:
    for text in ("0x" + "ab" * 32, "cd" * 32):
        report = check_address(text)
        assert not report.valid
        assert codes(report) == ["looks_like_hash"]
        assert "transaction hash" in report.problems[0].message


def test_40_hex_without_prefix_is_flagged() -> None:
    report = check_address(EVM[2:])
    assert report.family == "evm"
    assert not report.valid
    assert codes(report) == ["missing_prefix"]
    assert "0x" + EVM[2:] in report.problems[0].message


def test_invisible_and_full_width_characters_are_reported() -> None:
    hidden = check_address(EVM[:10] + "\u200b" + EVM[10:])
    assert not hidden.valid
    assert hidden.family == "evm"
    assert "invisible character (U+200B)" in hidden.problems[0].message

    full_width = check_address("０ｘ" + EVM[2:])
    assert not full_width.valid
    assert full_width.family == "evm"
    assert codes(full_width) == ["invalid_character"]
    assert "U+FF10" in full_width.problems[0].message


def test_cyrillic_look_alike_letter_is_named() -> None:
    spoof = EVM.replace("a", "\u0430", 1)  # Cyrillic small a
    report = check_address(spoof)
    assert not report.valid
    assert codes(report) == ["invalid_character"]
    assert "U+0430" in report.problems[0].message
    assert f"Character {EVM.index('a') + 1} is the character" in report.problems[0].message
    assert "plain Latin letters and digits" in report.problems[0].message


def test_sentence_passed_as_address_is_unknown_format() -> None:
    report = check_address(f"我的地址是 {EVM} 谢谢")
    assert not report.valid
    assert codes(report) == ["unknown_format"]


def test_burn_addresses_are_warned() -> None:
    for text in ("0x" + "0" * 40, "0x000000000000000000000000000000000000dEaD"):
        report = check_address(text)
        assert report.valid
        assert "burn_address" in codes(report)
    tron_zero = b58check(b"\x41" + bytes(20))
    assert "burn_address" in codes(check_address(tron_zero))


def test_quotes_whitespace_and_punctuation_are_stripped() -> None:
    for text in (f'  "{EVM}"\n', f"`{EVM}`", f"「{EVM}」", f"{EVM}。", f"<{EVM}>"):
        report = check_address(text)
        assert report.valid, text
        assert report.input == EVM


# --------------------------------------------------------------------------- TRON


@pytest.mark.parametrize("vector", TRON["valid"], ids=lambda v: v["base58"])
def test_tron_vectors_both_forms(vector: dict[str, str]) -> None:
    t_form, hex_form, evm = vector["base58"], vector["hex"], vector["evm_equivalent"]
    report = check_address(t_form)
    assert report.valid
    assert report.family == "tron"
    assert report.chains == ["tron"]
    assert report.normalized == t_form
    assert report.problems == []

    from_hex = check_address(hex_form)
    assert from_hex.valid
    assert from_hex.chains == ["tron"]
    assert from_hex.normalized == t_form
    assert codes(from_hex) == ["no_checksum"]

    assert tron_to_evm(t_form) == to_checksum_address(evm)
    assert tron_to_evm(hex_form) == to_checksum_address(evm)
    assert evm_to_tron(evm) == t_form
    assert evm_to_tron(to_checksum_address(evm)) == t_form


TRON_INVALID_CODES = {
    "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeM": "bad_checksum",
    "TNPeeaaFB79Kcmo4uQpcU32zGK8G1NYqeL": "bad_checksum",
    "TNPee0aFB7K9cmo4uQpcU32zGK8G1NYqeL": "invalid_character",
    "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqe": "wrong_length",
}


@pytest.mark.parametrize("vector", TRON["invalid_generated"], ids=lambda v: v["address"])
def test_tron_invalid_vectors_are_not_tron(vector: dict[str, str]) -> None:
    address = vector["address"]
    report = check_address(address)
    assert "tron" not in report.chains
    if address in TRON_INVALID_CODES:
        assert not report.valid
        assert report.family == "tron"
        assert codes(report) == [TRON_INVALID_CODES[address]]
    elif address.startswith("1"):
        assert report.valid
        assert report.chains == ["bitcoin"]
    else:  # the 0x form of a TRON account: a valid EVM address, not a TRON one
        assert report.valid
        assert report.chains == list(EVM_CHAINS)


def test_tron_typo_message_explains_base58_alphabet() -> None:
    message = check_address("TNPee0aFB7K9cmo4uQpcU32zGK8G1NYqeL").problems[0].message
    assert "digit 0 (zero)" in message
    assert "Character 6" in message
    assert "never use 0 (zero), O (capital o), I (capital i) or l (small L)" in message


@pytest.mark.parametrize("address", EIP55["mixed_case_valid"] + EIP55["all_lower_valid"])
def test_tron_derived_from_evm_bytes_round_trips(address: str) -> None:
    tron = evm_to_tron(address)
    expected = b58check(b"\x41" + bytes.fromhex(address[2:]))
    assert tron == expected
    assert tron.startswith("T")
    report = check_address(tron)
    assert report.valid
    assert report.family == "tron"
    assert tron_to_evm(tron) == to_checksum_address(address)


@pytest.mark.parametrize(
    "bad",
    ["", "hello", "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeM", GENESIS_BTC, EVM],
)
def test_tron_to_evm_rejects_non_tron(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid TRON address"):
        tron_to_evm(bad)


@pytest.mark.parametrize("bad", [*EIP55["mixed_case_INVALID_generated"], USDT_TRC20, "0x1234"])
def test_evm_to_tron_rejects_invalid_evm(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid Ethereum-style address"):
        evm_to_tron(bad)


# --------------------------------------------------------------------------- bech32 codec


@pytest.mark.parametrize("vector", BECH["bech32_valid"], ids=lambda v: v["string"][:20])
def test_bech32_valid_strings(vector: dict[str, str]) -> None:
    decoded = bech32.bech32_decode(vector["string"])
    assert decoded.encoding is bech32.Encoding.BECH32
    encoded = bech32.bech32_encode(decoded.hrp, decoded.data, decoded.encoding)
    assert encoded == vector["string"].lower()


@pytest.mark.parametrize("vector", BECH["bech32m_valid"], ids=lambda v: v["string"][:20])
def test_bech32m_valid_strings(vector: dict[str, str]) -> None:
    decoded = bech32.bech32_decode(vector["string"])
    assert decoded.encoding is bech32.Encoding.BECH32M
    encoded = bech32.bech32_encode(decoded.hrp, decoded.data, decoded.encoding)
    assert encoded == vector["string"].lower()


@pytest.mark.parametrize(
    "vector",
    BECH["bech32_invalid"] + BECH["bech32m_invalid"],
    ids=lambda v: v["reason"] + ":" + v["string"][:12],
)
def test_bech32_invalid_strings(vector: dict[str, str]) -> None:
    with pytest.raises(bech32.Bech32Error):
        bech32.bech32_decode(vector["string"])
    assert not check_address(vector["string"]).valid


@pytest.mark.parametrize("vector", BECH["segwit_valid_bip350"], ids=lambda v: v["string"][:16])
def test_segwit_valid_bip350(vector: dict[str, str]) -> None:
    text = vector["string"]
    hrp = text.lower().split("1")[0]
    addr = bech32.decode_segwit(hrp, text)
    assert addr.script_pubkey.hex() == vector["scriptPubKey"]
    assert bech32.encode_segwit(hrp, addr.version, addr.program) == text.lower()

    report = check_address(text)
    assert report.valid
    assert report.family == "bitcoin"
    assert report.normalized == text.lower()
    if hrp == "bc":
        assert report.chains == ["bitcoin"]
        assert "testnet" not in codes(report)
    else:
        assert report.chains == ["bitcoin-testnet"]
        assert "testnet" in codes(report)


@pytest.mark.parametrize(
    "vector",
    BECH["segwit_invalid_bip350"] + BECH["bip173_segwit_invalid"],
    ids=lambda v: v["reason"] + ":" + v["string"][:12],
)
def test_segwit_invalid(vector: dict[str, str]) -> None:
    text = vector["string"]
    for hrp in ("bc", "tb"):
        with pytest.raises(bech32.Bech32Error):
            bech32.decode_segwit(hrp, text)
    report = check_address(text)
    assert not report.valid
    assert report.chains == []
    assert report.normalized is None
    assert any(p.severity == "error" for p in report.problems)


SUPERSEDED = [
    v
    for v in BECH["bip173_segwit_valid_SUPERSEDED_for_v1plus"]
    if v["scriptPubKey"][:2] != "00"  # witness v1+: BIP350 requires bech32m
]


def test_superseded_vectors_are_the_three_v1plus_ones() -> None:
    assert len(SUPERSEDED) == 3


@pytest.mark.parametrize("vector", SUPERSEDED, ids=lambda v: v["string"][:16])
def test_bip173_v1plus_addresses_are_rejected_under_bip350(vector: dict[str, str]) -> None:
    text = vector["string"]
    with pytest.raises(bech32.Bech32Error) as info:
        bech32.decode_segwit(text[:2].lower(), text)
    assert info.value.code == "wrong_encoding"
    report = check_address(text)
    assert not report.valid
    assert codes(report) == ["bad_checksum"]
    assert "bech32m" in report.problems[0].message


def test_bip173_v0_vectors_stay_valid() -> None:
    v0 = [
        v
        for v in BECH["bip173_segwit_valid_SUPERSEDED_for_v1plus"]
        if v["scriptPubKey"][:2] == "00"
    ]
    assert v0
    for vector in v0:
        assert check_address(vector["string"]).valid


# --------------------------------------------------------------------------- Bitcoin


def test_bitcoin_segwit_messages() -> None:
    mixed = check_address("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7")
    assert codes(mixed) == ["mixed_case"]

    typo = check_address(TAPROOT[:-1] + ("q" if TAPROOT[-1] != "q" else "p"))
    assert codes(typo) == ["bad_checksum"]

    bad_char = check_address(TAPROOT[:20] + "b" + TAPROOT[21:])
    assert codes(bad_char) == ["invalid_character"]
    assert "small letter b" in bad_char.problems[0].message

    upper = check_address(TAPROOT.upper())
    assert upper.valid
    assert upper.normalized == TAPROOT


def test_future_witness_versions_are_valid_but_warned() -> None:
    for text in ("BC1SW50QGDZ25J", "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"):
        report = check_address(text)
        assert report.valid
        assert codes(report) == ["future_witness_version"]


def test_regtest_is_reported_as_testnet() -> None:
    address = bech32.encode_segwit("bcrt", 0, bytes(range(20)))
    report = check_address(address)
    assert report.valid
    assert report.chains == ["bitcoin-testnet"]
    assert codes(report) == ["testnet"]


def test_bitcoin_base58_mainnet_and_testnet() -> None:
    genesis = check_address(GENESIS_BTC)
    assert genesis.valid
    assert genesis.family == "bitcoin"
    assert genesis.chains == ["bitcoin"]
    assert genesis.problems == []

    p2sh = b58check(b"\x05" + bytes(range(1, 21)))
    assert p2sh.startswith("3")
    assert check_address(p2sh).chains == ["bitcoin"]

    for version, first in ((0x6F, "mn"), (0xC4, "2")):
        testnet = b58check(bytes([version]) + bytes(range(20, 40)))
        assert testnet[0] in first
        report = check_address(testnet)
        assert report.valid
        assert report.chains == ["bitcoin-testnet"]
        assert codes(report) == ["testnet"]
        assert report.problems[0].severity == "warning"


def test_bitcoin_base58_typo_and_truncation() -> None:
    typo = GENESIS_BTC[:-1] + "b"
    report = check_address(typo)
    assert report.family == "bitcoin"
    assert codes(report) == ["bad_checksum"]
    assert codes(check_address(GENESIS_BTC[:-4])) == ["wrong_length"]


def test_other_coin_base58_is_not_bitcoin() -> None:
    litecoin = b58check(b"\x30" + bytes(range(20)))
    report = check_address(litecoin)
    assert not report.valid
    assert "Litecoin" in report.problems[0].message


def test_private_keys_pasted_as_address_are_flagged() -> None:
    wif = b58check(b"\x80" + bytes([1]) * 32 + b"\x01")
    xprv = b58check(bytes.fromhex("0488ade4") + bytes(74))
    for secret in (wif, xprv):
        report = check_address(secret)
        assert not report.valid
        assert codes(report) == ["private_key"]
        assert "never share it" in report.problems[0].message
    xpub = b58check(bytes.fromhex("0488b21e") + bytes(74))
    assert codes(check_address(xpub)) == ["not_an_address"]


# --------------------------------------------------------------------------- Solana


@pytest.mark.parametrize(
    "address",
    [
        "11111111111111111111111111111111",  # System Program (32 zero bytes)
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",  # SPL Token program
        "So11111111111111111111111111111111111111112",  # wrapped SOL mint
    ],
)
def test_well_known_solana_addresses(address: str) -> None:
    report = check_address(address)
    assert report.valid
    assert report.family == "solana"
    assert report.chains == ["solana"]
    assert report.normalized == address


def test_solana_address_derived_from_a_32_byte_key() -> None:
    key = bytes(range(32))
    address = str(base58.b58encode(key).decode("ascii"))
    report = check_address(address)
    assert report.chains == ["solana"]
    assert report.normalized is not None
    assert base58.b58decode(report.normalized) == key


def test_solana_wrong_length_and_typo() -> None:
    short = str(base58.b58encode(bytes(range(1, 32))).decode("ascii"))
    report = check_address(short)
    assert not report.valid
    assert report.family == "solana"
    assert codes(report) == ["wrong_length"]
    assert "exactly 32" in report.problems[0].message

    typo = check_address("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA".replace("Q5", "Ql"))
    assert codes(typo) == ["invalid_character"]
    assert "small letter l" in typo.problems[0].message


def test_solana_64_byte_string_is_signature_or_secret() -> None:
    text = str(base58.b58encode(bytes(range(1, 65))).decode("ascii"))
    report = check_address(text)
    assert not report.valid
    assert codes(report) == ["looks_like_hash"]
    assert "private" in report.problems[0].message


# --------------------------------------------------------------------------- memo chains


def _cosmos_address() -> str:
    five = bech32.convertbits(bytes(range(20)), 8, 5, pad=True)
    assert five is not None
    return bech32.bech32_encode("cosmos", five, bech32.Encoding.BECH32)


@pytest.mark.parametrize(
    ("address", "memo_word"),
    [
        ("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "destination tag"),  # XRP genesis account
        ("GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7", "memo"),  # Stellar docs
        ("EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N", "comment"),  # TON docs
        (_cosmos_address(), "memo"),
        ("binancecleos", "memo"),  # EOS account name
    ],
)
def test_memo_chains_get_exchange_hint(address: str, memo_word: str) -> None:
    report = check_address(address)
    assert not report.valid
    assert report.family == "unknown"
    assert codes(report) == ["other_chain", "needs_memo"]
    assert all(p.severity == "warning" for p in report.problems)
    assert memo_word in report.problems[1].message


def test_memo_hint_needs_a_real_checksum() -> None:
    xrp_typo = "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTj"
    assert "needs_memo" not in codes(check_address(xrp_typo))
    ton_typo = "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2M"
    assert "needs_memo" not in codes(check_address(ton_typo))


def test_ens_and_lightning_are_not_addresses() -> None:
    assert codes(check_address("vitalik.eth")) == ["not_an_address"]
    assert codes(check_address("lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqf")) == ["not_an_address"]


# --------------------------------------------------------------------------- contract


def test_to_dict_matches_cli_contract() -> None:
    data = check_address(EIP55["mixed_case_INVALID_generated"][0]).to_dict()
    assert set(data) == {"input", "valid", "family", "chains", "normalized", "problems"}
    assert data["valid"] is False
    problems = data["problems"]
    assert isinstance(problems, list)
    assert set(problems[0]) == {"code", "message", "severity"}
    json.dumps(data)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01\xff",
        "😀" * 10_000,
        "a" * 10_000,
        "0x" + "g" * 10_000,
        "1" * 119,
        "bc1" + "q" * 200,
        "\ud800",
        "T" + "\u200b" * 40,
        "hello world",
    ],
)
def test_hostile_input_never_raises(text: str) -> None:
    report = check_address(text)
    assert not report.valid
    assert report.problems
    assert "internal_error" not in codes(report)
    assert find_addresses(text * 3) == []


def test_non_string_input_does_not_raise() -> None:
    assert not check_address(None).valid  # type: ignore[arg-type]
    assert find_addresses(None) == []  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises_or_hits_the_fallback(text: str) -> None:
    report = check_address(text)
    assert "internal_error" not in codes(report)
    for start, end, found in find_addresses(text):
        assert 0 <= start < end <= len(text)
        assert "internal_error" not in codes(found)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789abcdefABCDEFxXT1mnrGEQbcp", min_size=20, max_size=70))
def test_address_shaped_noise_never_raises(text: str) -> None:
    for candidate in (text, "0x" + text, "bc1" + text.lower(), "T" + text):
        assert "internal_error" not in codes(check_address(candidate))


# --------------------------------------------------------------------------- find_addresses


def _spans(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_addresses(text)]


def test_find_in_chinese_message() -> None:
    for text in (
        f"我转到了 {USDT_TRC20} 这个地址，但是一直没到账",
        f"我转到了{USDT_TRC20}这个地址",
    ):
        found = find_addresses(text)
        assert len(found) == 1
        start, end, report = found[0]
        assert text[start:end] == USDT_TRC20
        assert report.valid
        assert report.chains == ["tron"]


def test_find_in_spanish_message() -> None:
    text = f"Envié 50 USDT a {EVM}, ¿dónde están mis fondos?"
    found = find_addresses(text)
    assert [text[s:e] for s, e, _ in found] == [EVM]
    assert found[0][2].chains == list(EVM_CHAINS)


def test_find_in_arabic_message_with_direction_marks() -> None:
    text = f"أرسلت المبلغ إلى العنوان \u200f{EVM}\u200f ولم يصل حتى الآن"
    found = find_addresses(text)
    assert len(found) == 1
    assert text[found[0][0] : found[0][1]] == EVM
    assert found[0][2].valid


def test_find_several_in_order() -> None:
    sol = "So11111111111111111111111111111111111111112"
    text = f"BTC {GENESIS_BTC}; TRX {USDT_TRC20}; SOL {sol}; taproot {TAPROOT}"
    found = find_addresses(text)
    assert [text[s:e] for s, e, _ in found] == [GENESIS_BTC, USDT_TRC20, sol, TAPROOT]
    assert [r.family for _, _, r in found] == ["bitcoin", "tron", "solana", "bitcoin"]


def test_find_reports_near_misses_meant_as_addresses() -> None:
    short = EVM[:-1]  # 0x + 39 hex
    typo_tron = USDT_TRC20.replace("q8ZY", "q8ZZ")
    text = f"send to {short} or maybe {typo_tron} please"
    found = find_addresses(text)
    assert [text[s:e] for s, e, _ in found] == [short, typo_tron]
    assert codes(found[0][2]) == ["wrong_length"]
    assert codes(found[1][2]) == ["bad_checksum"]
    assert not found[0][2].valid


def test_find_skips_transaction_hashes_and_git_ids() -> None:
    text = "tx 0x" + "ab12" * 16 + " and tronscan hash " + "cd34" * 16 + " commit " + "e5f6" * 10
    assert find_addresses(text) == []


def test_find_handles_links_and_memo_chains() -> None:
    text = (
        f"https://tronscan.org/#/address/{USDT_TRC20} then XRP to "
        "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh and TON "
        "EQCD39VS5jcptHL8vMjEXrzGaRcCVYto7HUn4bpAOg8xqB2N"
    )
    found = find_addresses(text)
    assert len(found) == 3
    assert found[0][2].chains == ["tron"]
    assert "needs_memo" in codes(found[1][2])
    assert "needs_memo" in codes(found[2][2])


def test_find_leaves_ordinary_text_alone() -> None:
    texts = [
        "Hello, my transfer is pending for 3 hours, what should I do?",
        "Transactionsuccessfullyconfirmedyes but nothing arrived",
        "Thisisaverylongwordwithoutanyspaces1 and binancecleos",
        "我的助记词丢了怎么办",
        "¿Por qué mi saldo aparece en cero?",
        "لماذا لم تصل الأموال إلى محفظتي؟",
        "order ABCD-1234-EFGH-5678 uuid 123e4567-e89b-12d3-a456-426614174000",
    ]
    for text in texts:
        assert find_addresses(text) == [], text


def test_find_caps_work_on_huge_messages() -> None:
    text = (f"{EVM} " * 5_000) + "x" * 100_000
    found = find_addresses(text)
    assert len(found) == MAX_FOUND
    assert all(r.valid for _, _, r in found)
