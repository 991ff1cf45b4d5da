"""Email channel: inbound mail becomes a conversation, replies go out over SMTP.

Inbound: a built-in SMTP listener (aiosmtpd, ``WALLETDESK_SMTP_LISTEN=host:port``) or
``walletdesk email ingest FILE`` for forwarding setups. A message is parsed with the
stdlib ``email`` package; only its text is read (text/plain, else HTML reduced to text
by a parser that keeps no markup and runs nothing), quoted replies and signatures are
cut, and attachments are never opened: they are refused and the customer is told why.
Then the normal desk path runs (``Desk.post_customer_message``: scan, redact, bot).

Threading: our own Message-IDs name the message they carry (``<wd.<message id>@domain>``),
and a conversation remembers the Message-ID that opened it (``external_ref``), so a reply
finds its conversation by In-Reply-To/References with indexed lookups only, and only when
it comes from the address the conversation belongs to.

Outbound: every bot and agent message was stored by ``Desk.outgoing`` (the outgoing
guard). Email conversations' messages with no ``external_id`` yet are an outbox: the
:class:`EmailOutbox` sends them (several at once become one email), then stamps them
with the Message-ID they went out under. Unsent ones are retried after a crash or an SMTP
outage, so a reply the desk stored reaches the customer (at least once; the Message-ID
is the same on a resend). A sender first claims the messages in the database (a
``claim:<expiry>:`` mark in ``external_id``), so several processes (web workers, job
workers) never send the same reply twice; a claim left by a crash expires and the sweep
sends those messages again.

With ``WALLETDESK_JOB_QUEUE`` the web workers only enqueue (``EmailOutbox.queue``); the
job worker (``walletdesk worker``, ``jobs.py``) flushes and sweeps, with arq's retries.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import hashlib
import re
import secrets
import smtplib
import socket
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, getaddresses
from functools import lru_cache
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote, urlsplit

from sqlalchemy import CursorResult, or_, select, update

from walletdesk.desk import csat
from walletdesk.desk.conversations import Desk, GuardBlocked
from walletdesk.language.detect import detect_language
from walletdesk.logging import get_logger
from walletdesk.safety.guard import GuardVerdict, OutgoingGuard
from walletdesk.safety.links import LinkChecker
from walletdesk.safety.scan import scan
from walletdesk.store.crypto import email_indexes
from walletdesk.store.models import Conversation, Customer, Message, utcnow

if TYPE_CHECKING:
    from walletdesk.config import Settings

log = get_logger("walletdesk.email")

LANGUAGES = ("en", "zh", "es", "ar")
MAX_PARTS = 50  # MIME parts read per message; more is refused
MAX_DEPTH = 8  # multipart nesting
MAX_REFERENCES = 20
SUBJECT_CHARS = 200
OUTBOX_SWEEP_SECONDS = 60.0  # retry unsent replies (SMTP down, crash) this often
OUTBOX_MAX_AGE = timedelta(days=2)  # replies older than this are not sent late
CLAIM = "claim:"  # external_id of messages one sender is sending: claim:<expiry epoch>:<msgid>
SENDER_LIMIT = (20, 600.0)  # at most 20 messages per sender per 10 minutes (listener)

FOOTER = {
    "en": "{brand} support will never ask for your recovery phrase, private key or password. "
    "Anyone who asks for them is a scammer.",
    "zh": "{brand} 客服绝不会索要您的助记词、私钥或密码。任何索要这些信息的人都是骗子。",
    "es": "El soporte de {brand} nunca te pedirá tu frase de recuperación, tu clave privada ni "
    "tu contraseña. Quien te las pida es un estafador.",
    "ar": "لن يطلب منك دعم {brand} أبدًا عبارة الاسترداد أو المفتاح الخاص أو كلمة المرور. "
    "كل من يطلبها محتال.",
}
ATTACHMENTS_REFUSED = {
    "en": "We did not accept the attachment on your email: for your safety we never open files "
    "sent to support. Please describe the problem in the text of your reply (a transaction "
    "hash or an address pasted as text is fine). Never send a photo or screenshot of your "
    "recovery phrase to anyone.",
    "zh": "为了您的安全，客服不会打开邮件附件，因此您的附件未被接收。请在回复正文中用文字描述问题"
    "（可以直接粘贴交易哈希或地址）。切勿把助记词的照片或截图发给任何人。",
    "es": "No aceptamos el archivo adjunto de tu correo: por tu seguridad, soporte nunca abre "
    "archivos. Describe el problema en el texto de tu respuesta (puedes pegar el hash de la "
    "transacción o la dirección como texto). Nunca envíes a nadie una foto o captura de tu "
    "frase de recuperación.",
    "ar": "لم نقبل المرفق في رسالتك: حفاظًا على أمانك لا يفتح الدعم أي ملفات. يُرجى وصف المشكلة "
    "في نص ردك (يمكنك لصق رمز المعاملة أو العنوان كنص). لا ترسل أبدًا صورة أو لقطة شاشة "
    "لعبارة الاسترداد إلى أي شخص.",
}
SUBJECT_FALLBACK = {
    "en": "Your {brand} support request",
    "zh": "您的 {brand} 客服请求",
    "es": "Tu solicitud de soporte de {brand}",
    "ar": "طلب الدعم الخاص بك لدى {brand}",
}


def _pick(table: dict[str, str], language: str | None) -> str:
    return table.get(language or "en", table["en"])


# ---- settings --------------------------------------------------------------------------
class EmailError(Exception):
    """Sending failed; ``permanent`` says whether a retry could help."""

    permanent = False


class EmailBusy(EmailError):
    """Another sender holds this conversation's replies right now; try again shortly."""


