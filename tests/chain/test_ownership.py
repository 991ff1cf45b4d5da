"""Proof of control by signature (EIP-4361 message, EIP-191 personal_sign): no secret moves."""

from __future__ import annotations

import json
import warnings
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from walletdesk.chain.ownership import (
    DEFAULT_STATEMENT,
    MAX_MESSAGE_CHARS,
    NONCE_LENGTH,
    Challenge,
    OwnershipError,
    SiweFields,
    Verified,
    build_message,
    describe_error,
    make_challenge,
    parse_message,
    verify_message,
    verify_signature,
)

DATA = Path(__file__).parent / "data" / "siwe"
DOMAIN = "support.example.com"
URI = "https://support.example.com/verify"
T0 = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


def _load(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return result


PARSING_POSITIVE = _load("parsing_positive.json")
PARSING_NEGATIVE = _load("parsing_negative.json")
VERIFY_POSITIVE = _load("verification_positive.json")
VERIFY_NEGATIVE = _load("verification_negative.json")


def sign(account: LocalAccount, message: str) -> str:
    return "0x" + account.sign_message(encode_defunct(text=message)).signature.hex()


def code_of(call: Any) -> str:
    with pytest.raises(OwnershipError) as caught:
        call()
    return str(caught.value.code)


@pytest.fixture(scope="module")
def account() -> LocalAccount:
    created: LocalAccount = Account.create()
    return created


@pytest.fixture(scope="module")
def other_account() -> LocalAccount:
    created: LocalAccount = Account.create()
    return created


@pytest.fixture
def challenge(account: LocalAccount) -> Challenge:
    return make_challenge(account.address, DOMAIN, URI, now=T0)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _vector_message(fields: dict[str, Any]) -> str:
    """EIP-4361 text from a vector's fields, timestamps kept exactly as written."""
    lines = [f"{fields['domain']} wants you to sign in with your Ethereum account:"]
    lines += [fields["address"], ""]
    lines += [fields["statement"], ""] if fields.get("statement") else [""]
    lines += [
        f"URI: {fields['uri']}",
        f"Version: {fields['version']}",
        f"Chain ID: {fields['chainId']}",
        f"Nonce: {fields['nonce']}",
        f"Issued At: {fields['issuedAt']}",
    ]
    optional = (("expirationTime", "Expiration Time"), ("notBefore", "Not Before"))
    lines += [f"{label}: {fields[key]}" for key, label in optional if key in fields]
    if "requestId" in fields:
        lines.append(f"Request ID: {fields['requestId']}")
    if fields.get("resources"):
        lines += ["Resources:", *(f"- {r}" for r in fields["resources"])]
    return "\n".join(lines)


# --------------------------------------------------------------------------- challenges


def test_challenge_is_an_eip4361_message_for_the_desk(challenge: Challenge) -> None:
    assert challenge.message.startswith(
        f"{DOMAIN} wants you to sign in with your Ethereum account:\n{challenge.address}\n\n"
    )
    assert DEFAULT_STATEMENT in challenge.message
    assert "Support never asks for your recovery phrase." in challenge.message
    assert f"\nNonce: {challenge.nonce}\n" in challenge.message
    assert "\nIssued At: 2026-03-01T12:00:00.000Z\n" in challenge.message
    assert challenge.message.endswith("\nExpiration Time: 2026-03-01T12:10:00.000Z")
    assert challenge.expires_at - challenge.issued_at == timedelta(minutes=10)
    assert (challenge.domain, challenge.uri, challenge.chain_id) == (DOMAIN, URI, 1)


def test_challenge_message_is_what_the_siwe_package_would_write(challenge: Challenge) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from siwe import SiweMessage  # type: ignore[import-untyped]

    theirs = SiweMessage.from_message(challenge.message)
    assert theirs.prepare_message() == challenge.message
    assert theirs.nonce == challenge.nonce and theirs.address == challenge.address


def test_nonces_are_long_random_alphanumerics(account: LocalAccount) -> None:
    nonces = {make_challenge(account.address, DOMAIN, URI).nonce for _ in range(50)}
    assert len(nonces) == 50
    assert all(len(n) == NONCE_LENGTH >= 8 and n.isalnum() and n.isascii() for n in nonces)


def test_lowercase_address_is_checksummed_in_the_message(account: LocalAccount) -> None:
    challenge = make_challenge(account.address.lower(), DOMAIN, URI)
    assert challenge.address == account.address
    assert f"\n{account.address}\n" in challenge.message


@pytest.mark.parametrize(
    "kwargs",
    [
        {"address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"},  # checksum typo
        {"address": "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"},  # TRON signs differently
        {"address": "0x1234"},
        {"address": "correct horse battery staple"},
        {"domain": "https://support.example.com/login"},
        {"domain": "evil.example/ path"},
        {"uri": "not a uri"},
        {"uri": ":not_a_rfc3986_valid_uri_"},
        {"chain_id": 0},
        {"ttl": timedelta(0)},
        {"ttl": timedelta(days=30)},
        {"statement": "two\nlines"},
        {"statement": "请签名"},
    ],
)
def test_bad_challenge_requests_are_refused(account: LocalAccount, kwargs: dict[str, Any]) -> None:
    args: dict[str, Any] = {"address": account.address, "domain": DOMAIN, "uri": URI, **kwargs}
    assert code_of(lambda: make_challenge(**args)) == "malformed"


def test_challenge_round_trips_through_storage(challenge: Challenge) -> None:
    stored = json.loads(json.dumps(challenge.to_dict()))
    assert Challenge.from_dict(stored) == challenge


def test_stored_challenge_that_was_edited_is_refused(challenge: Challenge) -> None:
    stored = challenge.to_dict() | {"nonce": "AAAAAAAAAAAAAAAA"}
    assert code_of(lambda: Challenge.from_dict(stored)) == "malformed"
    assert code_of(lambda: Challenge.from_dict({"address": "0x"})) == "malformed"


# --------------------------------------------------------------------------- verifying


def test_good_signature_proves_control(account: LocalAccount, challenge: Challenge) -> None:
    verified = verify_signature(
        challenge, sign(account, challenge.message), used_nonces=set(), now=T0
    )
    assert verified == Verified(account.address, 1, challenge.nonce, DOMAIN)


def test_signature_without_0x_prefix_and_with_spaces_is_accepted(
    account: LocalAccount, challenge: Challenge
) -> None:
    signature = "  " + sign(account, challenge.message)[2:] + "\n"
    assert verify_signature(challenge, signature, used_nonces=(), now=T0).address == (
        account.address
    )


def test_recovery_id_0_or_1_is_accepted(account: LocalAccount, challenge: Challenge) -> None:
    raw = bytes.fromhex(sign(account, challenge.message)[2:])
    low_v = raw[:64] + bytes([raw[64] - 27])
    verified = verify_signature(challenge, "0x" + low_v.hex(), used_nonces=(), now=T0)
    assert verified.address == account.address


def test_signature_from_another_key_is_refused(
    other_account: LocalAccount, challenge: Challenge
) -> None:
    signature = sign(other_account, challenge.message)
    call = lambda: verify_signature(challenge, signature, used_nonces=set(), now=T0)  # noqa: E731
    assert code_of(call) == "bad_signature"


def test_signature_over_a_tampered_message_is_refused(
    account: LocalAccount, challenge: Challenge
) -> None:
    tampered = challenge.message.replace("Chain ID: 1", "Chain ID: 56")
    signature = sign(account, tampered)
    assert code_of(lambda: verify_signature(challenge, signature, used_nonces=(), now=T0)) == (
        "bad_signature"
    )
    # and a challenge whose message was swapped for the tampered one is refused outright
    swapped = replace(challenge, message=tampered)
    assert code_of(lambda: verify_signature(swapped, signature, used_nonces=(), now=T0)) == (
        "malformed"
    )


def test_plain_text_signature_of_the_nonce_is_not_enough(
    account: LocalAccount, challenge: Challenge
) -> None:
    signature = sign(account, challenge.nonce)
    assert code_of(lambda: verify_signature(challenge, signature, used_nonces=(), now=T0)) == (
        "bad_signature"
    )


def test_expired_challenge_is_refused(account: LocalAccount, challenge: Challenge) -> None:
    signature = sign(account, challenge.message)
    late = challenge.expires_at
    assert code_of(lambda: verify_signature(challenge, signature, used_nonces=(), now=late)) == (
        "expired"
    )
    just_in_time = late - timedelta(milliseconds=1)
    assert verify_signature(challenge, signature, used_nonces=(), now=just_in_time)


def test_naive_now_is_taken_as_utc(account: LocalAccount, challenge: Challenge) -> None:
    signature = sign(account, challenge.message)
    naive = (T0 + timedelta(minutes=11)).replace(tzinfo=None)
    assert code_of(lambda: verify_signature(challenge, signature, used_nonces=(), now=naive)) == (
        "expired"
    )


def test_challenge_for_another_domain_is_refused(account: LocalAccount) -> None:
    challenge = make_challenge(account.address, "evil.example", "https://evil.example/", now=T0)
    signature = sign(account, challenge.message)
    call = lambda: verify_signature(  # noqa: E731
        challenge, signature, used_nonces=(), now=T0, domain=DOMAIN
    )
    assert code_of(call) == "wrong_domain"


def test_replayed_nonce_is_refused(account: LocalAccount, challenge: Challenge) -> None:
    used: set[str] = set()
    signature = sign(account, challenge.message)
    first = verify_signature(challenge, signature, used_nonces=used, now=T0)
    used.add(first.nonce)  # what the desk does, atomically, on success
    assert code_of(lambda: verify_signature(challenge, signature, used_nonces=used, now=T0)) == (
        "replayed"
    )


def test_replay_check_comes_before_the_signature(challenge: Challenge) -> None:
    used = {challenge.nonce}
    assert code_of(lambda: verify_signature(challenge, "0x00", used_nonces=used, now=T0)) == (
        "replayed"
    )


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "0x",
        "0x1234",
        "not a signature",
        "0x" + "zz" * 65,
        "0x" + "00" * 64,  # 64 bytes (EIP-2098 compact) is not supported
        "0x" + "00" * 66,
        "0x" + "ab" * 65 + "\x00",
        "0x" + "ab" * 10_000,
        "٠" * 130,  # Arabic-Indic digits are not hex
        "ＡＢ" * 65,  # full-width letters are not hex
    ],
)
def test_malformed_signatures_are_refused_as_malformed(
    challenge: Challenge, signature: str
) -> None:
    call = lambda: verify_signature(challenge, signature, used_nonces=(), now=T0)  # noqa: E731
    assert code_of(call) == "malformed"


