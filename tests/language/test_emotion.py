import pytest

from walletdesk.language.emotion import read_emotion


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("how do I add a token?", "calm"),
        ("HELP my wallet was drained, urgent!!", "anxious"),
        ("钱包被盗了，怎么办，急", "anxious"),
        ("this is a scam, your app is useless!!!", "angry"),
        ("no entiendo qué significa nonce", "confused"),
    ],
)
def test_emotion_labels(text: str, label: str) -> None:
    assert read_emotion(text).label == label


def test_urgency_signals() -> None:
    assert "funds_at_risk" in read_emotion("my funds were stolen").urgency
    assert "funds_at_risk" in read_emotion("我的币被盗了").urgency
    assert "time_pressure" in read_emotion("es urgente").urgency
    assert "large_amount" in read_emotion("I sent 25,000 USDT").urgency
    assert read_emotion("how are fees calculated").urgency == []
