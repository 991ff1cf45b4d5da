"""The outgoing guard (invariant 2): nothing the desk sends asks for a secret, carries a
secret, points to an unofficial place or promises what nobody can do.

Every bot, LLM and human-agent message passes :meth:`OutgoingGuard.check` before it is
stored or sent. A message is blocked when it

- asks the customer for a recovery phrase, private key, keystore, password, PIN or 2FA
  code, directly ("send us your 12 words") or indirectly ("enter your phrase on this page
  to sync", "import your wallet on our validation site");
- contains a secret itself (``walletdesk.safety.secrets.find_secrets``);
- links anywhere whose verdict is not ``official`` or ``known_safe``;
- promises to reverse or cancel a transaction, freeze a thief, or recover a lost phrase
  or stolen funds.

The knowledge base is full of safety language that mentions the same words ("we will
never ask for your recovery phrase", "write your 12 words on paper", "re-import the
wallet with your recovery phrase"), so the request rules are built around *who receives
the secret*: a request is a send/share verb aimed at us or at a site, an "enter it here"
instruction pointing at a page, form or chat, or a first-person need ("we need your
phrase"). Negation in the same clause ("never share", "不要", "nunca", "لا تشارك") and
reported speech ("if someone asks you to send ...") do not count as requests.

Text is matched on the folded copy from :func:`walletdesk.safety.scams.fold_text`, clause
by clause; work is linear in the length of the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from walletdesk.safety.links import extract_links
from walletdesk.safety.scams import Folded, compile_folded, fold_text
from walletdesk.safety.secrets import find_secrets

if TYPE_CHECKING:
    from walletdesk.safety.links import LinkChecker, LinkSpan, LinkVerdict

__all__ = ["GuardCode", "GuardReason", "GuardVerdict", "OutgoingGuard"]

GuardCode = Literal[
    "asks_for_secret",
    "contains_secret",
    "unofficial_link",
    "promises_reversal",
    "promises_recovery",
]

_SAFE_VERDICTS = frozenset({"official", "known_safe"})
_LINK_CHUNK_CHARS = 100_000  # links are read chunk by chunk: the link scanner caps its input
_LINKS_PER_CHUNK_CAP = 200  # the link scanner's per-call cap: reaching it means "unchecked"
_MAX_CLAUSE_CHARS = 600
_MAX_REASONS = 100  # a message this bad is blocked anyway; the first reasons say why


@dataclass(frozen=True, slots=True)
class GuardReason:
    """Why a message was blocked; ``message`` is plain English an agent can act on."""

    code: GuardCode
    message: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GuardVerdict:
    allowed: bool
    reasons: list[GuardReason]

    def to_dict(self) -> dict[str, object]:
        """The ``walletdesk guard --json`` contract: ``{"allowed", "reasons": [...]}``."""
        return {
            "allowed": self.allowed,
            "reasons": [
                {"code": r.code, "message": r.message, "start": r.start, "end": r.end}
                for r in self.reasons
            ],
        }


# --------------------------------------------------------------------------- vocabulary
# Patterns are written in natural script and compiled against folded text (lower case, no
# accents, Arabic hamza/ta marbuta/alef maqsura folded). ``<NAME>`` expands to _T[NAME].

_T: dict[str, str] = {}

# What counts as a secret, when it is the object of a request.
_T["N_EN"] = (
    r"\b(?:(?:secret |seed |recovery |backup |mnemonic |wallet |12[- ]word |24[- ]word "
    r"|twelve[- ]word |twenty[- ]four[- ]word )+(?:phrases?|words?|sentences?)"
    r"|seed|mnemonics?(?: phrases?| words| sentences?)?|private keys?|priv ?keys?|secret keys?"
    r"|keystore(?: files?| json)?|(?:12|24|twelve|twenty[- ]four) (?:secret |recovery |seed )?"
    r"words|passwords?|passcodes?|pin(?: codes?| numbers?)?|2fa(?: codes?)?"
    r"|(?:verification|authenticator|authentication|google authenticator|sms|otp|one[- ]time)"
    r" codes?|otp)\b"
)
_T["N_ZH"] = (
    r"助记词|助记码|助忆词|种子词|种子短语|恢复短语|恢复词|私钥|密钥|秘钥|keystore"
    r"|(?:12|24|十二|二十四)\s*个\s*(?:单)?词|单词|支付密码|交易密码|密码|pin\s*码|验证码|动态码|口令"
)
_T["N_ES"] = (
    r"\b(?:frases? (?:semilla|secreta|de recuperación|de respaldo|mnemónica|de (?:12|24) palabras)"
    r"|semilla|palabras (?:semilla|secretas|de recuperación|de respaldo)"
    r"|(?:12|24|doce|veinticuatro) palabras|clave privada|llave privada|clave secreta|mnemónic[oa]"
    r"|keystore|contraseña|pin|código (?:2fa|de verificación|de autenticación|sms|de google))\b"
)
_T["N_AR"] = (
    r"عبار(?:ة|ت)\w*\s+(?:ال)?(?:استرداد|استرجاع|استعادة|سرية|بذر\w*|أمان|نسخ الاحتياطي)"
    r"|(?:ال)?كلمات\s+(?:ال)?(?:سرية|احتياطية|استرداد|استرجاع|استعادة|12|اثني عشر|مرور)"
    r"|(?:ال)?(?:12|24)\s+كلم\w*|(?:ال)?مفتاح\w*\s+(?:ال)?(?:خاص|سري)|مفتاحك|عبارتك|كلماتك"
    r"|كلم(?:ة|ت)\s+(?:ال)?(?:مرور|سر)|كلمة مرورك|الرقم السري|رمز (?:ال)?(?:تحقق|مصادقة|pin)"
    r"|(?:ملف\s+)?keystore"
)
_T["N"] = "|".join(f"(?:{_T[k]})" for k in ("N_EN", "N_ZH", "N_ES", "N_AR"))
# Bare words that name the secret only as a direct object ("send us your words").
_T["N_BARE"] = r"\b(?:phrase|words|frase|palabras|clave|semilla)\b"

# Fillers allowed between a verb and its object.
_T["DET_EN"] = (
    r"us|me|it|them|over|out|back|in|down|along|your|yours|the|a|an|all|both|this|that|these"
    r"|those|full|whole|entire|complete|exact|correct|original|current|wallet'?s?|secret|of"
    r"|please|pls|kindly|here|now|below|first|just|only|also|immediately|quickly|to us|to me"
    r"|with us|with me|\d+|twelve|twenty-four|\d+-word|app"
    r"|(?:screenshot|photo|picture|image|copy|scan|video|photograph)s?(?: of)?"
    r"|(?:paper|card|sheet|note|page) (?:with|showing|containing)"
)
_T["DET_ES"] = (
    r"nos|me|lo|la|los|las|tu|tus|su|sus|el|un|una|unos|unas|toda|todas|todo|completa|completo"
    r"|exacta|de|del|a nosotros|por aquí|aquí|ahora|por favor|también|solo|\d+|doce|veinticuatro"
    r"|foto|fotografía|captura(?: de pantalla)?|imagen|copia"
)
_T["DET_ZH"] = (
    r"一下|一份|下|给我们|给我|给客服|我们|我|您的|你的|您|你|的|完整的|完整|全部|所有|这个|那个"
    r"|钱包的|了|过来|出来|\s"
)
_T["DET_AR"] = (
    r"لنا|لي|إلينا|معنا|معي|للدعم|لفريق الدعم|من فضلك|رجاء|الآن|فورا|كامل\w*|جميع|كل"
    r"|(?:صورة|لقطة شاشة|نسخة)(?:\s+(?:من|ل))?"
)

_T["OBJ_EN"] = r"(?:\s+(?:<DET_EN>)\b){0,6}\s+(?:<N_EN>|<N_BARE>)"
_T["OBJ_ES"] = r"(?:\s+(?:<DET_ES>)\b){0,6}\s+(?:<N_ES>|<N_BARE>)"
_T["OBJ_ZH"] = r"(?:<DET_ZH>){0,5}(?:<N_ZH>)"
_T["OBJ_AR"] = r"(?:\s+(?:<DET_AR>)){0,4}\s+[بل]?(?:<N_AR>)"
# A second object joined by "and" ("the hash and your private key").
_T["AND_EN"] = (
    r"[^.;:!?\n]{0,60}?\s(?:and|or|plus|as well as|along with|together with|&)"
    r"(?:\s+(?:<DET_EN>)\b){0,4}\s+(?:<N_EN>)"
)

# Send-type verbs (imperative forms).
_T["SEND_EN"] = (
    r"\b(?:send|share|provide|give|tell|submit|forward|dm|upload|hand over|read out|spell out"
    r"|reply with|respond with|let (?:us|me) (?:have|see|know)|show (?:us|me)|read (?:us|me)"
    r"|by (?:sending|sharing|providing|giving|submitting|telling|forwarding)(?: us| me)?)\b"
)
# Verbs that are ordinary app instructions ("reveal your phrase in Settings") unless the
# secret goes to us ("reveal it to us", "muéstranos tu frase").
_T["SEND_WEAK"] = (
    r"\b(?:show|reveal|disclose|read|post|drop|message|text|pm|e-?mail)\b"
    r"|\b(?:muestr[ae]|revel[ae])(?:nos|me)?(?:l[oa]s?)?\b"
)
_T["SEND_ES"] = (
    r"\b(?:envi[ae]|mand[ae]|compart[ae]|proporcion[ae]|facilit[ae]|indic[ae]"
    r"|reenvi[ae]|adjunt[ae]|pas[ae]|dinos|dime|digan?(?:nos|me)|escrib[ae](?:nos|me)"
    r"|d[ae](?:nos|me)|sub[ae]|comunic[ae])(?:nos|me)?(?:l[oa]s?)?\b"
    r"|\b(?:enviar|mandar|compartir|proporcionar|facilitar|indicar|revelar|mostrar|escribir"
    r"|dar|decir|pasar|adjuntar|subir|comunicar)(?:nos|me)(?:l[oa]s?)?\b"
)
_T["SEND_ES_INF"] = (
    r"\b(?:enviar|mandar|compartir|proporcionar|facilitar|indicar|revelar|mostrar|dar|decir"
    r"|pasar|adjuntar|subir|comunicar)(?:nos|me)?(?:l[oa]s?)?\b"
    r"|\b(?:envíes|mandes|compartas|proporciones|facilites|indiques|reveles|muestres|des"
    r"|digas|pases|adjuntes|subas|envíe|mande|comparta|proporcione|facilite|indique|dé|diga)"
    r"\b"
)
_T["SEND_ZH"] = (
    r"发给|发送|发过来|发来|发一下|发下|发个|发我|提供|告诉|给我|分享|透露|说出|上传|提交|报给|报一下"
    r"|截图发|拍照发|交给|出示|私信给?我"
)
_T["REQ_AR"] = (
    r"يرجى|الرجاء|نرجو|من فضلك|رجاء|يجب عليك|عليك|يجب|نطلب منك|أرجو|برجاء|يلزم|هل يمكنك|يمكنك"
    r"|ممكن|أريد منك|نريد منك|نحتاج منك|أحتاج منك|نرغب في"
)
_T["SEND_AR"] = (
    r"(?<!\w)[وف]?(?:أرسل|ابعث|شارك|زود|قدم|أعط|أخبر|قل|ارفع|أرفق)(?:ها|ه|هم|وا|ي|ني|نا)?"
    r"(?!\w)|(?<!\w)[وف]?اكتب (?:لنا|لي)(?!\w)"
)
_T["SEND_AR_MASDAR"] = r"إرسال|مشاركة|تزويد\w*|تقديم|إعطاء|إخبار\w*|رفع|إرفاق"

# Enter-type verbs: harmless in the wallet app, a request when aimed at a page or chat.
_T["ENTER_EN"] = (
    r"\b(?:enter|type|paste|input|key in|fill in|fill out|write|put|insert|import|scan|copy"
    r"|include|attach|confirm|verify|validate|submit|sync|by (?:entering|typing|pasting|inputting"
    r"|importing|filling in|writing|submitting))\b"
)
_T["ENTER_ES"] = (
    r"\b(?:introduc[ea]|introduzca|ingres[ae]|escrib[ae]|peg[au]e?|import[ae]|rellen[ae]"
    r"|complet[ae]|pon|ponga|coloc[ae]|copi[ae])(?:la|lo|las|los)?\b"
    r"|\b(?:introducir|ingresar|escribir|pegar|importar|rellenar|completar|poner|colocar|copiar)"
    r"(?:la|lo|las|los)?\b"
)
_T["ENTER_ZH"] = r"输入|填写|填入|粘贴|导入|录入|键入|填到|输到|填上|写在|写入|贴到|复制到"
_T["ENTER_AR"] = r"(?<!\w)[وف]?(?:أدخل|اكتب|الصق|املأ|استورد|ضع|انسخ)(?:ها|ه|وا|ي)?(?!\w)"

# Where an "enter it" instruction points.
_T["UNSAFE_DEST"] = (
    r"\b(?:here|below|above)\b|\b(?:in|into|on|at|via|through|using|to|onto|inside)\s+"
    r"(?:(?:this|the|our|that|a|an|your|my|following|secure|official|verification|validation"
    r"|support|sync|web|online|live|google|special|dedicated|same)\s+){0,3}(?:page|site|website|webpage"
    r"|web page|link|portal|form|field|box|chat|reply|message|ticket|dm|email|e-mail|url|dapp"
    r"|bot|tool|validator|checker|document|doc|spreadsheet|sheet|telegram|whatsapp|survey"
    r"|window|popup|pop-up|address bar)s?\b"
    r"|\b(?:on|at|to|in|into|via)\s+(?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)+"
    r"|\b(?:to|with)\s+(?:us|me|support|our (?:team|support|agents?|staff)|the (?:agent|team"
    r"|support team))\b"
    r"|这里|此处|下方|下面|上面|链接|网页|网站|页面|表单|聊天框|对话框|聊天窗口|对话|私信|邮件|机器人"
    r"|给我|给我们|客服|\b(?:aquí|abajo|debajo)\b|\b(?:en|a|por)\s+(?:(?:esta|este|la|el|nuestra"
    r"|nuestro|un|una|siguiente)\s+){0,2}(?:página|sitio|web|enlace|link|formulario|chat|campo"
    r"|mensaje|correo|bot|portal|nosotros|soporte)\b"
    r"|هنا|أدناه|(?:في|على|عبر)\s+(?:هذا|هذه|ال)?\s*(?:ال)?(?:موقع|صفحة|رابط|نموذج|محادثة|دردشة"
    r"|خانة|بوت)"
)
_T["SAFE_DEST"] = (
    r"\b(?:app|application|wallet app|device|phone|hardware wallet|paper|offline|metal plate"
    r"|notebook)\b|应用|app|钱包|设备|手机|纸|\b(?:aplicación|app|dispositivo|papel|teléfono)\b"
    r"|التطبيق|الورق|جهاز"
)
_T["PURPOSE"] = (
    r"\b(?:to|so as to|in order to|and)\s+(?:\w+\s+)?(?:sync|synchroni[sz]e|validate|verify"
    r"|rectify|whitelist|reactivate|activate|unfreeze|claim|authenticate|migrate|upgrade"
    r"|unlock (?:your |the )?(?:funds|assets|tokens|withdrawal|account))\b"
    r"|\b(?:sync|synchroni[sz]e|validate|rectify|reactivate|whitelist|unfreeze)\s+(?:your\s+"
    r"|the\s+)?(?:wallet|account|funds)\b"
    r"|\bso (?:that )?(?:we|i|our team|support|the agent) can\b|\bfor (?:verification|validation"
    r"|synchroni[sz]ation|authentication|review|checking|our records)\b"
    r"|验证|同步|激活|解冻|升级|修复|核实|以便我们|方便我们|让我们|供我们"
    r"|\bpara (?:sincronizar|validar|verificar|activar|reactivar|desbloquear|reclamar|migrar)"
    r"|\bpara que (?:podamos|pueda|el soporte)|\bpara (?:la )?(?:verificación|validación)"
    r"|للتحقق|لمزامنة|لتفعيل|لفك|حتى نتمكن|لكي نتمكن|للمطالبة|لتوثيق|للمزامنة"
)

# A request shape right before a send verb.
_T["REQ_PREFIX"] = (
    r"(?:^|\b(?:please|pls|kindly|just|now|also|then|and|first|simply|quickly|so|ok|okay"
    r"|next|finally|hi|hello|hey|dear|sir|madam|friend|there|customer|user)\s*"
    r"|^\s*(?:step\s*)?\d+[.)]?|^\s*[-*•>])\s*$"
    r"|\b(?:can|could|would|will) you\s+(?:please\s+|kindly\s+|just\s+|also\s+)?$"
    r"|\byou\s+(?:will\s+)?(?:must|need to|have to|should|'ll need to|are required to|can|may"
    r"|will need to|just need to|only need to)\s+(?:please\s+|also\s+|first\s+)?$"
    r"|\b(?:we|i)\s+(?:'d|would|will|do|really|also|just)?\s*(?:need|want|would like|require"
    r"|ask|request|kindly ask|must ask)\s+you\s+to\s+$"
    r"|\b(?:let's|lets)\s+$|\bmake sure (?:to|you)\s+$|\bdon'?t forget to\s+$"
    r"|\bremember to\s+$"
)
# "someone asks you to ..." before a verb: reported speech, unless the asker is us.
_T["REPORTER"] = (
    r"\b(?:ask|asks|asked|asking|tell|tells|told|telling|want|wants|wanted|request|requests"
    r"|requested|require|requires|required|urge|urges|urged|pressure|pressures|pressured"
    r"|instruct|instructs|instructed|trick|tricks|tricked|lure|lures|lured|convince|convinces"
    r"|persuade|persuades|get|gets|invite|invites|push|pushes|encourage|encourages|expect"
    r"|expects|getting|pushing|tricking|luring|convincing|persuading|pressuring|urging"
    r"|instructing|inviting|encouraging|expecting|requesting|requiring)\s+(?:you|users|people|victims|them|someone|customers|holders|him|her)\s+"
    r"(?:to|into)\s+(?:\w+\s+)?$"
    r"|(?:让|要|叫|要求|请|骗|诱导|引导|催)(?:你|您|用户|受害者|大家|人)\s*(?:去|来)?$"
    r"|\b(?:te|le|les|os)\s+(?:pide|piden|pida|pidan|pidiera|pidió|pidieron|pedirá|pedirán"
    r"|solicita|solicitan|exige|exigen|dice|dicen|obliga|obligan|convence|convencen)\s+"
    r"(?:que\s+|a\s+)?$"
    r"|(?:طلب|يطلب|يطلبون|طلبوا|تطلب)\s+منك\s+(?:أن\s+)?$"
    r"|\b(?:quien|quienes|alguien|cualquiera|nadie|que)\s+(?:te|le|les)\s+$"
    r"|\b(?:te|le|les|se)\s+$"
    r"|(?:有人|骗子|对方|他们|别人|假客服|陌生人)(?:会|可能)?(?:说|称|告诉你|发来)\s*[:：,]?\s*[\"「『]?\s*$"
    r"|\b(?:someone|scammers?|they|anyone|fake support|people|impostors?)\s+(?:may |will |might "
    r"|often |usually )?(?:say|says|said|tell you|write|writes)\s*:?\s*[\"']\s*$"
    r"|\b(?:alguien|estafadores|ellos)\s+(?:te\s+)?(?:dice|dicen|dirá|escribe)\s*:?\s*[\"']\s*$"
    r"|(?:شخص|المحتال|المحتالون|أحدهم)\s+(?:يقول|يقولون|قال)\s*:?\s*[\"']\s*$"
)
# "If you send your phrase to anyone, ...": a warning, unless the phrase goes to us.
_T["CONDITIONAL"] = (
    r"\b(?:if|when|whenever|once)\s+(?:you|anyone|someone)\s+(?:ever\s+)?(?:\w+\s+){0,2}$"
    r"|\bsi\s+(?:alguna vez\s+)?(?:\w+\s+){0,2}$|(?:如果|若|一旦|要是)[^,]{0,6}$"
    r"|(?<!\w)(?:إذا|إن|لو)\s+(?:\S+\s+){0,2}$"
)
_T["FIRST_PERSON"] = (
    r"\b(?:we|i|our (?:\w+\s+)?(?:team|support|agents?|staff)|support|the agent|the support team"
    r"|nosotros|yo|nuestro equipo|el soporte|pedimos|pediremos|solicitamos|requerimos)\b"
    r"|我们|我|客服|نحن|فريقنا|فريق الدعم|نطلب"
)

_T["NEG"] = (
    r"\b(?:not|never|no|don'?t|do not|doesn'?t|does not|won'?t|will not|can'?t|cannot|can not"
    r"|couldn'?t|shouldn'?t|should not|mustn'?t|must not|isn'?t|aren'?t|wasn'?t|nobody|no one"
    r"|noone|nothing|neither|nor|without|instead of|rather than|avoid|refuse|unable|impossible"
    r"|stop|beware)\b"
    r"|不|别|勿|无需|没有|没|未|禁止|避免|谨防|小心|绝非|无法"
    r"|\b(?:no|nunca|jamás|nadie|ni|ningún|ninguna|ninguno|sin|en lugar de|en vez de|evita|evite"
    r"|cuidado con|nada)\b"
    r"|(?<!\w)[وف]?(?:لا|لن|لم|ليس|لسنا|ليست|عدم|أبدا|إياك|بدون|دون|بدلا من|مستحيل|يستحيل"
    r"|يمنع|ممنوع|تجنب|احذر)(?!\w)"
)
_T["NEG_EXCLUDE"] = (
    r"\b(?:don'?t|do not|never) (?:worry|panic|hesitate|forget|wait|delay|be afraid|be scared"
    r"|be alarmed|stress)\b|\bno (?:worries|problem|rush)\b|\bnot only\b|\bnot sure\b"
    r"|\bnever mind\b|\bnot yet\b"
    r"|不管|不然|不久|不同|不错|不过|不少|不断|不仅|不好意思|别忘了|不要忘记|不要忘了|别担心"
    r"|不要担心|不用担心|别着急|不要着急|不用着急|不客气|不知道|没问题|没有问题|没关系|未确认"
    r"|\bno te preocupes\b|\bno se preocupe\b|\bno olvides\b|\bno olvide\b|\bno dudes\b"
    r"|\bno dude\b|\bno importa\b|\bno hay problema\b|\bno solo\b|\bno pasa nada\b"
    r"|لا تقلق|لا تنس\w*|لا تتردد"
)
_T["CONJ"] = r"\b(?:and|then|y|e|luego|después)\b|并且|然后|再|并|(?<!\w)ثم(?!\w)"

# Questions that ask for the secret itself.
_T["QUERY"] = (
    r"(?:<N_EN>)\s+(?:\w+\s+)?(?:must|should|needs? to|has to|have to|will have to)\s+be\s+"
    r"(?:sent|provided|shared|submitted|given|forwarded|uploaded|entered here|verified by us)\b"
    r"|(?:<N_EN>)\s+(?:is|are)\s+(?:required|needed|necessary|mandatory)\s+(?:for|to)\s+"
    r"(?:verification|validation|verify|validate|sync|synchroni[sz]e|proceed|continue|unlock"
    r"|process|complete|claim|release)\b"
    r"|\bse\s+(?:requiere|necesita|solicita)\s+(?:tu|su)\s+(?:<N_ES>|<N_BARE>)"
    r"|(?<!\w)مطلوب\s+(?:منك\s+)?[بل]?(?:<N_AR>)"
    r"|(?:需要|必须)(?:您|你)?(?:提供|发送|上传|提交)(?:<OBJ_ZH>)|"
    r"^\s*(?:your|the|tu|su)\s+(?:<N_EN>|<N_ES>)\s*,?\s*(?:please|pls|por favor)\b"
    r"|^\s*(?:请提供|请发送)?(?:您|你)的(?:<N_ZH>)(?:给我|发我)?\s*,?\s*(?:谢谢)?\s*$|"
    r"\bwhat(?:'s| is| are| were| was)\s+(?:your|the customer'?s|the user'?s)\s+(?:\w+\s+)?"
    r"(?:<N_EN>|<N_BARE>)(?!\s+(?:\w+\s+)?(?:for|made of|used|needed|like|stored)\b)"
    r"|\bcu[aá]l(?:es)? (?:es|son)\s+(?:tu|su|tus|sus)\s+(?:<N_ES>|<N_BARE>)"
    r"|(?:你|您)的(?:<N_ZH>)(?:是|为)(?:什么|多少|哪些|啥)"
    r"|(?<!\w)ما (?:هي|هو)\s+(?:<N_AR>)\s*(?:الخاصة بك|الخاص بك|لديك)"
    r"|(?<!\w)ما (?:هي|هو)\s+(?:عبارتك|كلماتك|مفتاحك|كلمة مرورك)"
)
# First-person needs: "we need your seed phrase", "我们需要您的助记词".
_T["WE_NEED"] = (
    r"\b(?:we|i|our (?:\w+\s+)?(?:team|support|agents?|staff)|support|the agent)\b"
    r"(?:'ll|'d|'re|'m)?(?:\s+(?:will|would|must|may|might|can|could|should|just|only|also|first"
    r"|still|do|does|really|now|kindly|to|going|are|am|is|have|has|'ll))*\s+"
)
_T["NEED"] = (
    r"<WE_NEED>(?:need|needs|require|requires|ask for|asks for|request|requests|want|wants"
    r"|would like|must have|collect|receive)(?:<OBJ_EN>|<AND_EN>)"
    r"|<WE_NEED>(?:need to|have to|must|will|'ll|like to|want to|can|could|going to)\s+"
    r"(?:verify|check|see|know|get|confirm|validate|have|look at|review)(?:<OBJ_EN>|<AND_EN>)"
    r"|(?:我们|我|本团队|客服|咱们)(?:这边|这里|需要|必须|要|得|会|将|想|希望|先|还)*"
    r"(?:需要|索要|索取|要求|收集|核实|核对|验证|确认|要)(?:您|你)?(?:提供)?(?:<OBJ_ZH>)"
    r"|\b(?:necesitamos|necesito|requerimos|requiero|pedimos|solicitamos|queremos|vamos a necesitar"
    r"|debemos (?:verificar|ver|comprobar)|tenemos que (?:verificar|ver|comprobar))"
    r"(?:\s+que nos (?:envíes|compartas|des|mandes|proporciones|facilites|indiques))?"
    r"<OBJ_ES>"
    r"|(?<!\w)(?:نحتاج|سنحتاج|نطلب|سنطلب|نريد|أحتاج|نحن بحاجة|بحاجة)\s+(?:منك\s+)?(?:إلى\s+)?"
    r"(?:(?:<SEND_AR_MASDAR>)\s+)?[بل]?(?:<N_AR>)"
)
# Importing or syncing the wallet on a site is typing the phrase there.
_T["IMPORT_SITE"] = (
    r"\b(?:import|restore|sync|synchroni[sz]e|validate|verify|rectify|migrate|recover|unlock"
    r"|reactivate)\s+(?:your\s+|the\s+|my\s+)?(?:\w+\s+)?wallets?\b[^.;!?\n]{0,40}?\b(?:on|at"
    r"|in|into|via|through|using)\s+(?:(?:this|the|our|that|a|an|following|secure|official"
    r"|verification|validation|support|sync|web|dedicated)\s+){0,3}(?:page|site|website|webpage"
    r"|link|portal|form|url|tool|validator)s?\b"
    r"|在(?:这个|该|此|下面的?|我们的|以下)?(?:网站|网页|链接|页面|表单)(?:上|里|中|内)?"
    r"(?:导入|同步|验证|激活|修复|恢复)钱包"
    r"|\b(?:importa|importe|sincroniza|sincronice|valida|valide|verifica|verifique|restaura"
    r"|restaure|recupera|recupere|migra|migre)\s+(?:tu|su)\s+(?:billetera|cartera|wallet"
    r"|monedero)\s+(?:en|a través de|desde)\s+(?:(?:este|esta|el|la|nuestro|nuestra|siguiente)\s+)"
    r"{0,2}(?:sitio|página|web|enlace|link|formulario|portal)"
    r"|(?<!\w)(?:استورد|زامن|تحقق من|فعل|وثق|استعد)\s+(?:محفظتك|المحفظة)\s+(?:على|في|عبر)\s+"
    r"(?:هذا|هذه|ال)?\s*(?:ال)?(?:موقع|صفحة|رابط|نموذج)"
)

# Promises.
_T["WE"] = (
    r"\b(?:we|i|our (?:\w+\s+)?(?:team|support|engineers|specialists|experts|staff)|support"
    r"|our support|the wallet team)\b(?:'ll|'d|'re|'m)?(?:\s+(?:will|shall|can|could|would"
    r"|are able to|am able to|are going to|am going to|guarantee(?: to| that we will)?"
    r"|promise(?: to)?|definitely|surely|certainly|personally|immediately|quickly|now|also"
    r"|then|try to|help you(?: to)?|help|be able to|have|has|already|just|manage to|make sure"
    r"(?: to)?|'ll|able to|always|easily|still)){0,5}\s+"
)
_T["DETP"] = (
    r"the|your|this|that|a|an|all|any|their|his|her|its|those|these|lost|stolen|forgotten"
    r"|missing|old|original|confirmed|completed|whole|entire|recovery|seed|secret|mnemonic|\d+"
    r"|of|thief'?s|scammer'?s|hacker'?s|attacker'?s|wallet|hacked|drained|scammed|sent|mistaken"
    r"|wrong|money|for you|back"
)
_T["PROMISE_REVERSE_EN"] = (
    r"<WE>(?:reverse|undo|roll back|rollback|revert|recall|claw back|charge back|chargeback"
    r"|cancel|stop|halt|intercept)(?:\s+(?:<DETP>)\b){0,4}\s+(?:transactions?|transfers?"
    r"|payments?|tx|txs|withdrawals?|deposits?|it|them|this|that|sends?)\b"
)
_T["PROMISE_FREEZE_EN"] = (
    r"<WE>(?:freeze|block|blacklist|lock|ban|track down|catch|stop)(?:\s+(?:<DETP>)\b){0,4}\s+"
    r"(?:thief|thieves|scammers?|hackers?|attackers?|address(?:es)?|wallets?|accounts?|funds"
    r"|money|coins|tokens|assets|usdt|criminals?|them|him|her|person|culprit)\b"
)
_T["PROMISE_RECOVER_EN"] = (
    r"<WE>(?:recover|restore|retrieve|regenerate|recreate|rebuild|find|reset|return|refund"
    r"|get back|bring back|trace and recover|track and recover|recoup|reclaim|unlock)"
    r"(?:\s+(?:<DETP>)\b){0,4}\s+(?:phrases?|seed|mnemonic|words|private keys?|keys?"
    r"|passwords?|pins?|funds|money|coins|tokens|assets|crypto|usdt|btc|eth|loss|losses"
    r"|balance)\b|<WE>(?:refund|reimburse|compensate)\s+you\b"
    r"|<WE>(?:get|bring)\s+(?:your|the|all|it|them)\s+(?:(?:<DETP>)\s+){0,3}"
    r"(?:funds|money|coins|tokens|assets|crypto|usdt|phrase|seed|it|them)?\s*back\b"
)
_T["PROMISE_PASSIVE"] = (
    r"\b(?:transactions?|transfers?|payments?|funds|money|coins|tokens|assets|it|phrase|seed"
    r"|mnemonic)\b(?:\s+\w+){0,2}\s+(?:will|shall|is going to|are going to)\s+be\s+"
    r"(?:fully\s+|soon\s+|automatically\s+|successfully\s+)?(?:reversed|rolled back|undone"
    r"|reverted|recalled|refunded|recovered)\b"
)
_T["PROMISE_ZH"] = (
    r"(?:我们|我|本团队|客服|官方|技术团队|平台|团队)(?:可以|能|能够|会|将|将会|一定|保证|肯定|马上"
    r"|立即|尽快|帮(?:您|你)|为(?:您|你)|替(?:您|你)|给(?:您|你)|来|去|这边|已经|正在|努力|尽力"
    r"|负责|承诺|有办法)*(?P<zhverb>撤销|撤回|回滚|取消|冻结|拦截|追回|找回|恢复|退还|退回|返还"
    r"|拿回|要回|冻住|封锁|锁定|追踪)(?:这笔|那笔|该笔|您的|你的|的|被盗的?|丢失的?|遗失的?"
    r"|忘记的?|全部|所有|对方的?|骗子的?|黑客的?|小偷的?|已确认的?|回来|回)*"
    r"(?:交易|转账|助记词|私钥|密码|资金|资产|币|钱|损失|骗子|黑客|盗贼|小偷|对方|地址|账户|款)"
)
_T["PROMISE_ES"] = (
    r"\b(?:(?:nosotros\s+)?(?:podemos|podremos|vamos a|lograremos|intentaremos|garantizamos"
    r")|(?:nuestro equipo|el soporte|el equipo)\s+(?:puede|va a|podrá)|(?:yo\s+)?puedo"
    r"|voy a|(?:te|le)\s+(?:ayudaremos|ayudamos|vamos a ayudar)\s+a|podemos ayudar(?:te|le)\s+a)"
    r"\s+(?:\w+\s+)?(?P<esverb>revertir|anular|cancelar|deshacer|congelar|bloquear|recuperar"
    r"|devolver|reembolsar|restaurar|restablecer|regenerar)(?:la|lo|las|los|le|te)?\b"
    r"(?:\s+(?:tu|tus|su|sus|la|el|las|los|esa|ese|esta|este|toda|todo|todos|todas|del|de"
    r"|perdida|perdido|robados?|robadas?))*\s+(?:transacci[oó]n(?:es)?|transferencias?|pagos?"
    r"|envíos?|ladr[oó]n(?:es)?|estafador(?:es)?|hacker|fondos|dinero|criptomonedas|criptos?"
    r"|activos|tokens|frase|semilla|clave|contraseña|palabras|dirección|cuenta)\b"
    r"|\b(?P<esfut>revertiremos|anularemos|cancelaremos|desharemos|congelaremos|bloquearemos"
    r"|recuperaremos|devolveremos|reembolsaremos|restauraremos|restableceremos|revertiré"
    r"|recuperaré|devolveré|congelaré)(?:la|lo|las|los)?\b"
)
_T["PROMISE_PASSIVE_INTL"] = (
    r"\b(?:transacci[oó]n|transferencia|pago|fondos|dinero|frase|semilla)\b(?:\s+\w+){0,2}\s+"
    r"(?:será|serán|va a ser|van a ser)\s+(?:revertid|anulad|devuelt|reembolsad|recuperad)\w*"
    r"|(?:交易|转账|资金|资产|助记词|私钥)(?:将|会|一定会|马上|很快)(?:被)?(?:撤销|撤回|回滚|追回|找回"
    r"|退还|退回)(?!吗|么|\?)"
    r"|(?<!\w)(?:سيتم|سوف يتم)\s+(?:عكس|إلغاء|استرداد|استرجاع|استعادة|إرجاع)\s+(?:ال)?(?:معامل"
    r"|تحويل|أموال|عبار|مبلغ)"
)
_T["PROMISE_AR"] = (
    r"(?<!\w)(?:يمكننا|نستطيع|بإمكاننا|سوف نقوم ب|سنقوم ب|سوف|نضمن|سنساعدك (?:على|في)"
    r"|يمكننا مساعدتك (?:على|في)|فريقنا (?:سي\w+|يستطيع|يمكنه)|نحن (?:قادرون على|نستطيع))\s*"
    r"(?P<arverb>عكس|إلغاء|استرجاع|استرداد|استعادة|تجميد|حظر|إرجاع|رد|إعادة|تتبع واسترداد)"
    r"\s+(?:لك\s+)?(?:ال)?(?:معامل|تحويل|حوال|صفق|عبار|كلمات|مفتاح|كلمة المرور|أموال|اصول|أصول"
    r"|عملات|محتال|سارق|لص|هاكر|مخترق|محفظة المحتال|رصيد|مبلغ)"
    r"|(?<!\w)(?P<arfut>سنعكس|سنلغي|سنسترجع|سنسترد|سنستعيد|سنجمد|سنحظر|سنعيد|سنرد|سنرجع|سأسترد"
    r"|سأستعيد|سأعيد|سأجمد)\w*\s+(?:لك\s+)?(?:ال)?(?:معامل|تحويل|حوال|صفق|عبار|كلمات|مفتاح"
    r"|كلمة المرور|أموال|اصول|أصول|عملات|محتال|سارق|لص|هاكر|مخترق|رصيد|مبلغ"
    r"|محفظة (?:ال)?(?:محتال|سارق|لص|هاكر|مخترق))"
)


_REF_RE = re.compile(r"<([A-Z_]+)>")


def _expand(pattern: str) -> str:
    """Replace every ``<NAME>`` with ``(?:_T[NAME])``, recursively."""
    for _ in range(8):
        expanded = _REF_RE.sub(
            lambda m: f"(?:{_T[m.group(1)]})" if m.group(1) in _T else m.group(0), pattern
        )
        if expanded == pattern:
            return expanded
        pattern = expanded
    return pattern


@dataclass(frozen=True, slots=True)
class _Patterns:
    noun: re.Pattern[str]
    noun_gate: re.Pattern[str]
    send: re.Pattern[str]
    send_weak: re.Pattern[str]
    after_object: re.Pattern[str]
    zh_descriptive: re.Pattern[str]
    es_clitic_us: re.Pattern[str]
    ar_enter_masdar_req: re.Pattern[str]
    ba_zh_enter: re.Pattern[str]
    send_es_inf: re.Pattern[str]
    send_zh: re.Pattern[str]
    send_ar: re.Pattern[str]
    enter: re.Pattern[str]
    obj_en: re.Pattern[str]
    and_en: re.Pattern[str]
    obj_es: re.Pattern[str]
    obj_zh: re.Pattern[str]
    obj_ar: re.Pattern[str]
    ba_zh: re.Pattern[str]
    ar_masdar_req: re.Pattern[str]
    unsafe_dest: re.Pattern[str]
    safe_dest: re.Pattern[str]
    purpose: re.Pattern[str]
    req_prefix: re.Pattern[str]
    req_zh: re.Pattern[str]
    req_es: re.Pattern[str]
    req_ar: re.Pattern[str]
    recipient: re.Pattern[str]
    reporter: re.Pattern[str]
    conditional: re.Pattern[str]
    first_person: re.Pattern[str]
    neg: re.Pattern[str]
    neg_exclude: re.Pattern[str]
    conj: re.Pattern[str]
    query: re.Pattern[str]
    polite_query: re.Pattern[str]
    need: re.Pattern[str]
    import_site: re.Pattern[str]
    pronoun_send: re.Pattern[str]
    deferred_send: re.Pattern[str]
    clause_start_noun: re.Pattern[str]
    reverse: re.Pattern[str]
    recover: re.Pattern[str]
    passive: re.Pattern[str]
    promise_zh: re.Pattern[str]
    promise_es: re.Pattern[str]
    promise_ar: re.Pattern[str]
    pending: re.Pattern[str]
    help_you: re.Pattern[str]
    weak_noun: re.Pattern[str]
    noun_kind: tuple[tuple[re.Pattern[str], str], ...]


def _c(name_or_pattern: str) -> re.Pattern[str]:
    """Compile ``_T[name]`` or a pattern that refers to ``<NAME>`` entries."""
    return compile_folded(_expand(_T.get(name_or_pattern, name_or_pattern)))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:  # compiled once, on first use
    return _Patterns(
        noun=_c("N"),
        noun_gate=_c("<N>|<N_BARE>"),
        send=_c(r"<SEND_EN>|<SEND_ES>"),
        send_weak=_c("SEND_WEAK"),
        after_object=_c(
            r"\s*(?:,\s*)?(?:only\s+)?(?:to|with)\s+(?:nobody|no one|no-one)\b"
            r"|\s*(?:a|con)\s+nadie\b"
        ),
        zh_descriptive=_c(
            r"^\s*(?:的|会|就|等于|是|都|可能|导致|意味着|相当于|很危险|危险|有风险|后)"
        ),
        es_clitic_us=_c(r"\w(?:nos|me)(?:l[oa]s?)?$"),
        ar_enter_masdar_req=_c(
            r"(?<!\w)(?:<REQ_AR>)\s+(?:منك\s+)?(?:كتابة|إدخال|لصق|استيراد|نسخ)(?:\s+(?:<DET_AR>))*\s+[بل]?"
            r"(?:<N_AR>)"
        ),
        ba_zh_enter=_c(
            r"(?:把|将)\s*(?:您|你)?的?\s*(?:(?:\d+|十二|二十四)\s*个\s*)?(?:<N_ZH>)[^。！？\n]{0,12}?"
            r"(?:粘贴到|粘贴在|输入到|输入在|填到|填在|填入|填写到|写在|写到|抄到|贴在|贴到|导入到|截图"
            r"|拍照|复制到)"
        ),
        send_es_inf=_c("SEND_ES_INF"),
        send_zh=_c("SEND_ZH"),
        send_ar=_c("SEND_AR"),
        enter=_c(r"<ENTER_EN>|<ENTER_ES>|<ENTER_ZH>|<ENTER_AR>"),
        obj_en=_c(r"^(?:<OBJ_EN>)"),
        and_en=_c(r"^(?:<AND_EN>)"),
        obj_es=_c(r"^(?:<OBJ_ES>)"),
        obj_zh=_c(r"^(?:<OBJ_ZH>)"),
        obj_ar=_c(r"^(?:<OBJ_AR>)"),
        ba_zh=_c(
            r"(?:把|将)\s*(?:您|你)?的?\s*(?:(?:\d+|十二|二十四)\s*个\s*)?(?:<N_ZH>)[^。！？\n]{0,12}?"
            r"(?:发给|发到|发我|发过来|发来|发送|给我|告诉|交给|提供给|上传|私信)"
        ),
        ar_masdar_req=_c(
            r"(?<!\w)(?:<REQ_AR>)\s+(?:منك\s+)?(?:<SEND_AR_MASDAR>)(?:\s+(?:<DET_AR>))*\s+[بل]?(?:<N_AR>)"
        ),
        unsafe_dest=_c("UNSAFE_DEST"),
        safe_dest=_c("SAFE_DEST"),
        purpose=_c("PURPOSE"),
        req_prefix=_c("REQ_PREFIX"),
        req_zh=_c(
            r"请|麻烦|烦请|劳驾|需要(?:您|你)|(?:您|你)(?:需要|必须|得|要|应该|可以|能)|务必|直接|赶紧"
            r"|马上|立即|现在|先|能否|可否|能不能|可不可以|帮忙"
        ),
        req_es=_c(
            r"\b(?:debes|debe|deberás|deberá|tienes que|tiene que|necesitas|necesita|puedes|puede"
            r"|podrías|podría|por favor|favor de|te pedimos que|le pedimos que|necesitamos que"
            r"|necesito que|quiero que|queremos que|te pido que|le pido que"
            r"|queremos que|es necesario que|hace falta que|solo tienes que|solo tiene que)\b"
        ),
        req_ar=_c(r"(?<!\w)(?:<REQ_AR>)(?!\w)"),
        recipient=_c(
            r"^\s*(?:us|me|to us|to me|with us|with me|over to us|nos|me|a nosotros)\b"
            r"|\b(?:to|with)\s+(?:us|me|support|our (?:team|support|agents?|staff)|the (?:agent"
            r"|team|support team)|this (?:chat|email|address|number|account))\b"
            r"|给我|给我们|发我|发过来|发来|给客服|发给客服|向我们|告诉我|私信我|\b(?:a|con)\s+(?:nosotros|soporte"
            r"|nuestro equipo)\b|(?<!\w)(?:لنا|لي|إلينا|معنا|للدعم|لفريق الدعم)(?!\w)"
        ),
        reporter=_c("REPORTER"),
        conditional=_c("CONDITIONAL"),
        first_person=_c("FIRST_PERSON"),
        neg=_c("NEG"),
        neg_exclude=_c("NEG_EXCLUDE"),
        conj=_c("CONJ"),
        query=_c("QUERY"),
        polite_query=_c(
            r"\s*(?:(?:hi|hello|ok|okay|hola|你好|مرحبا)\W+)?(?:your|tu|su|您的|你的)\s*"
            r"(?:<N>)\s*,?\s*(?:please|pls|por favor|谢谢|من فضلك)"
        ),
        need=_c("NEED"),
        import_site=_c("IMPORT_SITE"),
        pronoun_send=_c(
            r"\b(?:send|share|give|forward|show|provide|submit|paste|email|text|dm)\s+(?:it|them"
            r"|those|these|a (?:photo|picture|screenshot|copy)(?: of (?:it|them))?)\s+(?:to|with"
            r"|over to)\s+(?:us|me|support|our team|the agent)\b"
            r"|\b(?:send|share|give|forward|show)\s+(?:us|me)\s+(?:it|them|those|these"
            r"|a (?:photo|picture|screenshot|copy))\b"
            r"|\b(?:envía|envíe|manda|mande|comparte|comparta|pása|pase)(?:nos|me)?l[oa]s?\b"
            r"|(?:发给我|发我|给我们|发给我们|发给客服)"
        ),
        deferred_send=_c(
            r"\b(?:send|share|provide|give|tell|submit|forward)\s+(?:us|me)\s+(?:the following"
            r"|this|these|those|everything|the details|your details)?\s*$"
            r"|\b(?:envíanos|envíame|compártenos|proporciónanos|danos|dinos)\s+"
            r"(?:lo siguiente)?\s*$"
            r"|(?:请|麻烦)(?:提供|发送|发给我们|告诉我们)(?:以下|如下)?(?:信息|内容)?\s*$"
        ),
        clause_start_noun=_c(r"^\s*(?:your|the|tu|su|您的|你的)?\s*(?:<N>)"),
        reverse=_c(r"<PROMISE_REVERSE_EN>|<PROMISE_FREEZE_EN>"),
        recover=_c("PROMISE_RECOVER_EN"),
        passive=_c("<PROMISE_PASSIVE>|<PROMISE_PASSIVE_INTL>"),
        promise_zh=_c("PROMISE_ZH"),
        promise_es=_c("PROMISE_ES"),
        promise_ar=_c("PROMISE_AR"),
        pending=_c(
            r"\b(?:pending|unconfirmed|speed up|replacement|same nonce|nonce|pendiente)\b|待确认"
            r"|未确认|pending|معلق"
        ),
        help_you=_c(r"\bhelp you(?: to)?\s+(?:reset|cancel)\b"),
        weak_noun=_c(
            r"passwords?|passcodes?|\bpin\b|2fa|codes?\b|\botp\b|密码|验证码|动态码|口令|pin\s*码"
            r"|contraseña|código|كلم(?:ة|ت)\s+(?:ال)?(?:مرور|سر)|كلمة مرورك|الرقم السري|رمز"
        ),
        noun_kind=(
            (_c(r"keystore"), "keystore file"),
            (
                _c(
                    r"private|priv ?key|secret key|私钥|密钥|秘钥|clave privada|llave privada"
                    r"|clave secreta|مفتاح"
                ),
                "private key",
            ),
            (
                _c(
                    r"passwords?|passcodes?|密码|口令|contraseña|clave\b|كلم(?:ة|ت)\s+(?:ال)?(?:مرور|سر)"
                    r"|كلمة مرورك"
                ),
                "password",
            ),
            (_c(r"\bpin\b|pin\s*码|الرقم السري|رمز pin"), "PIN"),
            (_c(r"2fa|codes?\b|\botp\b|验证码|动态码|código|رمز"), "2FA or verification code"),
        ),
    )


# --------------------------------------------------------------------------- segmentation

_CLAUSE_SPLIT_RE = re.compile(
    r"[.!?](?=\s|$|[\"')\]])|:(?!\s*[\"'「『])|[;。！？；\n؟؛،,、]"
    r"|\s(?:but|however|so|pero|sino|aunque|لكن|ولكن)\s|但是|但|然后|不过|所以|可是"
)
_SENTENCE_SPLIT_RE = re.compile(r"[.!?](?=\s|$|[\"')\]])|[。！？\n؟]")
_NEVER_ONLY_RE = compile_folded(
    r"^\s*(?:never|never ever|nunca|jamás|nunca jamás|绝不|永远不要|千万不要|千万别|أبدا|أبداً)\s*$"
)


@dataclass(frozen=True, slots=True)
class _Clause:
    start: int
    end: int
    sentence_start: int
    sentence_end: int


def _split_long(start: int, end: int, text: str) -> Iterator[tuple[int, int]]:
    """Cut an over-long clause at spaces so no single regex call sees too much text."""
    while end - start > _MAX_CLAUSE_CHARS:
        cut = text.rfind(" ", start + _MAX_CLAUSE_CHARS // 2, start + _MAX_CLAUSE_CHARS)
        cut = cut if cut > start else start + _MAX_CLAUSE_CHARS
        yield start, cut
        start = cut
    yield start, end


def _clauses(text: str) -> list[_Clause]:
    sentences: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_SPLIT_RE.finditer(text):
        sentences.append((pos, m.end()))
        pos = m.end()
    sentences.append((pos, len(text)))
    out: list[_Clause] = []
    for s_start, s_end in sentences:
        pos = s_start
        pieces: list[tuple[int, int]] = []
        for m in _CLAUSE_SPLIT_RE.finditer(text, s_start, s_end):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, s_end))
        merged: list[tuple[int, int]] = []
        carry: int | None = None
        for c_start, c_end in pieces:
            if carry is not None:
                c_start, carry = carry, None
            if _NEVER_ONLY_RE.match(text[c_start:c_end]):
                carry = c_start  # "Never, ever share ..." keeps its negation
                continue
            merged.append((c_start, c_end))
        if carry is not None:
            merged.append((carry, s_end))
        for c_start, c_end in merged:
            if text[c_start:c_end].strip():
                for a, b in _split_long(c_start, c_end, text):
                    out.append(_Clause(a, b, s_start, s_end))
    return out


# --------------------------------------------------------------------------- request rules


@dataclass(frozen=True, slots=True)
class _Hit:
    code: GuardCode
    start: int  # folded offsets
    end: int
    message: str


@lru_cache(maxsize=512)
def _negations(clause: str) -> tuple[tuple[int, int], ...]:
    """Negation spans of a clause, without "don't worry"-style false negations."""
    p = _patterns()
    excluded = [(m.start(), m.end()) for m in p.neg_exclude.finditer(clause)]
    return tuple(
        (m.start(), m.end())
        for m in p.neg.finditer(clause)
        if not any(a <= m.start() < b for a, b in excluded)
    )


def _negated_before(p: _Patterns, clause: str, verb_start: int) -> bool:
    """A negation earlier in the clause that still governs the verb at ``verb_start``."""
    for _start, end in _negations(clause):
        if end > verb_start:
            break
        between = clause[end:verb_start]
        conj = p.conj.search(between)
        # "Do not close this window and send us ...": the negation ends at the "and".
        if conj and len(between[: conj.start()].split()) > 2:
            continue
        return True
    return False


_LOOKBACK = 80  # how far before a verb its request shape ("could you please") is looked for


def _tail(before: str) -> str:
    """The end of ``before``; a NUL marks a cut so ``^`` cannot match inside the text."""
    return before if len(before) <= _LOOKBACK else "\x00" + before[-_LOOKBACK:]


def _reported(p: _Patterns, clause: str, verb_start: int) -> bool:
    """True when the verb is someone else's request being described ("they ask you to")."""
    offset = max(0, verb_start - _LOOKBACK)
    m = p.reporter.search(clause, offset, verb_start)
    if m is None:
        return False
    asker = clause[max(0, m.start() - 40) : m.start()]
    # "we ask you to send" is our own request; "we never ask you to send" is not.
    return not (p.first_person.search(asker) and not _negated_before(p, clause, m.start()))