class EmailNotConfigured(EmailError):
    permanent = True


class EmailBlocked(EmailError):
    """The outgoing guard refused the email (invariant 2): nothing was sent."""

    permanent = True

    def __init__(self, verdict: GuardVerdict) -> None:
        self.verdict = verdict
        super().__init__("; ".join(r.message for r in verdict.reasons))


class EmailRejected(ValueError):
    """An inbound message the desk will not take; ``reason`` is safe to show the sender."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    security: str  # plain | starttls | tls
    username: str | None = None
    password: str | None = field(default=None, repr=False)


_SCHEMES = {"smtp": ("plain", 25), "smtp+starttls": ("starttls", 587), "smtps": ("tls", 465)}


def smtp_target(url: str | None) -> SmtpTarget:
    """``smtp://[user:pass@]host[:port]`` (plain), ``smtp+starttls://`` or ``smtps://``."""
    if not url:
        raise EmailNotConfigured("WALLETDESK_SMTP_URL is not set: email replies are not sent")
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES or not parts.hostname:
        raise EmailNotConfigured(
            "WALLETDESK_SMTP_URL must look like smtp://host:port, smtp+starttls://user:pass@"
            "host:587 or smtps://user:pass@host:465"
        )
    security, default_port = _SCHEMES[parts.scheme]
    return SmtpTarget(
        parts.hostname,
        parts.port or default_port,
        security,
        unquote(parts.username) if parts.username else None,
        unquote(parts.password) if parts.password else None,
    )