@pytest.mark.parametrize(
    "signature",
    [
        "0x" + "00" * 65,
        "0x" + "ff" * 65,
        "0x" + "11" * 64 + "05",  # recovery id 5
        "0x" + "11" * 64 + "1b",
    ],
)
def test_well_formed_but_invalid_signatures_are_bad(challenge: Challenge, signature: str) -> None:
    call = lambda: verify_signature(challenge, signature, used_nonces=(), now=T0)  # noqa: E731
    assert code_of(call) == "bad_signature"


@pytest.mark.parametrize("signature", [None, 123, b"\x00" * 65, ["0x"], object()])
def test_non_string_signatures_are_malformed(challenge: Challenge, signature: Any) -> None:
    call = lambda: verify_signature(challenge, signature, used_nonces=(), now=T0)  # noqa: E731
    assert code_of(call) == "malformed"


def test_non_challenge_is_malformed() -> None:
    not_a_challenge: Any = "hello"
    assert code_of(lambda: verify_signature(not_a_challenge, "0x00", used_nonces=())) == (
        "malformed"
    )


# --------------------------------------------------------------------------- client-built


def test_client_built_message_verifies_with_the_issued_nonce(account: LocalAccount) -> None:
    fields = SiweFields(
        domain=DOMAIN,
        address=account.address,
        statement=None,
        uri=URI,
        version="1",
        chain_id=137,
        nonce="n0nceFromDesk",
        issued_at=T0,
        expiration_time=None,
        not_before=None,
        request_id="ticket-42",
        resources=("https://support.example.com/tickets/42",),
        scheme="https",
    )
    message = build_message(fields)
    signature = sign(account, message)
    verified = verify_message(
        message,
        signature,
        domain=DOMAIN,
        nonce="n0nceFromDesk",
        used_nonces=(),
        address=account.address.lower(),
        chain_id=137,
        now=T0 + timedelta(minutes=1),
    )
    assert verified == Verified(account.address, 137, "n0nceFromDesk", DOMAIN)

    def check(**overrides: Any) -> str:
        args: dict[str, Any] = {
            "domain": DOMAIN,
            "nonce": "n0nceFromDesk",
            "used_nonces": (),
            "now": T0 + timedelta(minutes=1),
            **overrides,
        }
        return code_of(lambda: verify_message(message, signature, **args))

    assert check(domain="support.example.org") == "wrong_domain"
    assert check(nonce="otherNonce123") == "wrong_nonce"
    assert check(used_nonces={"n0nceFromDesk"}) == "replayed"
    assert check(address=Account.create().address) == "wrong_address"
    assert check(chain_id=1) == "wrong_chain"
    assert check(now=T0 + timedelta(hours=1)) == "expired"  # older than max_age
    assert check(now=T0 - timedelta(hours=1)) == "not_yet_valid"  # issued in the future