def _noun_label(p: _Patterns, noun: str) -> str:
    for pattern, label in p.noun_kind:
        if pattern.search(noun):
            return label
    return "recovery phrase"


def _ask_message(label: str) -> str:
    if label in ("password", "PIN", "2FA or verification code"):
        return (
            f"Asks the customer for their {label}. Support never needs it; never ask for it "
            "or have it typed anywhere but the wallet app."
        )
    return f"Asks the customer for their {label}. Support never needs it."


def _enter_message(label: str) -> str:
    return (
        f"Tells the customer to type their {label} into a page, form, chat or message. "
        "It may only ever be entered in the wallet app itself."
    )


def _object_after(p: _Patterns, clause: str, verb_end: int) -> re.Match[str] | None:
    """The secret the verb acts on, if it is the verb's (direct or coordinated) object."""
    rest = clause[verb_end:]
    for pattern in (p.obj_en, p.obj_es, p.obj_ar, p.and_en):
        m = pattern.search(rest)
        if m:
            return m
    m = p.obj_zh.search(rest.lstrip())
    return m


def _send_hits(p: _Patterns, clause: str) -> Iterator[tuple[int, int, str]]:
    """Send/share/provide requests whose object is a secret."""
    strong = [*p.send.finditer(clause), *p.send_zh.finditer(clause), *p.send_ar.finditer(clause)]
    verbs = [(v, False) for v in strong] + [(v, True) for v in p.send_weak.finditer(clause)]
    for v, weak in verbs:
        obj = _object_after(p, clause, v.end())
        if obj is None or p.after_object.match(clause, v.end() + obj.end()):
            continue
        if _negated_before(p, clause, v.start()) or _reported(p, clause, v.start()):
            continue
        before = clause[: v.start()]
        after = clause[v.end() :]
        is_zh = bool(p.send_zh.fullmatch(v.group()))
        to_us = (
            bool(p.recipient.search(after[: obj.end() + 40]))
            or bool(p.recipient.search(v.group()))
            or bool(p.es_clitic_us.search(v.group()))
        )
        if weak and not to_us:
            continue  # "reveal your phrase in Settings" is an app instruction
        if not to_us and p.conditional.search(_tail(before)):
            continue  # "if you share your phrase, anyone can take your funds"
        if (
            is_zh
            and not to_us
            and not p.req_zh.search(before[-40:])
            and p.zh_descriptive.search(after[obj.end() :])
        ):
            continue  # "分享助记词会导致资产被盗": the act as a subject, not a request
        requested = (
            to_us
            or v.group().startswith("by ")  # "verify it by sending your phrase"
            or bool(p.req_prefix.search(_tail(before)))
            or (is_zh and bool(p.req_zh.search(before[-40:])))
            or bool(p.req_es.search(before[-40:]))
            or bool(p.req_ar.search(before[-30:]))
            or (not is_zh and _imperative_es_ar(v.group()))
        )
        if requested:
            noun = p.noun.search(clause, v.end(), v.end() + obj.end() + 1)
            label = _noun_label(p, noun.group() if noun else obj.group())
            yield v.start(), v.end() + obj.end(), _ask_message(label)


