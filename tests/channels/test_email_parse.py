"""Reading inbound mail: the new words only (quotes, attributions and signatures cut in
four languages), HTML reduced to text safely, attachments never opened, hostile MIME
refused; building outbound mail that cannot carry injected headers."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from walletdesk.channels.email import (
    EmailNotConfigured,
    EmailRejected,
    build_email,
    default_guard,
    footer,
    html_to_text,
    normalise_address,
    parse_email,
    smtp_target,
    strip_quoted,
)
from walletdesk.config import Settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Still not arrived.\n\nOn Mon, 1 Jan 2026 at 10:00, Support <\nsupport@x.example> "
            "wrote:\n> You are number 1 in line.",
            "Still not arrived.",
        ),
        ("还是没到账\n\n在 2026年1月1日 10:00，Support <s@x.example> 写道：\n> 原文", "还是没到账"),
        ("还是没到账\n2026年1月1日 于 10:00 Support 写道：\n> 原文", "还是没到账"),
        (
            "Sigue sin llegar\n\nEl lun, 1 ene 2026 a las 10:00, Soporte (<s@x.example>) "
            "escribió:\n> hola",
            "Sigue sin llegar",
        ),
        (
            "لم يصل بعد\n\nفي الاثنين، 1 يناير 2026 في 10:00 ص كتب Support <s@x.example>:\n> مرحبا",
            "لم يصل بعد",
        ),
        ("hello\n\n-----Original Message-----\nFrom: x\nSent: y\n\nold", "hello"),
        ("hola\n\nDe: Soporte <s@x.example>\nEnviado: lunes\nPara: yo\n\nviejo", "hola"),
        ("my text\n-- \nBob\nCEO, Example Ltd", "my text"),
        ("On 1 Jan 2026 Support <s@x.example> wrote:\n> q\n\nmy answer below", "my answer below"),
    ],
)
def test_quoted_replies_and_signatures_are_cut(text: str, expected: str) -> None:
    assert strip_quoted(text) == expected


def test_ordinary_sentences_are_not_mistaken_for_quotes() -> None:
    text = "On my phone the balance is 0.\nكتبت العنوان الخطأ: 0x12\nEl saldo escribió mal"
    assert strip_quoted(text) == text


def test_html_becomes_text_without_markup_scripts_or_quotes() -> None:
    html = (
        "<html><head><style>p{}</style><title>t</title></head><body>"
        "<p>Hello <b>there</b></p><div>Log in at <a href='https://evil.example/x'>metamask.io"
        "</a></div><script>alert(1)</script><img src='https://tracker.example/p.gif'>"
        "<blockquote>older quoted mail</blockquote></body></html>"
    )
    text = html_to_text(html)
    assert "Hello there" in text
    assert "metamask.io (https://evil.example/x)" in text, "the real target stays visible"
    for hidden in ("alert", "p{}", "older quoted", "tracker", "<"):
        assert hidden not in text


def _raw(message: EmailMessage) -> bytes:
    return bytes(message)


def test_attachments_are_listed_not_opened_and_html_only_mail_is_read() -> None:
    message = EmailMessage()
    message["From"] = "Ana <ana@customer.example>"
    message["Subject"] = "hi"
    message["Message-ID"] = "<m1@customer.example>"
    message.set_content("<p>My <i>USDT</i> is missing</p>", subtype="html")
    message.add_attachment(b"\x89PNG...", maintype="image", subtype="png", filename="seed.png")
    parsed = parse_email(_raw(message), 100_000, 4000)
    assert parsed.text == "My USDT is missing" and parsed.has_html_only
    assert [a.content_type for a in parsed.attachments] == ["image/png"]
    assert parsed.sender == "ana@customer.example" and parsed.name == "Ana"
    assert parsed.message_id == "<m1@customer.example>" and not parsed.automated


def test_hostile_or_unusable_mail_is_refused() -> None:
    with pytest.raises(EmailRejected, match="larger"):
        parse_email(b"x" * 2000, 1000, 4000)
    with pytest.raises(EmailRejected, match="From"):
        parse_email(b"Subject: no sender\r\n\r\nhello", 100_000, 4000)
    nested = EmailMessage()
    nested["From"] = "a@customer.example"
    inner = nested
    for _ in range(12):
        child = EmailMessage()
        inner.make_mixed()
        inner.attach(child)
        inner = child
    inner.set_content("deep")
    with pytest.raises(EmailRejected, match=r"nested|parts"):
        parse_email(_raw(nested), 100_000, 4000)
    odd = (
        b"From: a@customer.example\r\nContent-Type: text/plain; charset=x-no-such\r\n\r\n"
        b"caf\xe9 \x00bell\x07"
    )
    assert parse_email(odd, 100_000, 4000).text == "caf\ufffd bell"


def test_long_mail_is_cut_to_the_desk_limit_and_bulk_mail_is_automated() -> None:
    raw = b"From: a@customer.example\r\nPrecedence: bulk\r\nSubject: s\r\n\r\n" + b"word " * 2000
    parsed = parse_email(raw, 100_000, 300)
    assert len(parsed.text) <= 300 and parsed.automated


def test_outgoing_mail_cannot_carry_injected_headers() -> None:
    settings = Settings(public_url="https://desk.wallet.example", brand_name="TestWallet")
    message = build_email(
        settings,
        "alice@customer.example",
        "Re: hi\r\nBcc: everyone@example.com",
        "answer",
        message_id="<wd.1@desk.wallet.example>",
        in_reply_to="<bad id>\r\nBcc: x@example.com",
        references=["<a@b.example>", "not-an-id"],
        language="es",
    )
    raw = bytes(message).decode()
    assert "\nBcc:" not in raw and "In-Reply-To" not in raw
    assert message["References"] == "<a@b.example>"
    assert message["From"].addresses[0].addr_spec == "support@desk.wallet.example"
    assert "nunca te pedirá tu frase de recuperación" in message.get_content()
    with pytest.raises(ValueError):
        normalise_address("alice@customer.example, bob@customer.example")


@pytest.mark.parametrize("language", ["en", "zh", "es", "ar"])
def test_the_safety_footer_passes_the_outgoing_guard(language: str) -> None:
    settings = Settings(official_domains=["wallet.example"], brand_name="TestWallet")
    assert default_guard(settings).check(footer(settings, language)).allowed


def test_smtp_urls() -> None:
    assert smtp_target("smtp://127.0.0.1:2525").security == "plain"
    target = smtp_target("smtp+starttls://user%40x:p%3Ass@mail.example")
    assert (target.port, target.username, target.password) == (587, "user@x", "p:ss")
    assert smtp_target("smtps://mail.example").port == 465
    assert "p:ss" not in repr(target)
    for bad in (None, "", "http://mail.example", "smtp://"):
        with pytest.raises(EmailNotConfigured):
            smtp_target(bad)