@pytest.mark.parametrize("name", sorted(VERIFY_POSITIVE))
def test_siwe_verification_positive_vectors(name: str) -> None:
    fields = VERIFY_POSITIVE[name]
    now = _time(fields["time"]) if "time" in fields else None
    verified = verify_message(
        _vector_message(fields),
        fields["signature"],
        domain=fields["domain"],
        nonce=fields["nonce"],
        used_nonces=(),
        address=fields["address"],
        now=now,
        max_age=None,
    )
    assert verified.address == fields["address"]


_NEGATIVE_CODES = {
    "expired message": "expired",
    "domain binding": "wrong_domain",
    "custom time": "expired",
    "custom nonce": "wrong_nonce",
    "malformed signature": "malformed",
    "wrong signature": "bad_signature",
    "not yet valid": "not_yet_valid",
    "invalid issuedAt": "malformed",
    "invalid notBefore": "malformed",
    "invalid expirationTime": "malformed",
}


def test_every_negative_vector_has_an_expected_reason() -> None:
    assert set(_NEGATIVE_CODES) == set(VERIFY_NEGATIVE)


@pytest.mark.parametrize("name", sorted(VERIFY_NEGATIVE))
def test_siwe_verification_negative_vectors(name: str) -> None:
    fields = VERIFY_NEGATIVE[name]
    call = lambda: verify_message(  # noqa: E731
        _vector_message(fields),
        fields["signature"],
        domain=fields.get("domainBinding", fields["domain"]),
        nonce=fields.get("matchNonce", fields["nonce"]),
        used_nonces=(),
        now=_time(fields["time"]) if "time" in fields else None,
        max_age=None,
    )
    assert code_of(call) == _NEGATIVE_CODES[name]


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize("name", sorted(PARSING_POSITIVE))
def test_siwe_parsing_positive_vectors(name: str) -> None:
    case = PARSING_POSITIVE[name]
    expected = case["fields"]
    parsed = parse_message(case["message"])
    assert parsed.domain == expected["domain"]
    assert parsed.address == expected["address"]
    assert parsed.statement == expected.get("statement")
    assert parsed.uri == expected["uri"]
    assert parsed.version == expected["version"]
    assert parsed.chain_id == int(expected["chainId"])
    assert parsed.nonce == expected["nonce"]
    assert parsed.issued_at == _time(expected["issuedAt"])
    for key, value in (
        ("expirationTime", parsed.expiration_time),
        ("notBefore", parsed.not_before),
    ):
        assert value == (_time(expected[key]) if key in expected else None)
    assert parsed.request_id == expected.get("requestId")
    assert list(parsed.resources) == list(expected.get("resources") or [])
    assert parsed.scheme == expected.get("scheme")


