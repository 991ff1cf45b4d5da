"""Personalised security reminders: a short, timely tip for a customer whose conversation
shows a moment of risk. At most one reminder per customer and rule (the table's unique
key), none at all once the customer opts out.

Rules (checked after each bot turn, :func:`after_bot_turn`, one call from the hot path;
a turn that triggers no rule costs no database work):

- ``large_transfer``: the first time a customer mentions a large amount in a transfer
  question (send a small test first, check the whole address and the network);
- ``new_customer_import``: a customer who joined in the last week asks about importing a
  wallet (only in the official app, nobody needs the phrase);
- ``scam_reported``: a customer reported or was targeted by a scam contact (scammers come
  back as "recovery services"; nobody can reverse a transaction);
- ``secret_pasted``: a customer pasted a recovery phrase or key (the wallet is
  compromised: move the funds to a new wallet).

Reminders are shown in the widget (``/api/v1/reminders``) and sent by email to customers
who left an address. Every text passes the outgoing guard before it is shown or sent.

Email: :func:`send_reminder_emails` turns unsent reminders into email jobs and sends each
through a ``send(to, subject, body)`` (:class:`SendEmail`); by default the email channel's
``send_email`` when an SMTP server is configured. With no sender nothing is sent or
marked, so reminders go out once email is configured. The SLA clock runs it each pass.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from walletdesk.desk.sla import aware
from walletdesk.language.entities import Entity
from walletdesk.logging import get_logger
from walletdesk.safety.guard import OutgoingGuard
from walletdesk.store.db import Database
from walletdesk.store.models import Conversation, Customer, Reminder, utcnow

if TYPE_CHECKING:
    from walletdesk.bot.policy import BotTurn
    from walletdesk.config import Settings

__all__ = [
    "LARGE_AMOUNTS",
    "NEW_CUSTOMER_DAYS",
    "RULES",
    "EmailJob",
    "SendEmail",
    "after_bot_turn",
    "channel_sender",
    "dismiss",
    "email_jobs",
    "is_large",
    "pending",
    "reminder_text",
    "send_reminder_emails",
    "set_opt_out",
    "triggered_rules",
]

log = get_logger("walletdesk.reminders")

RULES: tuple[str, ...] = ("secret_pasted", "scam_reported", "large_transfer", "new_customer_import")
NEW_CUSTOMER_DAYS = 7
# "large" per token, in that token's units (no prices are looked up: the desk is offline)
LARGE_AMOUNTS: dict[str, Decimal] = {
    "USDT": Decimal(1000),
    "USDC": Decimal(1000),
    "DAI": Decimal(1000),
    "ETH": Decimal("0.5"),
    "BTC": Decimal("0.02"),
    "BNB": Decimal(2),
    "SOL": Decimal(10),
    "TRX": Decimal(10000),
    "MATIC": Decimal(2000),
    "POL": Decimal(2000),
}
MAX_PENDING = 10

# title, body and the e-mail subject per rule, in zh/en/es/ar; they carry no links
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "secret_pasted": {
        "en": (
            "Your old recovery phrase is not safe any more",
            "You shared a recovery phrase or key in our chat. We removed it, but treat that "
            "wallet as compromised: create a new wallet with a new phrase, back it up on "
            "paper, and move all your funds there. Nobody from support will ever ask for it.",
        ),
        "zh": (
            "您之前的助记词已不再安全",
            "您曾在对话中发送过助记词或私钥。我们已将其删除，但请把那个钱包视为已泄露："
            "创建一个新钱包（新的助记词，抄在纸上备份），并把全部资产转入新钱包。"
            "客服永远不会向您索要助记词。",
        ),
        "es": (
            "Tu frase de recuperación anterior ya no es segura",
            "Compartiste una frase de recuperación o una clave en nuestro chat. La eliminamos, "
            "pero considera esa billetera comprometida: crea una billetera nueva con una frase "
            "nueva, respáldala en papel y mueve allí todos tus fondos. El soporte nunca te la "
            "pedirá.",
        ),
        "ar": (
            "عبارة الاسترداد القديمة لم تعد آمنة",
            "شاركت عبارة استرداد أو مفتاحًا في محادثتنا. حذفناه، لكن اعتبر تلك المحفظة "
            "مكشوفة: أنشئ محفظة جديدة بعبارة جديدة، واحفظها على ورق، وانقل إليها كل أموالك. "
            "لن يطلبها منك فريق الدعم أبدًا.",
        ),
    },
    "scam_reported": {
        "en": (
            "Scammers often come back",
            "After a scam, fake 'recovery services' and fake support agents often get in touch "
            "and promise to get the funds back for a fee. Nobody can reverse a confirmed "
            "transaction. Our support only talks to you here, and never asks for your phrase "
            "or a payment.",
        ),
        "zh": (
            "骗子常常会再次找上门",
            "被骗之后，常有假冒的“追回服务”或假客服主动联系，声称收费就能追回资产。"
            "已确认的交易任何人都无法撤回。我们的客服只在这里与您沟通，"
            "从不索要助记词，也不会要求付款。",
        ),
        "es": (
            "Los estafadores suelen volver",
            "Después de una estafa suelen aparecer falsos «servicios de recuperación» y falsos "
            "agentes de soporte que prometen recuperar los fondos a cambio de un pago. Nadie "
            "puede revertir una transacción confirmada. Nuestro soporte solo te atiende aquí y "
            "nunca pide tu frase ni pagos.",
        ),
        "ar": (
            "المحتالون يعودون غالبًا",
            "بعد عملية احتيال، كثيرًا ما يتواصل معك من يدّعون تقديم «خدمات استرداد» أو دعم "
            "مزيف ويعدون باستعادة الأموال مقابل رسوم. لا أحد يستطيع عكس معاملة مؤكدة. فريق "
            "الدعم لدينا يتحدث معك هنا فقط، ولا يطلب أبدًا عبارتك أو أي دفعة.",
        ),
    },
    "large_transfer": {
        "en": (
            "Before a large transfer",
            "Send a small test amount first and wait until it arrives. Compare the whole "
            "address, not just the first and last characters (look-alike addresses are a "
            "common trick), and check that you picked the network the receiver supports. "
            "A confirmed transfer cannot be reversed.",
        ),
        "zh": (
            "大额转账前请注意",
            "先转一小笔测试金额，确认到账后再转剩余部分。请核对完整地址，"
            "不要只看开头和结尾几位（相似地址是常见骗局），并确认所选网络是收款方支持的网络。"
            "已确认的转账无法撤回。",
        ),
        "es": (
            "Antes de una transferencia grande",
            "Envía primero una pequeña cantidad de prueba y espera a que llegue. Compara la "
            "dirección completa, no solo los primeros y últimos caracteres (las direcciones "
            "parecidas son un truco común), y comprueba que elegiste la red que admite el "
            "destinatario. Una transferencia confirmada no se puede revertir.",
        ),
        "ar": (
            "قبل تحويل مبلغ كبير",
            "أرسل أولًا مبلغًا صغيرًا للتجربة وانتظر حتى يصل. قارن العنوان كاملًا وليس أوله "
            "وآخره فقط (العناوين المتشابهة حيلة شائعة)، وتأكد من اختيار الشبكة التي يدعمها "
            "المستلم. لا يمكن عكس التحويل بعد تأكيده.",
        ),
    },
    "new_customer_import": {
        "en": (
            "Importing a wallet safely",
            "Type your recovery phrase only into the official app, downloaded from the "
            "official store or website, and only on your own device. Never into a website, a "
            "form or a chat: no real support, airdrop or 'validation' needs it.",
        ),
        "zh": (
            "安全地导入钱包",
            "只在从官方应用商店或官网下载的官方 App 里、并且只在您自己的设备上输入助记词。"
            "不要在任何网站、表单或聊天中输入：真正的客服、空投或“验证”都不需要它。",
        ),
        "es": (
            "Importar una billetera con seguridad",
            "Escribe tu frase de recuperación solo en la app oficial, descargada de la tienda "
            "o el sitio oficial, y solo en tu propio dispositivo. Nunca en un sitio web, un "
            "formulario o un chat: ningún soporte real, airdrop ni «validación» la necesita.",
        ),
        "ar": (
            "استيراد المحفظة بأمان",
            "اكتب عبارة الاسترداد فقط في التطبيق الرسمي الذي نزّلته من المتجر أو الموقع "
            "الرسمي، وعلى جهازك أنت فقط. لا تكتبها أبدًا في موقع أو نموذج أو محادثة: لا يحتاجها "
            "أي دعم حقيقي أو توزيع مجاني أو «تحقق».",
        ),
    },
}
EMAIL_FOOTER = {
    "en": "You can turn these reminders off in the support chat.",
    "zh": "您可以在客服对话窗口中关闭这些提醒。",
    "es": "Puedes desactivar estos recordatorios en el chat de soporte.",
    "ar": "يمكنك إيقاف هذه التذكيرات من نافذة محادثة الدعم.",
}


def reminder_text(rule: str, language: str) -> tuple[str, str]:
    """``(title, body)`` of a rule's reminder in ``language`` (English when unknown)."""
    table = TEXTS[rule]
    return table.get(language) or table["en"]


