import pytest

from walletdesk.language.entities import chinese_number, extract_entities


def kinds(text: str) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for entity in extract_entities(text):
        out.setdefault(entity.kind, []).append({"value": entity.value, **entity.detail})
    return out


def test_amounts_in_digits_and_chinese_numerals() -> None:
    found = kinds("sent 500 USDT and 0.5 ETH; 转了一千U到交易所")
    amounts = {(a["amount"], a["token"]) for a in found["amount"]}
    assert amounts == {("500", "USDT"), ("0.5", "ETH"), ("1000", "USDT")}


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("pending for 3 hours", 180),
        ("两个小时了还没到", 120),
        ("lleva 2 días pendiente", 2880),
        ("منذ ساعتين", 120),
        ("an hour ago", 60),
        ("等了十分钟", 10),
    ],
)
def test_durations_in_four_languages(text: str, minutes: int) -> None:
    assert kinds(text)["duration"][0]["minutes"] == minutes


def test_addresses_hashes_chains_and_links() -> None:
    text = (
        "sent via TRC20 to 0x52908400098527886E0F7030069857D2E4169EE7, tx "
        "0x" + "ab" * 32 + " see etherscan.io"
    )
    found = kinds(text)
    assert found["address"][0]["valid"] is True
    assert found["tx_hash"] and found["url"]
    assert found["chain"][0]["chain"] == "tron"


def test_chinese_numbers() -> None:
    assert chinese_number("一千") == 1000
    assert chinese_number("两万五千") == 25000
    assert chinese_number("十") == 10
    assert chinese_number("abc") is None
