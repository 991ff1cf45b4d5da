import pytest

from walletdesk.language.detect import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how do I back up my recovery phrase?", "en"),
        ("助记词怎么备份", "zh"),
        ("我的USDT转到0x52908400098527886E0F7030069857D2E4169EE7了，怎么办", "zh"),
        ("¿Cómo respaldo mi frase semilla?", "es"),
        ("olvidé la contraseña de mi billetera", "es"),
        ("كيف أحفظ عبارة الاسترداد؟", "ar"),
        ("أرسلت إلى 0x52908400098527886E0F7030069857D2E4169EE7 ولم تصل", "ar"),
    ],
)
def test_detects_supported_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_no_signal_keeps_the_conversation_language() -> None:
    assert detect_language("0x52908400098527886E0F7030069857D2E4169EE7", default="zh") == "zh"
    assert detect_language("??", default="es") == "es"