# ---- rules -------------------------------------------------------------------------------
def is_large(entity: Entity) -> bool:
    if entity.kind != "amount":
        return False
    limit = LARGE_AMOUNTS.get(str(entity.detail.get("token", "")).upper())
    try:
        value = Decimal(str(entity.detail.get("amount", "")))
    except (InvalidOperation, ValueError):
        return False
    return limit is not None and value.is_finite() and value >= limit


def triggered_rules(
    intent: str, out_of_scope: bool, entities: Iterable[Entity], risk_flags: Iterable[str]
) -> list[str]:
    """The rules one bot turn triggers, before any check that needs the database (a
    customer's age, opt-out, reminders already made). Pure and cheap."""
    flags = set(risk_flags)
    rules: list[str] = []
    if "secret_pasted" in flags:
        rules.append("secret_pasted")
    if intent == "security.scam_report" or any(f.startswith("scam_") for f in flags):
        rules.append("scam_reported")
    topic = None if out_of_scope else intent
    if topic and topic.startswith("transfer.") and any(is_large(e) for e in entities):
        rules.append("large_transfer")
    if topic == "wallet.import":
        rules.append("new_customer_import")
    return rules


def _checked(guard: OutgoingGuard | None, rule: str, language: str) -> tuple[str, str] | None:
    title, body = reminder_text(rule, language)
    if guard is not None and not guard.check(f"{title}\n{body}").allowed:
        log.error("reminder.blocked_by_guard", rule=rule, language=language)
        return None
    return title, body