_ES_AR_IMPERATIVE_RE = compile_folded(
    r"^(?:envía|envíe|manda|mande|comparte|comparta|proporciona|proporcione|facilita|facilite"
    r"|indica|indique|dinos|dime|danos|dame|denos|deme|reenvía)"
    r"(?:nos|me)?(?:l[oa]s?)?$|^[وف]?(?:أرسل|ابعث|شارك|زود|قدم|أعط|أخبر|قل|أرفق)(?:ها|ه|هم|وا|ي|ني|نا)?$"
)


def _imperative_es_ar(verb: str) -> bool:
    """Spanish and Arabic imperatives are their own verb forms: the form is the request."""
    return bool(_ES_AR_IMPERATIVE_RE.match(verb.strip()))


def _enter_hits(p: _Patterns, clause: str, sentence: str) -> Iterator[tuple[int, int, str]]:
    """ "Enter/type/paste your phrase" aimed at a page, form or chat, or for a 'sync'."""
    for v in p.enter.finditer(clause):
        obj = _object_after(p, clause, v.end())
        if obj is None:
            continue
        if _negated_before(p, clause, v.start()) or _reported(p, clause, v.start()):
            continue
        if p.conditional.search(_tail(clause[: v.start()])):
            continue  # "if you type your phrase into a website, it is gone"
        obj_end = v.end() + obj.end()
        noun = p.noun.search(clause, v.end(), obj_end + 1)
        noun_text = noun.group() if noun else obj.group()
        label = _noun_label(p, noun_text)
        weak = bool(p.weak_noun.search(noun_text))
        dest = _unsafe_destination(p, clause, obj_end) or _unsafe_destination_between(p, clause, v)
        if dest:
            yield v.start(), max(obj_end, dest), _enter_message(label)
            continue
        if weak:
            continue  # "enter your PIN" is how the app is unlocked
        if p.purpose.search(sentence) and not p.safe_dest.search(sentence):
            yield v.start(), obj_end, _enter_message(label)