@pytest.mark.parametrize("name", sorted(PARSING_NEGATIVE))
def test_siwe_parsing_negative_vectors(name: str) -> None:
    assert code_of(lambda: parse_message(PARSING_NEGATIVE[name])) == "malformed"


def test_build_message_round_trips(challenge: Challenge) -> None:
    assert build_message(parse_message(challenge.message)) == challenge.message


@pytest.mark.parametrize(
    "message",
    [
        "",
        "a" * (MAX_MESSAGE_CHARS + 1),
        # the siwe package's regular expression backtracks for minutes on these
        (
            "a.example wants you to sign in with your Ethereum account:\n"
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n\n\nURI: //" + "a" * 3000 + "?" * 900
        ),
        "\n" * 4000,
        "\x00\xff" * 1000,
    ],
)
def test_hostile_messages_are_malformed(message: str) -> None:
    assert code_of(lambda: parse_message(message)) == "malformed"


# --------------------------------------------------------------------------- hostile input


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(signature=st.text(max_size=300))
def test_any_signature_text_raises_only_ownership_error(signature: str) -> None:
    challenge = make_challenge("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", DOMAIN, URI, now=T0)
    with pytest.raises(OwnershipError):
        verify_signature(challenge, signature, used_nonces=(), now=T0)


@settings(max_examples=200, deadline=None)
@given(message=st.text(max_size=600), signature=st.text(max_size=200))
def test_any_message_text_raises_only_ownership_error(message: str, signature: str) -> None:
    with pytest.raises(OwnershipError):
        verify_message(message, signature, domain=DOMAIN, nonce="abcdefgh", used_nonces=())


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_any_single_character_edit_of_the_message_fails(data: st.DataObject) -> None:
    account = Account.from_key(b"\x01" * 32)
    challenge = make_challenge(account.address, DOMAIN, URI, now=T0)
    signature = sign(account, challenge.message)
    position = data.draw(st.integers(0, len(challenge.message) - 1))
    char = data.draw(st.characters())
    edited = challenge.message[:position] + char + challenge.message[position + 1 :]
    if edited == challenge.message:
        return
    with pytest.raises(OwnershipError):
        verify_message(
            edited, signature, domain=DOMAIN, nonce=challenge.nonce, used_nonces=(), now=T0
        )


# --------------------------------------------------------------------------- wording


@pytest.mark.parametrize("language", ["en", "zh", "es", "ar", "zh-CN", "xx"])
@pytest.mark.parametrize(
    "code",
    [
        "bad_signature",
        "expired",
        "not_yet_valid",
        "wrong_domain",
        "wrong_nonce",
        "wrong_address",
        "wrong_chain",
        "malformed",
        "replayed",
    ],
)
def test_every_error_has_a_message_in_every_language(code: str, language: str) -> None:
    text = describe_error(code, language)
    assert text
    lowered = text.lower()
    for forbidden in ("phrase", "private key", "助记词", "私钥", "frase", "clave privada"):
        assert forbidden not in lowered


def test_error_messages_are_in_the_requested_language() -> None:
    assert "签名" in describe_error("bad_signature", "zh")
    assert "firma" in describe_error("bad_signature", "es")
    assert "التوقيع" in describe_error("bad_signature", "ar")
    assert describe_error("unknown-code", "en") == describe_error("malformed", "en")