async def after_bot_turn(
    db: Database, conversation_id: str, turn: BotTurn, now: datetime | None = None
) -> list[Reminder]:
    """The hot-path hook: create the reminders this bot turn calls for. Never raises (a
    reminder must not cost the customer their answer); returns the reminders created."""
    rules = triggered_rules(turn.intent, turn.out_of_scope, turn.entities, turn.risk_flags)
    if not rules:
        return []
    try:
        return await create_reminders(db, conversation_id, rules, now or utcnow())
    except Exception:
        log.exception("reminder.create_failed", conversation=conversation_id)
        return []


async def create_reminders(
    db: Database, conversation_id: str, rules: Sequence[str], now: datetime
) -> list[Reminder]:
    async with db.session() as session:
        conversation = await session.get(Conversation, conversation_id)
        if conversation is None:
            return []
        customer = await session.get(Customer, conversation.customer_id)
        if customer is None or customer.reminders_opt_out or customer.deleted_at is not None:
            return []
        wanted = [
            r
            for r in rules
            if r != "new_customer_import"
            or aware(customer.created_at) >= now - timedelta(days=NEW_CUSTOMER_DAYS)
        ]
        if not wanted:
            return []
        existing = set(
            (
                await session.execute(
                    select(Reminder.rule).where(Reminder.customer_id == customer.id)
                )
            ).scalars()
        )
        made = [
            Reminder(
                customer_id=customer.id,
                rule=rule,
                conversation_id=conversation.id,
                language=conversation.language,
                created_at=now,
            )
            for rule in wanted
            if rule not in existing
        ]
        if not made:
            return []
        session.add_all(made)
        try:
            await session.commit()
        except IntegrityError:  # the same rule fired in a parallel conversation
            await session.rollback()
            return []
    return made


# ---- the widget ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ShownReminder:
    id: str
    rule: str
    language: str
    title: str
    text: str
    created_at: datetime


async def pending(
    db: Database, guard: OutgoingGuard | None, customer_id: str, now: datetime | None = None
) -> tuple[bool, list[ShownReminder]]:
    """``(opted_out, reminders)``: the customer's reminders not dismissed yet, newest first,
    each marked shown the first time it is returned. The widget asks after every answer,
    so this reads without the write lock and writes only when something is new."""
    async with db.read_session() as session:
        customer = await session.get(Customer, customer_id)
        if customer is None or customer.reminders_opt_out:
            return bool(customer and customer.reminders_opt_out), []
        rows = list(
            (
                await session.execute(
                    select(Reminder)
                    .where(Reminder.customer_id == customer_id, Reminder.dismissed_at.is_(None))
                    .order_by(Reminder.created_at.desc())
                    .limit(MAX_PENDING)
                )
            ).scalars()
        )
    shown: list[ShownReminder] = []
    first_seen: list[str] = []
    for row in rows:
        texts = _checked(guard, row.rule, row.language) if row.rule in TEXTS else None
        if texts is None:
            continue
        shown.append(
            ShownReminder(row.id, row.rule, row.language, texts[0], texts[1], row.created_at)
        )
        if row.shown_at is None:
            first_seen.append(row.id)
    if first_seen:
        async with db.session() as session:
            await session.execute(
                update(Reminder)
                .where(Reminder.id.in_(first_seen), Reminder.shown_at.is_(None))
                .values(shown_at=now or utcnow())
            )
            await session.commit()
    return False, shown


