"""The outgoing guard (invariant 2) on bot, LLM and agent messages, in zh/en/es/ar.

Blocked: requests for a secret (direct and indirect), secrets in the text, unofficial
links, promises to reverse, freeze or recover. Allowed: the safety language the knowledge
base is full of ("we will never ask for your recovery phrase"). The whole default
knowledge base must pass.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from walletdesk.safety.guard import GuardCode, GuardVerdict, OutgoingGuard
from walletdesk.safety.links import LinkChecker, LinkVerdict

KB_DIR = Path(__file__).resolve().parents[2] / "content" / "kb"

BLOCKED: dict[str, list[tuple[str, GuardCode]]] = {
    "en": [
        ("Send a screenshot of your recovery phrase to us", "asks_for_secret"),
        ("Sync your wallet by entering your seed phrase", "asks_for_secret"),
        ("Please verify ownership by sending your recovery phrase", "asks_for_secret"),
        ("Your seed phrase is required to proceed.", "asks_for_secret"),
        ("The recovery phrase must be provided for verification.", "asks_for_secret"),
        ("To speed this up, could you paste your recovery phrase here?", "asks_for_secret"),
        ("please send us your 12 words", "asks_for_secret"),
        ("could you share your seed phrase so we can check", "asks_for_secret"),
        ("What is your recovery phrase?", "asks_for_secret"),
        ("We need your private key to look into this.", "asks_for_secret"),
        ("Kindly provide your keystore file and its password.", "asks_for_secret"),
        ("Please give me the 2FA code you just received.", "asks_for_secret"),
        ("Send us the transaction hash and your private key.", "asks_for_secret"),
        ("enter your phrase on this page to sync", "asks_for_secret"),
        ("type your words in the form", "asks_for_secret"),
        ("import your wallet on our validation site", "asks_for_secret"),
        ("To verify ownership, please enter your recovery phrase.", "asks_for_secret"),
        ("Copy your phrase and send it to us.", "asks_for_secret"),
        ("Please send us the following: your seed phrase.", "asks_for_secret"),
        ("Don't worry, just send us your seed phrase and we will fix it.", "asks_for_secret"),
        ("Can you tell me your PIN?", "asks_for_secret"),
        ("Paste your 12 words below so our team can restore access.", "asks_for_secret"),
        ("we will reverse the transaction", "promises_reversal"),
        ("We can freeze the thief's wallet for you.", "promises_reversal"),
        ("we can recover your seed phrase", "promises_recovery"),
        ("Our team will get your stolen funds back within 48 hours.", "promises_recovery"),
        ("Your transaction will be reversed by tomorrow.", "promises_reversal"),
        ("Visit https://wallet-validate.web.app to continue.", "unofficial_link"),
        ("For security reasons, we need to verify your seed phrase.", "asks_for_secret"),
        ("Please confirm your recovery phrase in the chat.", "asks_for_secret"),
        ("DM me your seed phrase", "asks_for_secret"),
        ("I'll need the 12 words to restore your account", "asks_for_secret"),
        ("Your seed phrase, please.", "asks_for_secret"),
        ("Restore your wallet on this site to continue", "asks_for_secret"),
        ("Please include your seed phrase in your reply", "asks_for_secret"),
        ("You need to share your seed phrase with us to proceed.", "asks_for_secret"),
        ("If you send us your phrase, we can fix it", "asks_for_secret"),
        ("your funds will be recovered within 24 hours", "promises_recovery"),
        ("We will refund your lost USDT", "promises_recovery"),
    ],
    "zh": [
        ("为了验证身份，请发送您的私钥。", "asks_for_secret"),
        ("加我微信，把助记词发过来", "asks_for_secret"),
        ("需要提供助记词才能继续", "asks_for_secret"),
        ("麻烦发下助记词", "asks_for_secret"),
        ("请提供您的助记词", "asks_for_secret"),
        ("把私钥发给我", "asks_for_secret"),
        ("请把助记词发给客服核实。", "asks_for_secret"),
        ("我们需要您的助记词来处理这个问题。", "asks_for_secret"),
        ("您的助记词是什么？", "asks_for_secret"),
        ("麻烦告诉我们您的支付密码。", "asks_for_secret"),
        ("请在下方输入您的助记词完成验证。", "asks_for_secret"),
        ("请在这个网页上导入钱包以同步资产。", "asks_for_secret"),
        ("请将12个助记词填写到表单里。", "asks_for_secret"),
        ("请提供Keystore文件和密码。", "asks_for_secret"),
        ("您需要发送私钥给我们才能解冻。", "asks_for_secret"),
        ("请告诉我验证码。", "asks_for_secret"),
        ("我们可以帮您找回助记词", "promises_recovery"),
        ("我们会帮您追回被盗的资金。", "promises_recovery"),
        ("我们可以撤销这笔交易。", "promises_reversal"),
        ("我们将冻结骗子的地址。", "promises_reversal"),
        ("请访问 wallet-sync.app 完成验证。", "unofficial_link"),
        ("请输入您的助记词以验证身份", "asks_for_secret"),
        ("发一下你的私钥", "asks_for_secret"),
        ("请把助记词写在这里", "asks_for_secret"),
        ("请把助记词截图发给我", "asks_for_secret"),
        ("我们保证追回您的全部资产", "promises_recovery"),
        ("交易将被撤销", "promises_reversal"),
    ],
    "es": [
        ("Necesito que me compartas tu frase semilla.", "asks_for_secret"),
        ("Envíanos una foto de tu frase semilla", "asks_for_secret"),
        ("Para verificar tu cuenta, introduce tu frase semilla.", "asks_for_secret"),
        ("¿Me podrías pasar tu frase semilla?", "asks_for_secret"),
        ("Se requiere tu frase semilla para continuar", "asks_for_secret"),
        ("envíanos tu frase de recuperación", "asks_for_secret"),
        ("Por favor, comparte tu frase semilla para verificar la cuenta.", "asks_for_secret"),
        ("Necesitamos tu clave privada para revisar la transacción.", "asks_for_secret"),
        ("¿Cuál es tu frase semilla?", "asks_for_secret"),
        ("Dinos tus 12 palabras y lo solucionamos.", "asks_for_secret"),
        ("Debes enviarnos tu frase de recuperación.", "asks_for_secret"),
        ("Necesitamos que nos envíes tu frase semilla.", "asks_for_secret"),
        ("Introduce tu frase en esta página para sincronizar.", "asks_for_secret"),
        ("Escribe tus 12 palabras en el formulario.", "asks_for_secret"),
        ("Importa tu billetera en nuestro sitio de validación.", "asks_for_secret"),
        ("Envíe su contraseña y el código 2FA a soporte.", "asks_for_secret"),
        ("Mándame tu clave privada.", "asks_for_secret"),
        ("podemos revertir la transacción", "promises_reversal"),
        ("Vamos a congelar la cuenta del estafador.", "promises_reversal"),
        ("Podemos recuperar tu frase semilla.", "promises_recovery"),
        ("Recuperaremos tus fondos robados.", "promises_recovery"),
        ("Entra en https://validar-billetera.pages.dev para continuar.", "unofficial_link"),
        ("Muéstranos tu frase semilla", "asks_for_secret"),
        ("Por favor, escribe tu frase semilla aquí", "asks_for_secret"),
        ("Ingrese su frase de 12 palabras en el siguiente enlace", "asks_for_secret"),
        ("Tu transacción será revertida mañana.", "promises_reversal"),
    ],
    "ar": [
        ("أرسل لنا صورة من عبارة الاسترداد", "asks_for_secret"),
        ("مرحبا، أنا من فريق الدعم. أرسل لي الكلمات السرية لحل المشكلة.", "asks_for_secret"),
        ("هل يمكنك إرسال عبارة الاسترداد؟", "asks_for_secret"),
        ("مطلوب عبارة الاسترداد للمتابعة", "asks_for_secret"),
        ("أرسل لنا عبارة الاسترداد", "asks_for_secret"),
        ("يرجى إرسال عبارة الاسترداد للتحقق.", "asks_for_secret"),
        ("شارك معنا المفتاح الخاص.", "asks_for_secret"),
        ("نحتاج إلى عبارة الاسترداد الخاصة بك.", "asks_for_secret"),
        ("ما هي عبارة الاسترداد الخاصة بك؟", "asks_for_secret"),
        ("أعطني كلمة المرور.", "asks_for_secret"),
        ("زودنا بعبارة الاسترداد لحل المشكلة.", "asks_for_secret"),
        ("أدخل عبارة الاسترداد في هذه الصفحة للمزامنة.", "asks_for_secret"),
        ("اكتب الكلمات السرية هنا.", "asks_for_secret"),
        ("استورد محفظتك على موقع التحقق.", "asks_for_secret"),
        ("أخبرنا رمز التحقق الذي وصلك.", "asks_for_secret"),
        ("من فضلك أرسل المفتاح الخاص إلى الدعم.", "asks_for_secret"),
        ("يمكننا عكس المعاملة.", "promises_reversal"),
        ("سنجمد محفظة المحتال.", "promises_reversal"),
        ("يمكننا استعادة عبارة الاسترداد الخاصة بك.", "promises_recovery"),
        ("سنسترد أموالك المسروقة.", "promises_recovery"),
        ("ادخل إلى wallet-rectify.vercel.app لإكمال العملية.", "unofficial_link"),
        ("الرجاء كتابة عبارة الاسترداد هنا", "asks_for_secret"),
        ("سيتم استرداد أموالك خلال يومين", "promises_recovery"),
    ],
}
ALLOWED: dict[str, list[str]] = {
    "en": [
        "Never take a screenshot of your recovery phrase.",
        "Do not send a photo of your 12 words to anyone.",
        "Could you send us a screenshot of the error?",
        "Please describe what happened in your own words.",
        "Your recovery phrase is required to restore your wallet in the app.",
        "Your recovery phrase must never be shared.",
        "You can verify your backup by entering the words again in the app.",
        "Scammers trick you into verifying by sharing your phrase.",
        "We will never ask for your recovery phrase.",
        "Never share your seed phrase with anyone, including us.",
        "Do not type your phrase into any website.",
        "Support never needs your private key.",
        "Nobody can recover a lost phrase.",
        "A confirmed transaction cannot be reversed.",
        "Write your 12 words on paper and keep them offline.",
        "Re-import the wallet with your recovery phrase and set a new password.",
        "Never, ever share your recovery phrase.",
        "If anyone asks for your phrase, stop: it is a scam.",
        "If someone asks you to send your seed phrase, block them.",
        "Scammers ask you to type your phrase into a 'validation' page.",
        "Type your 12 words in order, in lower case, with one space between words.",
        "Enter your recovery phrase only inside the wallet app on your own device.",
        "Open the app and enter your PIN to unlock it.",
        "Please share your public address and the transaction hash.",
        "Send us the transaction hash, not your private key.",
        "We need your public address and the network you used.",
        "If you share your phrase, anyone can take your funds.",
        "Tell the sender which network to use, and never share your recovery phrase.",
        "Anyone who has your words can take everything in the wallet.",
        "You can cancel a pending transaction by sending a replacement with the same nonce and "
        "a higher fee.",
        "We cannot freeze any address or reverse a transaction.",
        "Only the exchange can credit a deposit sent to the wrong network.",
        "Check the transaction on https://etherscan.io before you try again.",
        "Your app password only unlocks the app on this device; we never had it.",
        "Do you still have your recovery phrase written down?",
        "What is a recovery phrase? It is the list of 12 or 24 words that backs up your wallet.",
        "We are sorry: nobody, our team included, can get stolen funds back.",
        "Don't paste your private key into a chat, a form or an email.",
        "Never enter your seed phrase on any website, even if it looks like ours.",
        "Scammers often say: 'send us your seed phrase to verify your wallet'.",
        "The app will show your recovery phrase; write it down.",
        "Go to Settings, then reveal your recovery phrase and copy it on paper.",
        "If you ever shared your phrase, move your funds to a new wallet.",
        "Did you share your seed phrase with anyone?",
        "Keep your seed phrase offline and send us only the transaction hash.",
        "Import your wallet in the app and not on a website.",
        "We can help you reset your app password by re-importing your phrase.",
        "Let us know if you still have your recovery phrase.",
        "I know your recovery phrase is important to you.",
        "We will get back to you within a day.",
        "When the app asks, confirm the words.",
        "To verify your backup, type the words again in the app.",
        "Paste the private key into the app.",
        "Support will never ask you to enter your recovery phrase on a website.",
        "Anyone who asks you to enter your phrase to sync or validate your wallet is a scammer.",
        "They may send a link to a fake validation page and ask you to import your wallet there.",
    ],
    "zh": [
        "请把交易哈希发给我们，我们帮您查询。",
        "我们会帮您查看交易状态，但无法撤销交易。",
        "别人给你的助记词里有币，千万不要往里面转手续费。",
        "导入钱包需要输入助记词",
        "如果有人向您索要助记词，那一定是骗子",
        "我们永远不会向您索要助记词、私钥或密码。",
        "不要把助记词发给任何人，包括我们。",
        "千万不要把助记词输入任何网站、聊天窗口或表单。",
        "在钱包 App 里选择导入钱包，输入你的 12 个助记词，再设置一个新密码即可。",
        "请把助记词抄在纸上，离线保存。",
        "丢失的助记词任何人都无法找回，包括我们。",
        "已确认的交易无法撤销。",
        "我们无法冻结任何地址，也无法撤销交易。",
        "有人说“给我助记词帮你修复”，那就是骗局。",
        "请提供您的钱包地址和交易哈希。",
        "请发送交易哈希，不要发送私钥。",
        "客服从来不需要你的助记词。",
        "用助记词在钱包 App 里重新导入钱包并设置新密码。",
        "输入 PIN 码解锁 App。",
        "按顺序输入助记词，单词之间只留一个空格。",
        "任何网站、弹窗或“客服”让你填助记词，都是诈骗。",
        "什么是助记词？它是备份钱包的 12 或 24 个单词。",
        "您还保存着助记词吗？",
        "交易确认后就无法撤回，请务必核对地址。",
        "待确认的交易可以用相同 nonce、更高手续费的交易来取消。",
        "只有交易所能冻结其平台上的账户。",
        "请在区块浏览器上查看这笔交易。",
        "谁拿到你的助记词，谁就能转走你的资产。",
        "如果你把助记词发给别人，资产就会被盗。",
        "绝不要截图保存助记词。",
        "分享助记词会导致资产被盗。",
        "请把助记词写在纸上。",
        "请把助记词抄在纸上，不要截图。",
        "已确认的交易会被撤销吗？不会。",
    ],
    "es": [
        "Para restaurar tu billetera, introduce tu frase semilla en la app.",
        "No compartas tu frase con nadie, ni siquiera con nosotros.",
        "Si alguien dice ser de soporte y te pide tu frase, es un estafador.",
        "Podemos ayudarte a cancelar una transacción pendiente.",
        "Nadie, ni siquiera nosotros, puede revertir una transacción confirmada.",
        "nunca compartas tu frase semilla",
        "Nunca te pediremos tu frase de recuperación.",
        "No escribas tu frase en ninguna web, chat o formulario.",
        "Nadie puede recuperar una frase perdida, tampoco nuestro equipo.",
        "Una transacción confirmada no se puede revertir.",
        "Escribe tus 12 palabras en papel y guárdalas sin conexión.",
        "Vuelve a importar la billetera con tu frase de recuperación y pon una contraseña nueva.",
        "Escribe tu frase solo dentro de la app auténtica, en tu propio dispositivo.",
        "Si alguien te pide tu frase semilla, es una estafa.",
        "Si alguien te pide que envíes tu frase, bloquéalo.",
        "Ignora a quien te comparta una frase de recuperación de una billetera con fondos.",
        "La app te muestra tu frase de recuperación: 12 o 24 palabras.",
        "Envíanos tu dirección pública y el hash de la transacción.",
        "Nuestro soporte nunca necesita tu clave privada ni tu contraseña.",
        "No podemos congelar direcciones ni revertir transacciones.",
        "Escribe la contraseña de la app para ver la frase.",
        "Introduce el PIN para desbloquear la app.",
        "Solo el exchange puede acreditar un depósito enviado a la red equivocada.",
        "¿Todavía tienes tu frase de recuperación anotada?",
        "¿Qué es una frase semilla? Es la lista de palabras que respalda tu billetera.",
        "Quien tenga tus palabras puede llevarse tus fondos.",
        "Puedes cancelar una transacción pendiente enviando otra con el mismo nonce y una "
        "comisión mayor.",
        "Comparte solo tu dirección pública, nunca tu frase.",
        "Si compartes tu frase, cualquiera puede vaciar tu billetera.",
        "Apunta las palabras en papel, en orden.",
        "Revisa la transacción en https://etherscan.io antes de volver a intentarlo.",
        "Muestra tu frase solo dentro de la app.",
    ],
    "ar": [
        "لن يطلب منك الدعم أبدا عبارة الاسترداد.",
        "يمكننا مساعدتك في فهم ما حدث، لكن لا يمكننا استرداد الأموال.",
        "احتفظ بعبارة الاسترداد على الورق ولا تشاركها مع أحد.",
        "أرسل لنا هاش المعاملة وعنوانك العام فقط.",
        "لا يمكنك إرسال عبارة الاسترداد لأي أحد.",
        "لا تشارك عبارة الاسترداد مع أي أحد",
        "لن نطلب منك أبدا عبارة الاسترداد أو المفتاح الخاص.",
        "لا تكتب عبارة الاسترداد في أي موقع أو نموذج أو محادثة.",
        "لا يمكن لأحد استعادة عبارة الاسترداد المفقودة، ولا حتى فريقنا.",
        "لا يمكن عكس المعاملة المؤكدة.",
        "اكتب الكلمات الاثني عشر على الورق واحتفظ بها دون اتصال.",
        "أعد استيراد المحفظة بعبارة الاسترداد وعيّن كلمة مرور جديدة.",
        "إذا طلب منك أحد إرسال عبارة الاسترداد فهو محتال.",
        "إذا أعطيت عبارة الاسترداد لأي شخص، أنشئ محفظة جديدة فورا.",
        "أرسل لنا عنوانك العام وهاش المعاملة.",
        "الدعم لا يحتاج أبدا إلى مفتاحك الخاص.",
        "لا نستطيع تجميد أي عنوان أو عكس أي معاملة.",
        "أدخل عبارة الاسترداد داخل التطبيق فقط على جهازك.",
        "أدخل رمز PIN لفتح التطبيق.",
        "من يملك كلماتك يستطيع أخذ أموالك.",
        "هل ما زلت تحتفظ بعبارة الاسترداد مكتوبة؟",
        "ما هي عبارة الاسترداد؟ هي قائمة الكلمات التي تحفظ محفظتك.",
        "فقط المنصة يمكنها إضافة إيداع أرسل على الشبكة الخطأ.",
        "يمكنك إلغاء معاملة معلقة بإرسال معاملة بنفس nonce ورسوم أعلى.",
        "إياك أن ترسل عبارة الاسترداد لأي شخص.",
        "احذر من أي شخص يطلب منك المفتاح الخاص.",
        "يرجى عدم إرسال عبارة الاسترداد لأي أحد.",
        "شارك عنوانك العام فقط، وليس عبارة الاسترداد.",
        "اكتب الكلمات بالترتيب داخل التطبيق.",
        "لا أحد يستطيع استرداد الأموال المسروقة، بما في ذلك فريقنا.",
        "تحقق من المعاملة على https://etherscan.io قبل المحاولة مرة أخرى.",
        "الرجاء كتابة عبارة الاسترداد على ورقة.",
    ],
}


@pytest.fixture(scope="module")
def guard() -> OutgoingGuard:
    return OutgoingGuard(LinkChecker())


def _show(text: str, verdict: GuardVerdict) -> str:
    return repr([(r.code, text[r.start : r.end], r.message) for r in verdict.reasons])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param(t, c, id=f"{lang}-{i}")
        for lang, rows in BLOCKED.items()
        for i, (t, c) in enumerate(rows)
    ],
)
def test_blocked_message(guard: OutgoingGuard, text: str, code: GuardCode) -> None:
    verdict = guard.check(text)
    assert not verdict.allowed
    assert code in {r.code for r in verdict.reasons}, _show(text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(t, id=f"{lang}-{i}")
        for lang, rows in ALLOWED.items()
        for i, t in enumerate(rows)
    ],
)
def test_safety_language_is_allowed(guard: OutgoingGuard, text: str) -> None:
    verdict = guard.check(text)
    assert verdict.allowed, _show(text, verdict)
    assert verdict.reasons == []


def test_corpus_size_per_language() -> None:
    for lang in ("en", "zh", "es", "ar"):
        assert len(BLOCKED[lang]) >= 15, lang
        assert len(ALLOWED[lang]) >= 25, lang


# --------------------------------------------------------------------------- knowledge base


def _kb_files() -> list[Path]:
    return sorted(KB_DIR.glob("**/*.md")) if KB_DIR.is_dir() else []


def _kb_parts(path: Path) -> list[tuple[str, str]]:
    """(field, text) pairs: the front-matter summary and the Markdown body."""
    raw = path.read_text(encoding="utf-8")
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n?(.*)\Z", raw, re.S)
    assert match, f"{path}: no YAML front matter"
    meta = yaml.safe_load(match.group(1)) or {}
    assert isinstance(meta, dict), f"{path}: front matter is not a mapping"
    return [("summary", str(meta.get("summary", ""))), ("body", match.group(2))]


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=str(p.relative_to(KB_DIR))) for p in _kb_files()]
    or [pytest.param(None, id="empty", marks=pytest.mark.skip(reason=f"no articles in {KB_DIR}"))],
)
def test_knowledge_base_article_passes_the_guard(path: Path) -> None:
    # No official domains configured: only the shipped known-safe sites (explorers) may
    # appear, which is what the default content promises.
    guard = OutgoingGuard(LinkChecker())
    for field, text in _kb_parts(path):
        verdict = guard.check(text)
        assert verdict.allowed, f"{path.name} {field}: {_show(text, verdict)}"


# --------------------------------------------------------------------------- secrets and links


def test_a_recovery_phrase_in_the_text_is_blocked(guard: OutgoingGuard) -> None:
    phrase = " ".join(["abandon"] * 11 + ["about"])
    text = f"Thanks! For the record, the words you sent were: {phrase}"
    verdict = guard.check(text)
    assert not verdict.allowed
    secret = next(r for r in verdict.reasons if r.code == "contains_secret")
    assert phrase in text[secret.start : secret.end] or text[secret.start : secret.end] in phrase
    assert "recovery phrase" in secret.message


def test_a_private_key_in_the_text_is_blocked(guard: OutgoingGuard) -> None:
    key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    verdict = guard.check(f"The private key is {key}")
    assert "contains_secret" in {r.code for r in verdict.reasons}


def test_unofficial_link_is_blocked_with_its_span(guard: OutgoingGuard) -> None:
    text = "Check https://etherscan.io/tx/0xabc and then go to https://metamask-verify.app now."
    verdict = guard.check(text)
    assert not verdict.allowed
    [reason] = verdict.reasons
    assert reason.code == "unofficial_link"
    assert text[reason.start : reason.end] == "https://metamask-verify.app"
    assert "metamask-verify.app" in reason.message


def test_official_and_known_safe_links_pass() -> None:
    guard = OutgoingGuard(LinkChecker(official_domains=["examplewallet.com"]))
    text = (
        "Download the app from https://examplewallet.com/download and check the transfer "
        "on https://tronscan.org or https://etherscan.io."
    )
    assert guard.check(text).allowed
    # Without the operator's domain configured, the same link is not trusted.
    assert not OutgoingGuard(LinkChecker()).check(text).allowed


class _BrokenLinks(LinkChecker):
    def check_text(self, text: str) -> list[LinkVerdict]:
        raise RuntimeError("link lists unavailable")


def test_fails_closed_when_links_cannot_be_checked() -> None:
    verdict = OutgoingGuard(_BrokenLinks()).check("Hello, how can I help?")
    assert not verdict.allowed
    assert verdict.reasons[0].code == "unofficial_link"


# --------------------------------------------------------------------------- contract


def test_to_dict_matches_the_cli_contract(guard: OutgoingGuard) -> None:
    assert guard.check("How can I help you today?").to_dict() == {"allowed": True, "reasons": []}
    data = guard.check("please send us your 12 words").to_dict()
    assert data["allowed"] is False
    reasons = data["reasons"]
    assert isinstance(reasons, list)
    assert set(reasons[0]) == {"code", "message", "start", "end"}
    assert reasons[0]["code"] == "asks_for_secret"


def test_reason_explains_what_to_do(guard: OutgoingGuard) -> None:
    [reason] = guard.check("Could you share your seed phrase so we can check?").reasons
    assert reason.message.startswith("Asks the customer for their recovery phrase.")
    assert "never" in reason.message
    [reason] = guard.check("We will reverse the transaction for you.").reasons
    assert "cannot be reversed" in reason.message
    [reason] = guard.check("We can recover your seed phrase.").reasons
    assert reason.code == "promises_recovery"
    [reason] = guard.check("Please send us your private key.").reasons
    assert "private key" in reason.message


def test_spans_point_into_the_original_text(guard: OutgoingGuard) -> None:
    text = "Ｈｅｌｌｏ!\u200b  Ｐｌｅａｓｅ send us your SEED PHRASE."
    [reason] = guard.check(text).reasons
    assert text[reason.start : reason.end] == "send us your SEED PHRASE"


def test_disguised_request_is_still_blocked(guard: OutgoingGuard) -> None:
    # Cyrillic look-alike letters, a zero-width joiner, Arabic diacritics.
    assert not guard.check("Рlease sеnd us your sе\u200dеd phrase").allowed
    assert not guard.check("أَرْسِلْ لَنَا عِبَارَةَ الاسْتِرْدَادِ").allowed
    assert not guard.check("ENVIANOS TU FRASE DE RECUPERACION").allowed


def test_several_problems_are_all_reported_in_order(guard: OutgoingGuard) -> None:
    text = (
        "We can reverse the transaction. Meanwhile please send us your private key "
        "at https://wallet-support-desk.web.app"
    )
    verdict = guard.check(text)
    codes = [r.code for r in verdict.reasons]
    assert {"promises_reversal", "asks_for_secret", "unofficial_link"} <= set(codes)
    assert [r.start for r in verdict.reasons] == sorted(r.start for r in verdict.reasons)


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01",
        "\ud800 lone surrogate",
        "🔑" * 5000,
        "。" * 5000,
        "،" * 5000,
        "a" * 50_000,
    ],
)
def test_odd_input_never_raises(guard: OutgoingGuard, text: str) -> None:
    verdict = guard.check(text)
    assert isinstance(verdict.allowed, bool)


def test_request_hidden_after_a_long_preamble_is_found(guard: OutgoingGuard) -> None:
    text = "Thanks for waiting. " * 10_000 + "Now please send us your seed phrase."
    verdict = guard.check(text)
    assert not verdict.allowed
    reason = verdict.reasons[0]
    assert text[reason.start : reason.end] == "send us your seed phrase"


def test_link_after_a_long_preamble_is_found(guard: OutgoingGuard) -> None:
    text = "ok " * 150_000 + "https://wallet-rectify.pages.dev"
    verdict = guard.check(text)
    assert [r.code for r in verdict.reasons] == ["unofficial_link"]
    assert text[verdict.reasons[0].start :] == "https://wallet-rectify.pages.dev"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_raises_and_spans_are_valid(text: str) -> None:
    verdict = OutgoingGuard(LinkChecker()).check(text)
    assert verdict.allowed == (verdict.reasons == [])
    for r in verdict.reasons:
        assert 0 <= r.start <= r.end <= len(text)