def parse_listen(value: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:2525`` for IPv6) for the inbound listener."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"WALLETDESK_SMTP_LISTEN must be host:port, not {value!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


_ADDRESS = re.compile(r"^[^\s@<>()\[\]\\,;:\"]{1,64}@[^\s@<>()\[\]\\,;:\"]{1,253}$")


def normalise_address(value: str) -> str:
    """One plain address (``name@example.com``), lower-cased; ValueError otherwise."""
    candidate = (value or "").strip()
    if len(candidate) > 320 or "\n" in candidate or "\r" in candidate:
        raise ValueError("not an email address")
    pairs = getaddresses([candidate])
    address = pairs[0][1].strip().lower() if len(pairs) == 1 else ""
    if not _ADDRESS.match(address) or "." not in address.rpartition("@")[2]:
        raise ValueError("not an email address")
    return address


def from_address(settings: Settings) -> str:
    if settings.email_from:
        return normalise_address(settings.email_from)
    host = urlsplit(settings.base_url).hostname or "localhost"
    return f"support@{host}"


def _domain(settings: Settings) -> str:
    return from_address(settings).rpartition("@")[2]


@lru_cache(maxsize=8)
def _guard_for(domains: tuple[str, ...], brand: str) -> OutgoingGuard:
    return OutgoingGuard(LinkChecker(official_domains=list(domains), brands=[brand]))


def default_guard(settings: Settings) -> OutgoingGuard:
    """The desk's outgoing guard for code that has settings but no running desk."""
    return _guard_for(tuple(settings.all_official_domains), settings.brand_name)


# ---- sending ---------------------------------------------------------------------------
def footer(settings: Settings, language: str | None) -> str:
    return _pick(FOOTER, language).format(brand=settings.brand_name)


def _clean_subject(subject: str) -> str:
    return " ".join(subject.split())[:SUBJECT_CHARS]


def build_email(
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    *,
    message_id: str,
    in_reply_to: str | None = None,
    references: Sequence[str] | None = None,
    language: str | None = None,
    auto_submitted: bool = True,
) -> EmailMessage:
    """A plain-text UTF-8 email with the safety footer. Header values never carry a line
    break (``EmailMessage`` refuses them), so nothing can inject headers."""
    message = EmailMessage()
    message["From"] = Address(f"{settings.brand_name} Support", addr_spec=from_address(settings))
    message["To"] = normalise_address(to)
    message["Subject"] = _clean_subject(subject)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = message_id
    refs = [r for r in (references or []) if _MSGID_FULL.match(r)][-MAX_REFERENCES:]
    if in_reply_to and _MSGID_FULL.match(in_reply_to):
        message["In-Reply-To"] = in_reply_to
        if in_reply_to not in refs:
            refs.append(in_reply_to)
    if refs:
        message["References"] = " ".join(refs)
    if auto_submitted:
        message["Auto-Submitted"] = "auto-replied"  # RFC 3834: auto-responders stay quiet
    message.set_content(f"{body.rstrip()}\n\n-- \n{footer(settings, language)}\n")
    if language:  # after set_content, which resets the Content-* headers
        message["Content-Language"] = language
    return message


def _deliver(target: SmtpTarget, message: EmailMessage, timeout: float) -> None:
    """Blocking SMTP submission (run in a thread). Maps failures to EmailError."""
    context = ssl.create_default_context()
    try:
        client = (
            smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
            if target.security == "tls"
            else smtplib.SMTP(target.host, target.port, timeout=timeout)
        )
        with client:
            client.ehlo()
            if target.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if target.username:
                client.login(target.username, target.password or "")
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        error = EmailError(f"recipient refused ({', '.join(map(str, codes))})")
        error.permanent = all(code >= 500 for code in codes)
        raise error from None
    except smtplib.SMTPResponseException as exc:
        error = EmailError(f"SMTP server answered {exc.smtp_code}")
        error.permanent = exc.smtp_code >= 500 and not isinstance(
            exc, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError
        )
        raise error from None
    except (OSError, smtplib.SMTPException) as exc:
        raise EmailError(f"SMTP server unreachable ({type(exc).__name__})") from None


async def send_email(
    settings: Settings,
    to: str,
    subject: str,
    body: str,
    *,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    language: str | None = None,
    guard: OutgoingGuard | None = None,
    message_id: str | None = None,
    auto_submitted: bool = True,
) -> str:
    """Send one plain-text email through ``WALLETDESK_SMTP_URL``; returns its Message-ID.

    The subject and body (with the "we never ask for your recovery phrase" footer in
    ``language``) pass the outgoing guard first (invariant 2): a refused email raises
    :class:`EmailBlocked` and is not sent. Raises :class:`EmailError` (``permanent`` says
    whether a retry could help) and ValueError for a malformed ``to``."""
    target = smtp_target(settings.smtp_url)
    address = normalise_address(to)
    language = language if language in LANGUAGES else settings.default_language
    verdict = (guard or default_guard(settings)).check(
        f"{_clean_subject(subject)}\n{body}\n{footer(settings, language)}"
    )
    if not verdict.allowed:
        raise EmailBlocked(verdict)
    message_id = message_id or f"<wd-{secrets.token_hex(16)}@{_domain(settings)}>"
    message = build_email(
        settings,
        address,
        subject,
        body,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        language=language,
        auto_submitted=auto_submitted,
    )
    await asyncio.to_thread(_deliver, target, message, settings.smtp_timeout)
    log.info("email.sent", message_id=message_id, language=language)
    return message_id


# ---- parsing ---------------------------------------------------------------------------
_MSGID = re.compile(r"<([^<>\s@]{1,200}@[^<>\s@]{1,200})>")
_MSGID_FULL = re.compile(r"^<[^<>\s@]{1,200}@[^<>\s@]{1,200}>$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CTYPE = re.compile(r"^[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,80}$")
_NO_REPLY = re.compile(
    r"^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|notifications?)(?:[+.-].*)?@"
)


@dataclass(slots=True)
class Attachment:
    content_type: str
    size: int


@dataclass(slots=True)
class InboundEmail:
    sender: str
    name: str
    subject: str
    message_id: str | None
    in_reply_to: list[str]
    references: list[str]
    text: str  # the new part of the message: quotes and signature cut
    attachments: list[Attachment]
    automated: bool  # auto-reply, bounce, list mail: never answered
    has_html_only: bool = False

    @property
    def thread_refs(self) -> list[str]:
        """Candidates for the conversation, nearest first (its own Message-ID first: a
        mail server delivering the first message twice finds the conversation it opened)."""
        own = [self.message_id] if self.message_id else []
        seen: list[str] = []
        for ref in [*own, *self.in_reply_to, *reversed(self.references)]:
            if ref not in seen:
                seen.append(ref)
        return seen[:MAX_REFERENCES]


def message_ids(value: object, limit: int = MAX_REFERENCES) -> list[str]:
    return [f"<{m}>" for m in _MSGID.findall(str(value or "")[:20_000])][-limit:]


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the parser cannot read counts as absent
        return ""
    return _CONTROL.sub("", str(value or ""))[:2000]


def _decode(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"
    try:
        codecs.lookup(charset)
        text = raw.decode(charset, errors="replace")
    except (LookupError, TypeError, ValueError):
        text = raw.decode("utf-8", errors="replace")
    return text


def _collect(
    part: EmailMessage,
    depth: int,
    bodies: list[tuple[str, str]],
    attachments: list[Attachment],
    budget: list[int],
) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise EmailRejected("too many MIME parts")
    ctype = part.get_content_type()
    maintype = part.get_content_maintype()
    if maintype == "multipart":
        if depth >= MAX_DEPTH:
            raise EmailRejected("MIME parts nested too deeply")
        for sub in part.iter_parts():
            assert isinstance(sub, EmailMessage)
            _collect(sub, depth + 1, bodies, attachments, budget)
        return
    try:
        disposition = part.get_content_disposition()
        filename = part.get_filename()
    except Exception:
        disposition, filename = "attachment", None
    if (
        maintype != "text"
        or disposition == "attachment"
        or filename
        or ctype not in ("text/plain", "text/html")
    ):
        raw = part.get_payload()
        size = len(raw) if isinstance(raw, str | bytes) else 0
        attachments.append(
            Attachment(ctype if _CTYPE.match(ctype) else "application/octet-stream", size)
        )
        return  # never decoded, opened or stored
    bodies.append((ctype, _decode(part)))


def _is_automated(message: EmailMessage, sender: str, envelope_sender: str | None) -> bool:
    auto = _header(message, "Auto-Submitted").strip().lower()
    precedence = _header(message, "Precedence").strip().lower()
    return bool(
        (auto and auto != "no")
        or precedence in ("bulk", "junk", "list", "auto_reply")
        or _header(message, "List-Id")
        or _header(message, "X-Autoreply")
        or _header(message, "X-Autorespond")
        or message.get_content_type() == "multipart/report"
        or _NO_REPLY.match(sender)
        or envelope_sender in ("", "<>")
    )


def parse_email(
    raw: bytes, max_bytes: int, max_chars: int, envelope_sender: str | None = None
) -> InboundEmail:
    """Read one RFC 5322 message. Raises :class:`EmailRejected` for what the desk will
    not take: too large, no usable sender, a MIME structure built to exhaust the parser."""
    if len(raw) > max_bytes:
        raise EmailRejected(f"message larger than {max_bytes} bytes")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    try:
        sender = normalise_address(_header(message, "From"))
    except ValueError:
        raise EmailRejected("no valid From address") from None
    name = ""
    with contextlib.suppress(Exception):
        name = " ".join(getaddresses([_header(message, "From")])[0][0].split())[:100]
    bodies: list[tuple[str, str]] = []
    attachments: list[Attachment] = []
    _collect(message, 0, bodies, attachments, [MAX_PARTS])
    plain = [text for ctype, text in bodies if ctype == "text/plain"]
    html_only = not plain and bool(bodies)
    text = "\n".join(plain) if plain else "\n".join(html_to_text(t) for _, t in bodies)
    text = strip_quoted(_CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    if len(text) > max_chars:
        text = text[: max_chars - 2].rstrip() + " …"
    ids = message_ids(_header(message, "Message-ID"), 1)
    return InboundEmail(
        sender=sender,
        name=name,
        subject=_clean_subject(_header(message, "Subject")),
        message_id=ids[0] if ids else None,
        in_reply_to=message_ids(_header(message, "In-Reply-To"), 3),
        references=message_ids(_header(message, "References")),
        text=text,
        attachments=attachments,
        automated=_is_automated(message, sender, envelope_sender),
        has_html_only=html_only,
    )


class _HtmlText(HTMLParser):
    """Text of an HTML body: no markup, nothing fetched or run, quoted blocks dropped,
    a link's target kept next to its text (so the safety scan sees where it points)."""

    SKIP = frozenset(
        {"script", "style", "head", "title", "template", "noscript", "svg", "math", "object"}
    )
    BLOCK = frozenset(
        {
            "p", "div", "br", "li", "tr", "table", "ul", "ol", "section", "article", "pre",
            "h1", "h2", "h3", "h4", "h5", "h6", "hr", "header", "footer",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.quote = 0
        self.links: list[tuple[int, str]] = []

    @property
    def hidden(self) -> bool:
        return bool(self.skip or self.quote)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "blockquote":
            self.quote += 1
        if tag in self.BLOCK and not self.hidden:
            self.parts.append("\n")
        if tag == "a" and not self.hidden:
            href = (dict(attrs).get("href") or "").strip()
            self.links.append((len(self.parts), href))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag == "a" and self.links and not self.hidden:
            start, href = self.links.pop()
            shown = "".join(self.parts[start:])
            if href.lower().startswith(("http://", "https://", "www.")) and href not in shown:
                self.parts.append(f" ({href[:500]})")
        if tag in self.BLOCK and not self.hidden:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    with contextlib.suppress(Exception):  # malformed HTML: keep what was read
        parser.feed(html)
        parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# attributions that may wrap over up to three lines ("On ... <\nname@host> wrote:")
_ATTRIBUTION = [
    re.compile(r"^on\b.{0,300}\bwrote\s*:$", re.I),
    re.compile(r"^在.{0,300}(?:写道|寫道)\s*[:：]$"),
    re.compile(r"^el\b.{0,300}\bescribi[óo]\s*:$", re.I),
    re.compile(r"^في\s.{0,300}\sكتب(?:\s.{0,300})?[:：]$"),
    re.compile(r"^le\b.{0,300}\ba écrit\s*:$", re.I),
    re.compile(r"^am\b.{0,300}\bschrieb.{0,200}:$", re.I),
]
# attributions read on one line only (they have no fixed first word)
_ATTRIBUTION_LINE = [
    re.compile(r"^.{0,200}于.{0,200}(?:写道|寫道)\s*[:：]$"),
    re.compile(r"^.{0,300}\sكتب\s.{0,300}[:：]$"),
]
_SEPARATOR = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message|mensaje original|mensaje reenviado"
    r"|原始邮件|原始郵件|转发的邮件|الرسالة الأصلية)\s*-{2,}|_{10,})$",
    re.I,
)
_HEADER_FROM = re.compile(r"^\*?(?:from|de|发件人|寄件者|من)\s*\*?\s*[:：]", re.I)
_HEADER_NEXT = re.compile(
    r"^\*?(?:sent|date|to|subject|enviado|fecha|para|asunto|发送时间|日期|收件人|主题|"
    r"寄件日期|التاريخ|تاريخ|أرسلت|إلى|الموضوع)\s*\*?\s*[:：]",
    re.I,
)


def _quote_start(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not line:
        return False
    if _SEPARATOR.match(line):
        return True
    if _HEADER_FROM.match(line) and any(
        _HEADER_NEXT.match(n.strip()) for n in lines[i + 1 : i + 4]
    ):
        return True
    if re.search(r"\d|@", line) and any(p.match(line) for p in _ATTRIBUTION_LINE):
        return True
    for span in (1, 2, 3):
        window = lines[i : i + span]
        if len(window) < span or any(not part.strip() for part in window):
            break
        candidate = " ".join(part.strip() for part in window)
        if len(candidate) > 400 or not re.search(r"\d|@", candidate):
            continue
        if any(p.match(candidate) for p in _ATTRIBUTION):
            return True
    return False


def strip_quoted(text: str) -> str:
    """The new part of a reply: cut at the quoted original ("On ... wrote:", "在 ... 写道：",
    "El ... escribió:", "... كتب ...:", Outlook's From:/Sent: block, "-----Original
    Message-----"), drop "> " lines and the signature after "-- "."""
    lines = text.split("\n")
    kept: list[str] = []
    cut = False
    for i, line in enumerate(lines):
        if line.rstrip() in ("--", "-- ") or _quote_start(lines, i):
            cut = True
            break
        if not line.lstrip().startswith(">"):
            kept.append(line.rstrip())
    result = "\n".join(kept).strip()
    if not result and cut:
        # bottom-posting: the new words come after the quote
        tail: list[str] = []
        for i, line in enumerate(lines):
            if line.rstrip() in ("--", "-- "):
                break
            if not line.lstrip().startswith(">") and not _quote_start(lines, i):
                tail.append(line.rstrip())
        result = "\n".join(tail).strip()
    return re.sub(r"\n{3,}", "\n\n", result)


# ---- the channel -----------------------------------------------------------------------
@dataclass(slots=True)
class IngestResult:
    status: str  # posted | duplicate | rated | ignored
    reason: str = ""
    conversation_id: str | None = None
    message_id: str | None = None
    new_conversation: bool = False
    redacted: bool = False
    replies: int = 0
    attachments_refused: int = 0
    emails_sent: int = 0
    emails_queued: int = 0  # handed to the job worker (WALLETDESK_JOB_QUEUE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reason": self.reason,
            "conversation_id": self.conversation_id,
            "message_id": self.message_id,
            "new_conversation": self.new_conversation,
            "redacted": self.redacted,
            "replies": self.replies,
            "attachments_refused": self.attachments_refused,
            "emails_sent": self.emails_sent,
            "emails_queued": self.emails_queued,
        }


_SCORE = re.compile(
    r"^\s*([1-5])\s*(?:/\s*5|stars?|星|分|estrellas?|نجوم|نجمة)?\s*[.!。！]?\s*$", re.I
)


def _client_id(message_id: str) -> str:
    return "email:" + hashlib.sha256(message_id.encode()).hexdigest()[:40]


def _own_message_pk(ref: str, domain: str) -> str | None:
    match = re.fullmatch(r"<wd\.([0-9a-f]{32})@(.+)>", ref)
    return match.group(1) if match and match.group(2) == domain else None


class EmailChannel:
    """Inbound email into the desk, and the outbox that sends the desk's answers."""

    def __init__(self, settings: Settings, desk: Desk) -> None:
        self.settings = settings
        self.desk = desk
        self.outbox = EmailOutbox(settings, desk)
        self._server: asyncio.AbstractServer | None = None
        self._recent: dict[str, deque[float]] = {}

    # -- inbound ---------------------------------------------------------------------------
    async def ingest(self, raw: bytes, *, envelope_sender: str | None = None) -> IngestResult:
        """One raw RFC 5322 message into the desk (idempotent per Message-ID)."""
        inbound = parse_email(
            raw, self.settings.email_max_bytes, self.desk.max_chars, envelope_sender
        )
        if inbound.automated or inbound.sender == from_address(self.settings):
            log.info("email.ignored_automated")
            return IngestResult("ignored", "automated message (auto-reply, bounce or list)")
        if not inbound.text and not inbound.attachments:
            return IngestResult("ignored", "no text in the message")
        conversation = await self._thread_of(inbound)
        subject = scan(inbound.subject, self.desk.links)
        text = inbound.text
        new = conversation is None
        # the subject often is the question (and a secret pasted there is redacted too)
        wants_subject = new or bool(subject.findings)
        if wants_subject and inbound.subject and inbound.subject not in text:
            text = f"{inbound.subject}\n\n{text}".strip()[: self.desk.max_chars]
        if conversation is None:
            conversation = await self._new_conversation(inbound, text)
        cid = conversation.id
        score = _SCORE.match(inbound.text)
        if score and not new and not inbound.attachments and await self._awaits_rating(cid):
            async with self.outbox.hold(cid) as held:
                await csat.rate(self.desk, cid, int(score.group(1)), "")
            return IngestResult(
                "rated", conversation_id=cid, emails_sent=held.sent, emails_queued=held.queued
            )
        result = IngestResult("posted", conversation_id=cid, new_conversation=new)
        async with self.outbox.hold(cid) as held:
            if text:
                client_id = _client_id(inbound.message_id) if inbound.message_id else None
                posted = await self.desk.post_customer_message(cid, text, client_id)
                result.message_id = posted.message.id
                result.replies = len(posted.replies)
                result.redacted = bool(posted.scan and posted.scan.findings)
                if posted.duplicate:
                    return IngestResult("duplicate", conversation_id=cid)
                await self._remember(posted.message.id, inbound, subject.redacted)
            if inbound.attachments:
                result.attachments_refused = len(inbound.attachments)
                await self._refuse_attachments(cid, inbound.attachments)
        result.emails_sent = held.sent
        result.emails_queued = held.queued
        log.info(
            "email.ingested",
            conversation_id=cid,
            new=new,
            redacted=result.redacted,
            attachments=result.attachments_refused,
        )
        return result

    async def _thread_of(self, inbound: InboundEmail) -> Conversation | None:
        """The email conversation this message continues, if it comes from its owner."""
        refs = inbound.thread_refs
        if not refs:
            return None
        domain = _domain(self.settings)
        async with self.desk.db.read_session() as session:
            conversation: Conversation | None = None
            for ref in refs:
                pk = _own_message_pk(ref, domain)
                if pk is None:
                    continue
                ours = await session.get(Message, pk)
                if ours is not None and ours.external_id == ref:
                    conversation = await session.get(Conversation, ours.conversation_id)
                    break
            if conversation is None:
                conversation = (
                    await session.execute(
                        select(Conversation)
                        .where(Conversation.external_ref.in_(refs))
                        .order_by(Conversation.created_at.desc())
                        .limit(1)
                    )
                ).scalar_one_or_none()
            if conversation is None or conversation.channel != "email":
                return None
            customer = await session.get(Customer, conversation.customer_id)
        if customer is None or customer.deleted_at is not None:
            return None
        if (customer.email or "").lower() != inbound.sender:
            log.warning("email.thread_sender_mismatch", conversation_id=conversation.id)
            return None  # someone else's thread: a new conversation, never theirs
        return conversation

    async def _customer_by_email(self, address: str) -> Customer | None:
        """The newest live customer with this address, found by its blind index (the
        address itself is sealed); the decrypted address is compared to be sure."""
        async with self.desk.db.read_session() as session:
            rows = await session.execute(
                select(Customer)
                .where(
                    Customer.email_index.in_(email_indexes(address)),
                    Customer.deleted_at.is_(None),
                )
                .order_by(Customer.created_at.desc())
                .limit(20)
            )
            for customer in rows.scalars():
                if (customer.email or "").strip().lower() == address:
                    return customer
        return None

    async def _new_conversation(self, inbound: InboundEmail, text: str) -> Conversation:
        language = detect_language(text, self.settings.default_language)
        known = await self._customer_by_email(inbound.sender)
        name = (
            inbound.name
            if inbound.name and not scan(inbound.name, self.desk.links).findings
            else None
        )
        root = inbound.message_id or f"<wd-in-{secrets.token_hex(16)}@{_domain(self.settings)}>"
        async with self.desk.db.session() as session:
            if known is None:
                customer = Customer(language=language, email=inbound.sender, display_name=name)
                session.add(customer)
                await session.flush()
                customer_id = customer.id
            else:
                customer_id = known.id
            conversation = Conversation(
                customer_id=customer_id, channel="email", language=language, external_ref=root
            )
            session.add(conversation)
            await session.commit()
        return conversation

    async def _awaits_rating(self, conversation_id: str) -> bool:
        async with self.desk.db.read_session() as session:
            return await csat.pending_rating(self.desk, session, conversation_id) is not None

    async def _remember(self, message_pk: str, inbound: InboundEmail, subject: str) -> None:
        """The stored message keeps its Message-ID (threading) and its subject (replies)."""
        async with self.desk.db.session() as session:
            row = await session.get(Message, message_pk)
            if row is not None:
                row.external_id = inbound.message_id
                row.meta = {**row.meta, "email": {"subject": subject}}
                await session.commit()

    async def _refuse_attachments(self, cid: str, attachments: list[Attachment]) -> None:
        async with self.desk.db.session() as session:
            conversation = await session.get(Conversation, cid)
            if conversation is None:
                return
            try:
                notice = await self.desk.outgoing(
                    session,
                    conversation,
                    "bot",
                    _pick(ATTACHMENTS_REFUSED, conversation.language),
                    None,
                    {
                        "kind": "email_attachments_refused",
                        "count": len(attachments),
                        "types": sorted({a.content_type for a in attachments})[:10],
                    },
                )
            except GuardBlocked:
                log.error("email.attachment_notice_blocked", conversation_id=cid)
                return
            await session.commit()
        await self.desk.publish(notice)

    # -- the SMTP listener -----------------------------------------------------------------
    def allow_sender(self, sender: str) -> bool:
        """At most SENDER_LIMIT messages per sender and window (a flood is deferred)."""
        limit, window = SENDER_LIMIT
        now = time.monotonic()
        if len(self._recent) > 10_000:
            self._recent.clear()
        recent = self._recent.setdefault(sender, deque())
        while recent and now - recent[0] > window:
            recent.popleft()
        if len(recent) >= limit:
            return False
        recent.append(now)
        return True

    async def start_listener(self, listen: str) -> tuple[str, int]:
        """Serve SMTP on ``host:port`` in this event loop; returns the bound address."""
        from aiosmtpd.smtp import SMTP

        host, port = parse_listen(listen)
        loop = asyncio.get_running_loop()
        handler = _InboundHandler(self)
        hostname = _domain(self.settings)

        def protocol() -> Any:
            return SMTP(
                handler,
                data_size_limit=self.settings.email_max_bytes,
                enable_SMTPUTF8=True,
                hostname=hostname,
                ident="WalletDesk ESMTP",
                timeout=60,
                loop=loop,
            )

        # several workers of one desk may share the port (the kernel spreads connections)
        reuse = hasattr(socket, "SO_REUSEPORT")
        self._server = await loop.create_server(protocol, host, port, reuse_port=reuse)
        bound = self._server.sockets[0].getsockname()
        log.info("email.listening", host=bound[0], port=bound[1])
        return str(bound[0]), int(bound[1])

    async def stop_listener(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None


class _InboundHandler:
    """aiosmtpd handler: answers in the SMTP dialogue, never with message content."""

    def __init__(self, channel: EmailChannel) -> None:
        self.channel = channel

    async def handle_RCPT(  # aiosmtpd's hook names
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= 20:
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="replace")
        sender = str(envelope.mail_from or "").lower()
        if sender and not self.channel.allow_sender(sender):
            return "450 4.7.1 Too many messages from this sender; try again later"
        try:
            await self.channel.ingest(raw, envelope_sender=envelope.mail_from)
        except EmailRejected as exc:
            return f"550 5.6.0 Message refused: {exc.reason}"
        except Exception:  # the sender's server retries; ingest is idempotent
            log.exception("email.ingest_failed")
            return "451 4.3.0 Temporary failure; try again later"
        return "250 2.0.0 Message accepted"


# ---- the outbox ------------------------------------------------------------------------
@dataclass(slots=True)
class Held:
    sent: int = 0  # emails sent when the hold ended
    queued: int = 0  # emails handed to the job queue instead (WALLETDESK_JOB_QUEUE)


QueueFlush = Callable[[str, str], Awaitable[object]]  # (conversation id, job key) -> enqueued


def _claim(message_id: str, now: datetime, seconds: float) -> str:
    return f"{CLAIM}{int(now.timestamp() + seconds)}:{message_id}"[:255]


def _claim_expired(value: str, now: datetime) -> bool:
    expiry = value[len(CLAIM) :].partition(":")[0]
    return not expiry.isdigit() or int(expiry) <= now.timestamp()


class EmailOutbox:
    """Sends the desk's stored replies in email conversations; see the module docstring.

    ``observe`` is a desk observer: a bot or agent message wakes the worker. ``hold``
    keeps a conversation's replies back while one inbound email is processed, so its
    answer, any follow-up and the attachment notice leave as one email. With ``queue``
    set (the job queue), a woken conversation is enqueued as an ``email_flush`` job
    instead of sent here, and this process does not sweep."""

    def __init__(self, settings: Settings, desk: Desk, queue: QueueFlush | None = None) -> None:
        self.settings = settings
        self.desk = desk
        self.enabled = bool(settings.smtp_url)
        self.queue = queue
        self.claim_seconds = 2 * settings.smtp_timeout + 60  # one send, with room to spare
        self._latest: dict[str, str] = {}  # conversation -> newest reply seen (job key)
        self._pending: set[str] = set()
        self._held: dict[str, int] = {}
        self._wake = asyncio.Event()
        self._is_email: dict[str, bool] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def observe(self, channel: str, event: dict[str, Any]) -> None:
        try:
            if not self.enabled or event.get("type") != "message":
                return
            if not channel.startswith("conversation:"):
                return
            if event["message"].get("sender") not in ("bot", "agent"):
                return
            cid = channel.partition(":")[2]
            if self._is_email.get(cid) is False:
                return
            if len(self._latest) > 10_000:
                self._latest.clear()
            self._latest[cid] = str(event["message"].get("id", ""))
            self._pending.add(cid)
            self._wake.set()
        except Exception:  # an observer never breaks the desk's path
            log.exception("email.observe_failed")

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[Held]:
        self._held[conversation_id] = self._held.get(conversation_id, 0) + 1
        held = Held()
        try:
            yield held
        finally:
            left = self._held[conversation_id] - 1
            if left:
                self._held[conversation_id] = left
            else:
                del self._held[conversation_id]
            if not left:
                self._pending.discard(conversation_id)
                try:
                    if self.queue is not None:
                        held.queued = await self.dispatch(conversation_id)
                    else:
                        held.sent = await self.flush(conversation_id)
                except Exception:  # the sweep retries
                    log.exception("email.flush_failed", conversation_id=conversation_id)

    async def dispatch(self, conversation_id: str) -> int:
        """Send now, or with a job queue hand the conversation to it; returns how many
        emails were sent or queued."""
        if not self.enabled:
            return 0
        if self.queue is None:
            return await self.flush(conversation_id)
        latest = self._latest.pop(conversation_id, None)
        if not latest:
            return 0  # no reply was stored since the last dispatch
        # one job per newest reply: a second wake for the same replies is not queued twice
        await self.queue(conversation_id, f"email:{conversation_id}:{latest}")
        return 1

    async def run(self) -> None:
        """The worker: flush (or enqueue) woken conversations; without a job queue also
        sweep for unsent replies now and then (with one, the job worker sweeps)."""
        if self.queue is None:
            with contextlib.suppress(Exception):
                await self.sweep()
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=OUTBOX_SWEEP_SECONDS)
            except TimeoutError:
                if self.queue is None:
                    try:
                        await self.sweep()
                    except Exception:
                        log.exception("email.sweep_failed")
                continue
            self._wake.clear()
            ready = [cid for cid in self._pending if cid not in self._held]
            self._pending.difference_update(ready)
            for cid in ready:
                try:
                    await self.dispatch(cid)
                except Exception:  # the job worker's sweep sends it later
                    log.exception("email.flush_failed", conversation_id=cid)

    async def sweep(self) -> int:
        """Send what is still unsent in recently active email conversations."""
        if not self.enabled:
            return 0
        cutoff = utcnow() - OUTBOX_MAX_AGE
        async with self.desk.db.read_session() as session:
            ids = list(
                (
                    await session.execute(
                        select(Conversation.id).where(
                            Conversation.channel == "email", Conversation.updated_at >= cutoff
                        )
                    )
                ).scalars()
            )
        sent = 0
        for cid in ids:
            sent += await self.flush(cid)
        return sent

    def _lock(self, cid: str) -> asyncio.Lock:
        if len(self._locks) > 10_000:
            self._locks = {k: v for k, v in self._locks.items() if v.locked()}
        return self._locks.setdefault(cid, asyncio.Lock())

    async def flush(self, conversation_id: str, *, strict: bool = False) -> int:
        """Send this conversation's unsent replies as one email; returns emails sent.

        A transient failure (SMTP down, another sender busy with this conversation)
        leaves the replies unsent for a later pass; ``strict`` raises it instead
        (:class:`EmailError`), so a job queue retries with backoff."""
        if not self.enabled:
            return 0
        async with self._lock(conversation_id):
            return await self._flush(conversation_id, strict)

    async def _flush(self, cid: str, strict: bool = False) -> int:
        now = utcnow()
        cutoff = now - OUTBOX_MAX_AGE
        async with self.desk.db.read_session() as session:
            conversation = await session.get(Conversation, cid)
            if len(self._is_email) > 50_000:
                self._is_email.clear()
            self._is_email[cid] = conversation is not None and conversation.channel == "email"
            if conversation is None or conversation.channel != "email":
                return 0
            customer = await session.get(Customer, conversation.customer_id)
            unsent = list(
                (
                    await session.execute(
                        select(Message)
                        .where(
                            Message.conversation_id == cid,
                            Message.sender.in_(("bot", "agent")),
                            or_(
                                Message.external_id.is_(None),
                                Message.external_id.startswith(CLAIM, autoescape=True),
                            ),
                            Message.created_at >= cutoff,
                        )
                        .order_by(Message.seq)
                        .limit(20)
                    )
                ).scalars()
            )
            if not unsent:
                return 0
            if any(m.external_id and not _claim_expired(m.external_id, now) for m in unsent):
                # another process is sending these right now; the rest wait their turn
                if strict:
                    raise EmailBusy("another sender holds this conversation's replies")
                return 0
            latest = (
                await session.execute(
                    select(Message)
                    .where(
                        Message.conversation_id == cid,
                        Message.sender == "customer",
                        Message.external_id.is_not(None),
                    )
                    .order_by(Message.seq.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            known = list(
                (
                    await session.execute(
                        select(Message.external_id)
                        .where(Message.conversation_id == cid, Message.external_id.is_not(None))
                        .order_by(Message.seq.desc())
                        .limit(8)
                    )
                ).scalars()
            )
        language = conversation.language
        message_id = f"<wd.{unsent[0].id}@{_domain(self.settings)}>"
        chain = [conversation.external_ref, *reversed(known)]
        references = list(dict.fromkeys(r for r in chain if r and not r.startswith(CLAIM)))
        claim = _claim(message_id, now, self.claim_seconds)
        if not await self._claim(unsent, claim):
            if strict:
                raise EmailBusy("another sender claimed this conversation's replies first")
            return 0
        to = customer.email if customer is not None and customer.deleted_at is None else None
        if not to:
            await self._mark(unsent, claim, message_id, "no email address for this customer")
            return 0
        try:
            await send_email(
                self.settings,
                to,
                self._subject(latest, language),
                self._body(unsent),
                in_reply_to=latest.external_id if latest is not None else None,
                references=references,
                language=language,
                guard=self.desk.guard,
                message_id=message_id,
                auto_submitted=all(m.sender == "bot" for m in unsent),
            )
        except EmailError as exc:
            if exc.permanent:
                await self._mark(unsent, claim, message_id, str(exc))
                log.error("email.send_refused", conversation_id=cid, error=str(exc))
                return 0
            await self._release(unsent, claim)
            log.warning("email.send_deferred", conversation_id=cid, error=str(exc))
            if strict:
                raise
            return 0
        except ValueError:
            await self._mark(unsent, claim, message_id, "customer address is not valid")
            return 0
        except BaseException:  # cancelled mid-send: leave it to the sweep, unclaimed
            with contextlib.suppress(Exception):
                await asyncio.shield(self._release(unsent, claim))
            raise
        await self._mark(unsent, claim, message_id, None)
        return 1

    def _subject(self, latest: Message | None, language: str) -> str:
        fallback = _pick(SUBJECT_FALLBACK, language).format(brand=self.settings.brand_name)
        original = str(((latest.meta if latest else {}) or {}).get("email", {}).get("subject", ""))
        original = re.sub(
            r"^(?:\s*(?:re|aw|sv|回复|答复|رد)\s*[:：]\s*)+", "", original, flags=re.I
        )
        if not original or not self.desk.guard.check(original).allowed:
            return f"Re: {fallback}"
        return f"Re: {original}"

    def _body(self, messages: list[Message]) -> str:
        parts = []
        for message in messages:
            text = message.text.strip()
            if message.sender == "agent":
                name = " ".join(str(message.meta.get("agent_name", "")).split())[:80]
                if name:
                    text = f"{text}\n\n— {name}, {self.settings.brand_name}"
            parts.append(text)
        return "\n\n".join(parts)

    async def _claim(self, messages: list[Message], claim: str) -> bool:
        """Take the messages for this sender, all or none: each must still be unsent, or
        hold the expired claim we read (compare-and-set, so two senders never both win)."""
        async with self.desk.db.session() as session:
            for message in messages:
                seen = message.external_id
                result = await session.execute(
                    update(Message)
                    .where(
                        Message.id == message.id,
                        Message.external_id.is_(None)
                        if seen is None
                        else Message.external_id == seen,
                    )
                    .values(external_id=claim)
                )
                if cast(CursorResult[Any], result).rowcount != 1:
                    await session.rollback()
                    return False
            await session.commit()
        return True

    async def _release(self, messages: list[Message], claim: str) -> None:
        """Give the messages back (a transient failure): the next pass sends them."""
        async with self.desk.db.session() as session:
            await session.execute(
                update(Message)
                .where(Message.id.in_([m.id for m in messages]), Message.external_id == claim)
                .values(external_id=None)
            )
            await session.commit()

    async def _mark(
        self, messages: list[Message], claim: str, message_id: str, error: str | None
    ) -> None:
        """Stamp the claimed messages as handled: sent under ``message_id``, or given up
        on. A message whose claim ran out and was taken over is left to its new sender."""
        ids = [m.id for m in messages]
        async with self.desk.db.session() as session:
            await session.execute(
                update(Message)
                .where(Message.id.in_(ids), Message.external_id == claim)
                .values(external_id=message_id)
            )
            if error is not None:
                for message in messages:
                    row = await session.get(Message, message.id)
                    if row is not None:
                        row.meta = {**row.meta, "email_error": error[:200]}
            await session.commit()