async def dismiss(db: Database, customer_id: str, reminder_id: str) -> bool:
    """Dismiss one of the customer's reminders; False when it is not theirs (or unknown)."""
    async with db.session() as session:
        row = await session.get(Reminder, reminder_id)
        if row is None or row.customer_id != customer_id:
            return False
        if row.dismissed_at is None:
            row.dismissed_at = utcnow()
            await session.commit()
    return True


async def set_opt_out(db: Database, customer_id: str, opt_out: bool) -> None:
    async with db.session() as session:
        customer = await session.get(Customer, customer_id)
        if customer is None:
            raise LookupError(customer_id)
        customer.reminders_opt_out = opt_out
        await session.commit()


# ---- email ---------------------------------------------------------------------------------
class SendEmail(Protocol):
    """What sends one reminder email: ``await send(to, subject, body, language)`` (the
    language of the footer and ``Content-Language``)."""

    def __call__(self, to: str, subject: str, body: str, language: str) -> Awaitable[object]: ...


@dataclass(frozen=True, slots=True)
class EmailJob:
    reminder_id: str
    to: str
    subject: str
    body: str
    language: str


def channel_sender(settings: Settings | None) -> SendEmail | None:
    """The email channel's ``send_email`` (``walletdesk.channels.email``) bound to the
    desk's settings, or None when no SMTP server is configured."""
    if settings is None or not getattr(settings, "smtp_url", None):
        return None
    try:
        from walletdesk.channels.email import send_email
    except ImportError:  # pragma: no cover - the channel ships with the desk
        return None

    async def send(to: str, subject: str, body: str, language: str) -> object:
        return await send_email(settings, to, subject, body, language=language)

    return send


async def email_jobs(db: Database, guard: OutgoingGuard | None, limit: int = 100) -> list[EmailJob]:
    """Reminders still to email: not dismissed, not emailed, for customers who left an
    address and did not opt out; each body passes the guard."""
    async with db.read_session() as session:
        rows = (
            await session.execute(
                select(Reminder, Customer.email)
                .join(Customer, Customer.id == Reminder.customer_id)
                .where(
                    Reminder.emailed_at.is_(None),
                    Reminder.dismissed_at.is_(None),
                    Customer.reminders_opt_out.is_(False),
                    Customer.deleted_at.is_(None),
                    Customer.email.is_not(None),
                )
                .order_by(Reminder.created_at)
                .limit(limit)
            )
        ).all()
    jobs: list[EmailJob] = []
    for reminder, address in rows:
        texts = (
            _checked(guard, reminder.rule, reminder.language) if reminder.rule in TEXTS else None
        )
        if texts is None or not address:
            continue
        footer = EMAIL_FOOTER.get(reminder.language, EMAIL_FOOTER["en"])
        jobs.append(
            EmailJob(
                reminder.id, str(address), texts[0], f"{texts[1]}\n\n{footer}", reminder.language
            )
        )
    return jobs


async def send_reminder_emails(
    db: Database,
    guard: OutgoingGuard | None,
    send: SendEmail | None = None,
    *,
    settings: Settings | None = None,
    limit: int = 100,
) -> int:
    """Email the reminders due (at least once: a reminder is marked after its email went
    out); returns how many were sent. ``send`` defaults to the email channel when
    ``settings`` name an SMTP server; without any sender nothing is sent or marked, so the
    reminders go out once email is configured."""
    sender = send or channel_sender(settings)
    if sender is None:
        return 0
    sent = 0
    for job in await email_jobs(db, guard, limit):
        try:
            await sender(job.to, job.subject, job.body, job.language)
        except Exception as exc:  # a bad address or an SMTP outage: retried next pass
            log.warning("reminder.email_failed", reminder=job.reminder_id, error=type(exc).__name__)
            continue
        async with db.session() as session:
            row = await session.get(Reminder, job.reminder_id)
            if row is not None and row.emailed_at is None:
                row.emailed_at = utcnow()
                await session.commit()
        sent += 1
    return sent