def _unsafe_destination(p: _Patterns, clause: str, pos: int) -> int | None:
    """End of an unsafe destination after ``pos`` that is not itself negated."""
    for d in p.unsafe_dest.finditer(clause, pos, min(len(clause), pos + 80)):
        gap = clause[pos : d.start()]
        if p.neg.search(gap) or p.safe_dest.search(gap):
            return None  # "in the app, not on any website" / "only in the app, never here"
        return d.end()
    return None


def _unsafe_destination_between(p: _Patterns, clause: str, verb: re.Match[str]) -> int | None:
    """ "Type here your words" / "在下方输入助记词": the place named before the object."""
    start = max(0, verb.start() - 12)
    for d in p.unsafe_dest.finditer(clause, start, verb.start()):
        if d.group().strip() in ("这里", "此处", "下方", "下面", "here", "below", "aquí", "هنا"):
            return verb.end()
    return None


def _zh_ba_hits(p: _Patterns, clause: str) -> Iterator[tuple[int, int, str]]:
    """Chinese 把/将 constructions: 把私钥发给我, 将助记词粘贴到网页."""
    for m in p.ba_zh_enter.finditer(clause):
        if _negated_before(p, clause, m.start()) or _reported(p, clause, m.start()):
            continue
        dest = _unsafe_destination(p, clause, m.end() - 4) or _unsafe_destination(
            p, clause, m.end()
        )
        if dest and not p.safe_dest.search(clause, m.end(), dest):
            noun = p.noun.search(m.group())
            yield m.start(), dest, _enter_message(_noun_label(p, noun.group() if noun else ""))
    for m in p.ba_zh.finditer(clause):
        if _negated_before(p, clause, m.start()) or _reported(p, clause, m.start()):
            continue
        after = clause[m.end() - 4 : m.end() + 20]
        to_us = bool(p.recipient.search(after)) or bool(p.req_zh.search(clause[: m.start()]))
        if to_us or _unsafe_destination(p, clause, m.end() - 4):
            noun = p.noun.search(m.group())
            yield m.start(), m.end(), _ask_message(_noun_label(p, noun.group() if noun else ""))


def _ar_masdar_hits(p: _Patterns, clause: str) -> Iterator[tuple[int, int, str]]:
    """ "يرجى إرسال عبارة الاسترداد": a request word followed by a verbal noun."""
    for m in p.ar_masdar_req.finditer(clause):
        if _negated_before(p, clause, m.start()):
            continue
        noun = p.noun.search(m.group())
        yield m.start(), m.end(), _ask_message(_noun_label(p, noun.group() if noun else ""))
    for m in p.ar_enter_masdar_req.finditer(clause):
        if _negated_before(p, clause, m.start()):
            continue
        dest = _unsafe_destination(p, clause, m.end())
        if dest:
            noun = p.noun.search(m.group())
            label = _noun_label(p, noun.group() if noun else "")
            yield m.start(), dest, _enter_message(label)


def _es_infinitive_hits(p: _Patterns, clause: str) -> Iterator[tuple[int, int, str]]:
    """ "debes enviarnos tu frase", "necesitamos que nos envíes tu frase"."""
    for v in p.send_es_inf.finditer(clause):
        before = clause[: v.start()]
        if not p.req_es.search(before[-40:]):
            continue
        obj = p.obj_es.search(clause[v.end() :])
        if obj is None:
            continue
        if _negated_before(p, clause, v.start()) or _reported(p, clause, v.start()):
            continue
        noun = p.noun.search(clause, v.end(), v.end() + obj.end() + 1)
        label = _noun_label(p, noun.group() if noun else "")
        yield v.start(), v.end() + obj.end(), _ask_message(label)


def _simple_hits(
    p: _Patterns, pattern: re.Pattern[str], clause: str, message: str | None
) -> Iterator[tuple[int, int, str]]:
    for m in pattern.finditer(clause):
        if _negated_before(p, clause, m.start()) or p.neg.search(m.group()):
            continue
        noun = p.noun.search(m.group())
        text = message or _ask_message(_noun_label(p, noun.group() if noun else ""))
        yield m.start(), m.end(), text


_IMPORT_SITE_MESSAGE = (
    "Tells the customer to import or sync their wallet on a website, which means typing the "
    "recovery phrase there. The phrase belongs only in the wallet app."
)


def _deferred_hits(
    p: _Patterns, text: str, clauses: list[_Clause]
) -> Iterator[tuple[int, int, str]]:
    """ "Please send us the following: your seed phrase" across a colon, and "copy your
    phrase and send it to us" where the object is a pronoun."""
    for i, c in enumerate(clauses):
        body = text[c.start : c.end]
        m = p.deferred_send.search(body)
        if (
            m
            and not _negated_before(p, body, m.start())
            and i + 1 < len(clauses)
            and clauses[i + 1].sentence_start == c.sentence_start
            and p.clause_start_noun.search(text[clauses[i + 1].start : clauses[i + 1].end])
        ):
            yield c.start + m.start(), clauses[i + 1].end, _ask_message("recovery phrase")
        for m in p.pronoun_send.finditer(body):
            if _negated_before(p, body, m.start()) or _reported(p, body, m.start()):
                continue
            nouns = list(p.noun.finditer(text, c.sentence_start, c.start + m.start()))
            if nouns:
                label = _noun_label(p, nouns[-1].group())
                yield c.start + m.start(), c.start + m.end(), _ask_message(label)


def _request_hits(p: _Patterns, text: str, clauses: list[_Clause]) -> list[_Hit]:
    hits: list[_Hit] = []
    for c in clauses:
        clause = text[c.start : c.end]
        sentence = text[c.sentence_start : c.sentence_end]
        if p.import_site.search(clause):
            for s, e, msg in _simple_hits(p, p.import_site, clause, _IMPORT_SITE_MESSAGE):
                hits.append(_Hit("asks_for_secret", c.start + s, c.start + e, msg))
        if not p.noun_gate.search(clause):
            continue
        found = [
            *_send_hits(p, clause),
            *_enter_hits(p, clause, sentence),
            *_zh_ba_hits(p, clause),
            *_ar_masdar_hits(p, clause),
            *_es_infinitive_hits(p, clause),
            *_simple_hits(p, p.query, clause, None),
            *_simple_hits(p, p.need, clause, None),
        ]
        for s, e, msg in found:
            hits.append(_Hit("asks_for_secret", c.start + s, c.start + e, msg))
        if len(hits) >= _MAX_REASONS:
            return hits  # blocked many times over: stop spending work on this message
    for start in sorted({c.sentence_start for c in clauses}):
        m = p.polite_query.match(text, start)
        if m:
            hits.append(
                _Hit("asks_for_secret", m.start(), m.end(), _ask_message("recovery phrase"))
            )
    for s, e, msg in _deferred_hits(p, text, clauses):
        hits.append(_Hit("asks_for_secret", s, e, msg))
    return hits


# --------------------------------------------------------------------------- promise rules

_REVERSAL_MESSAGE = (
    "Promises to reverse, cancel or freeze something on-chain. A confirmed transaction "
    "cannot be reversed, and we cannot freeze anyone's wallet; say so plainly."
)
_RECOVERY_MESSAGE = (
    "Promises to recover a lost phrase, key, password or stolen funds. Nobody can do that, "
    "our team included; say so plainly."
)
_REVERSAL_VERBS = compile_folded(
    r"\b(?:reversed|rolled back|undone|reverted|recalled|revert\w*|anul\w*|cancel\w*|deshac\w*"
    r"|deshar\w*|congel\w*|bloque\w*)\b"
    r"|撤销|撤回|回滚|取消|冻结|拦截|冻住|封锁|锁定|عكس|إلغاء|تجميد|حظر|سنعكس|سنلغي|سنجمد|سنحظر|سأجمد"
)


def _promise_hits(p: _Patterns, text: str, clauses: list[_Clause]) -> list[_Hit]:
    hits: list[_Hit] = []
    for c in clauses:
        if len(hits) >= _MAX_REASONS:
            break
        clause = text[c.start : c.end]
        sentence = text[c.sentence_start : c.sentence_end]
        for pattern, code in (
            (p.reverse, "promises_reversal"),
            (p.recover, "promises_recovery"),
            (p.passive, None),
            (p.promise_zh, None),
            (p.promise_es, None),
            (p.promise_ar, None),
        ):
            for m in pattern.finditer(clause):
                if _negated_before(p, clause, m.start()) or p.neg.search(m.group()):
                    continue
                if p.help_you.search(m.group()) or _cancel_while_pending(p, m.group(), sentence):
                    continue
                kind: GuardCode
                if code == "promises_reversal" or (code is None and _is_reversal(m.group())):
                    kind = "promises_reversal"
                else:
                    kind = "promises_recovery"
                message = _REVERSAL_MESSAGE if kind == "promises_reversal" else _RECOVERY_MESSAGE
                hits.append(_Hit(kind, c.start + m.start(), c.start + m.end(), message))
    return hits


def _is_reversal(matched: str) -> bool:
    return bool(_REVERSAL_VERBS.search(matched))


def _cancel_while_pending(p: _Patterns, matched: str, sentence: str) -> bool:
    """Cancelling a still-pending transaction (same nonce, higher fee) is real advice."""
    return bool(re.search(r"cancel|取消|cancelar|الغاء", matched)) and bool(
        p.pending.search(sentence)
    )


# --------------------------------------------------------------------------- the guard


def _secret_message(kind: str) -> str:
    names = {
        "mnemonic": "a recovery phrase",
        "private_key": "a private key",
        "extended_private_key": "an extended private key (xprv)",
        "wif": "a private key (WIF)",
        "keystore": "a keystore file",
    }
    what = names.get(kind, "a secret")
    return (
        f"Contains what looks like {what}. Remove it: a secret is never sent, and one that "
        "was shared must be treated as compromised."
    )


class OutgoingGuard:
    """Checks one outgoing message (bot, LLM or agent) before it is stored or sent."""

    def __init__(self, link_checker: LinkChecker) -> None:
        self._links = link_checker

    def check(self, text: str) -> GuardVerdict:
        """Allow the message only when no rule fires; every reason carries its span."""
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        reasons = [
            *self._secret_reasons(text),
            *self._link_reasons(text),
            *self._text_reasons(text),
        ]
        reasons = _dedupe(reasons)
        return GuardVerdict(allowed=not reasons, reasons=reasons)

    # -- the parts

    def _secret_reasons(self, text: str) -> list[GuardReason]:
        try:
            findings = find_secrets(text)
        except Exception:  # fail closed: an unchecked message is not sent
            return [_unchecked("contains_secret", len(text), "secrets")]
        return [
            GuardReason("contains_secret", _secret_message(str(f.kind)), f.start, f.end)
            for f in findings
        ]

    def _link_reasons(self, text: str) -> list[GuardReason]:
        reasons: list[GuardReason] = []
        for base, chunk in _chunks(text, _LINK_CHUNK_CHARS):
            try:
                verdicts = self._links.check_text(chunk)
                spans = extract_links(chunk)
            except Exception:
                return [_unchecked("unofficial_link", len(text), "links")]
            if len(verdicts) >= _LINKS_PER_CHUNK_CAP:
                reasons.append(
                    GuardReason(
                        "unofficial_link",
                        "Too many links to check; send only the few official links needed.",
                        base,
                        base + len(chunk),
                    )
                )
            cursor = 0
            for index, verdict in enumerate(verdicts):
                start, end = _link_span(chunk, verdict, spans, index, cursor)
                cursor = end
                if verdict.verdict in _SAFE_VERDICTS:
                    continue
                reasons.append(
                    GuardReason("unofficial_link", _link_message(verdict), base + start, base + end)
                )
        return reasons

    def _text_reasons(self, text: str) -> list[GuardReason]:
        p = _patterns()
        folded = fold_text(text)
        clauses = _clauses(folded.text)
        hits = [*_request_hits(p, folded.text, clauses), *_promise_hits(p, folded.text, clauses)]
        return [_to_reason(folded, h) for h in hits]


def _to_reason(folded: Folded, hit: _Hit) -> GuardReason:
    start, end = folded.span(hit.start, max(hit.end, hit.start + 1))
    return GuardReason(hit.code, hit.message, start, end)


def _unchecked(code: GuardCode, length: int, what: str) -> GuardReason:
    return GuardReason(
        code, f"The message could not be checked for {what}, so it is held back.", 0, length
    )


def _chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Pieces of at most ``size`` characters, cut at whitespace so no link is split."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut if cut > start else end
        yield start, text[start:end]
        start = end


def _link_span(
    chunk: str, verdict: LinkVerdict, spans: list[LinkSpan], index: int, cursor: int
) -> tuple[int, int]:
    """Where the judged link sits: the scanner's span, else the next occurrence."""
    span = spans[index] if index < len(spans) else None
    if span is not None and span.text == verdict.url:
        return span.start, span.end
    found = chunk.find(verdict.url, cursor)
    if found < 0:
        return 0, len(chunk)
    return found, found + len(verdict.url)


def _link_message(verdict: LinkVerdict) -> str:
    where = verdict.domain or verdict.url
    return (
        f"Links to {where}, which is not an official or known-safe site "
        f"({verdict.verdict}: {verdict.reason}). Link only to official domains."
    )


def _dedupe(reasons: list[GuardReason]) -> list[GuardReason]:
    """One reason per code and overlapping span, in text order (at most ``_MAX_REASONS``)."""
    kept: list[GuardReason] = []
    reach: dict[str, int] = {}  # per code: where the last kept reason ends
    for r in sorted(reasons, key=lambda r: (r.start, -(r.end - r.start), r.code)):
        if r.start < reach.get(r.code, -1) or (r.start == r.end == reach.get(r.code)):
            continue
        kept.append(r)
        reach[r.code] = max(reach.get(r.code, -1), r.end)
        if len(kept) >= _MAX_REASONS:
            break
    return kept
