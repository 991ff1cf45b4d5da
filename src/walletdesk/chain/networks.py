"""Explain a transfer sent on the wrong network, and who can still reach the funds.

``diagnose_network`` reads what the user wrote (zh, en, es, ar): the network they sent on
("TRC20", "波场", "red de Ethereum", "بوليغون"...), the network that was expected ("instead
of", "只支持", "solo acepta", "بدل"...), the receiving address (a pasted address, or words
such as "my 0x address", "T开头的地址", "dirección T", "عنوان يبدأ بـ T") and whether it was an
exchange. It answers in the user's language with what happened, whether the funds can be
reached, by whom, and the steps to take.

The facts behind the answers (WALLET-FACTS rows 6-8):
- one 0x address is the same account on every EVM chain, so the owner switches network;
- TRON and EVM accounts share the key type and the 20-byte account id, so funds at the
  same-bytes address on the other chain are reachable by whoever holds that private key
  (export the key, not the phrase: the phrase derives different paths on each chain);
- an exchange deposit address is the exchange's: only the exchange can credit it.

No step ever asks the user to give a phrase or key to anyone. Pure and offline; never
raises on any input, and the work per message is bounded (``MAX_TEXT_CHARS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

from walletdesk.chain.addresses import (
    AddressReport,
    check_address,
    evm_to_tron,
    find_addresses,
    tron_to_evm,
)

Case = Literal[
    "evm_to_evm_other_chain",
    "tron_token_to_evm_address",
    "evm_token_to_tron_address",
    "exchange_unsupported_network",
    "bitcoin_family_mismatch",
    "same_network",
    "unknown",
]
Recoverable = Literal["yes_by_owner", "yes_by_key_holder", "only_exchange", "no", "unknown"]
Family = Literal["evm", "tron", "bitcoin", "solana"]
_Owner = Literal["self", "other", "unknown"]

LANGUAGES: Final = ("zh", "en", "es", "ar")
MAX_TEXT_CHARS: Final = 4_000  # a wrong-network story fits; the rest is ignored

_ARTICLES: Final[dict[str, str]] = {
    "evm_to_evm_other_chain": "wrong-network-evm",
    "tron_token_to_evm_address": "tron-evm-crossed",
    "evm_token_to_tron_address": "tron-evm-crossed",
    "exchange_unsupported_network": "exchange-deposit-memo",
    "bitcoin_family_mismatch": "wrong-network-evm",
    "same_network": "wrong-network-evm",
    "unknown": "wrong-network-evm",
}


@dataclass(frozen=True, slots=True)
class NetworkDiagnosis:
    """What happened to a transfer and who can reach the funds, in the user's language.

    ``sent_on`` is a network id (``ethereum``, ``tron``, ``bsc``, ``polygon``, ``arbitrum``,
    ``optimism``, ``base``, ``avalanche``, ``bitcoin``, ``bitcoin-cash``, ``litecoin``,
    ``dogecoin``, ``solana``); ``destination_family`` the receiving address's family
    (``evm``, ``tron``, ``bitcoin``, ``solana``); ``exchange`` the receiving exchange, when
    the funds went to one (``"exchange"`` when it was not named); ``expected_network`` the
    network the user meant or the exchange accepts. ``related_address`` is the same 20
    bytes written for the other chain (T... for a 0x address and vice versa).
    """

    case: Case
    sent_on: str | None
    destination_family: str | None
    recoverable: Recoverable
    who_can_help: str
    explanation: str
    steps: list[str]
    related_address: str | None
    article_id: str
    language: str = "en"
    exchange: str | None = None
    expected_network: str | None = None
    destination_address: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "case": self.case,
            "sent_on": self.sent_on,
            "destination_family": self.destination_family,
            "recoverable": self.recoverable,
            "who_can_help": self.who_can_help,
            "explanation": self.explanation,
            "steps": list(self.steps),
            "related_address": self.related_address,
            "article_id": self.article_id,
            "language": self.language,
            "exchange": self.exchange,
            "expected_network": self.expected_network,
            "destination_address": self.destination_address,
        }


# --------------------------------------------------------------------------- networks


@dataclass(frozen=True, slots=True)
class _Network:
    family: Family
    gas: str
    names: tuple[str, str, str, str]  # zh, en, es, ar (the order of LANGUAGES)

    def name(self, language: str) -> str:
        return self.names[LANGUAGES.index(language)]


_NETWORKS: Final[dict[str, _Network]] = {
    "ethereum": _Network(
        "evm",
        "ETH",
        ("以太坊（ERC20）", "Ethereum (ERC20)", "Ethereum (ERC20)", "إيثيريوم (ERC20)"),
    ),
    "tron": _Network(
        "tron", "TRX", ("波场 TRON（TRC20）", "TRON (TRC20)", "TRON (TRC20)", "ترون (TRC20)")
    ),
    "bsc": _Network(
        "evm",
        "BNB",
        (
            "币安智能链 BSC（BEP20）",
            "BNB Smart Chain (BEP20)",
            "BNB Smart Chain (BEP20)",
            "BNB Smart Chain (BEP20)",
        ),
    ),
    "polygon": _Network(
        "evm", "POL", ("Polygon（马蹄链）", "Polygon", "Polygon", "بوليغون (Polygon)")
    ),
    "arbitrum": _Network("evm", "ETH", ("Arbitrum", "Arbitrum", "Arbitrum", "Arbitrum")),
    "optimism": _Network("evm", "ETH", ("Optimism", "Optimism", "Optimism", "Optimism")),
    "base": _Network("evm", "ETH", ("Base", "Base", "Base", "Base")),
    "avalanche": _Network(
        "evm",
        "AVAX",
        ("Avalanche C链", "Avalanche C-Chain", "Avalanche C-Chain", "أفالانش (Avalanche C-Chain)"),
    ),
    "bitcoin": _Network(
        "bitcoin", "BTC", ("比特币（BTC）", "Bitcoin (BTC)", "Bitcoin (BTC)", "بيتكوين (BTC)")
    ),
    "bitcoin-cash": _Network(
        "bitcoin",
        "BCH",
        ("比特币现金（BCH）", "Bitcoin Cash (BCH)", "Bitcoin Cash (BCH)", "بيتكوين كاش (BCH)"),
    ),
    "litecoin": _Network(
        "bitcoin", "LTC", ("莱特币（LTC）", "Litecoin (LTC)", "Litecoin (LTC)", "لايتكوين (LTC)")
    ),
    "dogecoin": _Network(
        "bitcoin",
        "DOGE",
        ("狗狗币（DOGE）", "Dogecoin (DOGE)", "Dogecoin (DOGE)", "دوجكوين (DOGE)"),
    ),
    "solana": _Network("solana", "SOL", ("Solana", "Solana", "Solana", "سولانا (Solana)")),
}

_AR_LETTER: Final = "\u0600-\u06ff"


def _w(pattern: str) -> str:
    """Latin words: not glued to other Latin letters or digits (CJK neighbours are fine)."""
    return rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])"


def _a(pattern: str) -> str:
    """Arabic words, with the clitics that attach in front (ال، بال، لل، و، ب، ل)."""
    return rf"(?<![{_AR_LETTER}])(?:ال|بال|وال|لل|ب|و|ل)?(?:{pattern})(?![{_AR_LETTER}])"


# (network, pattern, weak): weak terms are coin tickers, used only when no network is named
_NETWORK_TERMS: Final[tuple[tuple[str, str, bool], ...]] = (
    ("tron", _w(r"TRC[\s-]?20|TRC|TRON(?:\s+network|\s+mainnet)?") + "|波场(?:链|网络)?", False),
    ("tron", _a("ترون"), False),
    ("tron", _w("TRX"), True),
    ("ethereum", _w(r"ERC[\s-]?20|ERC|Ethereum|Etherium|Ethereum\s+mainnet"), False),
    (
        "ethereum",
        r"以太坊(?:链|网络|主网)?|以太网|以太链|(?<![A-Za-z0-9])ETH(?:链|网络|主网)",
        False,
    ),
    ("ethereum", _w(r"ETH\s+(?:mainnet|network|chain)|red\s+de\s+Ethereum"), False),
    ("ethereum", _a("[إا]يثي?ريوم|[إا]ثيريوم"), False),
    ("ethereum", _w("ETH|Ether"), True),
    ("bsc", _w(r"BEP[\s-]?20|BSC|BNB\s*(?:Smart\s*)?Chain|Binance\s+Smart\s+Chain"), False),
    ("bsc", r"币安(?:智能)?链|(?<![A-Za-z0-9])BNB\s*(?:链|智能链)", False),
    ("bsc", _a(r"بينانس\s+سمارت\s+تشين|بي\s*إن\s*بي\s+تشين") + r"|سلسلة\s+بينانس\s+الذكية", False),
    ("bsc", _w("BNB"), True),
    ("polygon", _w(r"Polygon(?:\s+PoS)?|Matic") + "|马蹄(?:链)?|多边形(?:链|网络)", False),
    ("polygon", _a("بولي[غجقك]ون"), False),
    ("polygon", _w("(?-i:POL)"), True),
    ("arbitrum", _w(r"Arbitrum(?:\s+One)?") + "|" + _a("[أاآ]ربيتروم"), False),
    ("arbitrum", _w("ARB"), True),
    ("optimism", _w(r"Optimism|OP\s+Mainnet") + r"|(?<![A-Za-z0-9])OP(?:主网|链)", False),
    ("optimism", _a("[أا]وبتيميزم"), False),
    (
        "base",
        r"(?<![A-Za-z0-9])(?-i:Base)(?=\s*(?i:chain|network|mainnet|L2)(?![A-Za-z])|\s*(?:链|网络|主网))",
        False,
    ),
    (
        "base",
        _w(r"(?:on|via|over|through|using|en|por|red(?:\s+de)?)\s+(?-i:Base)")
        + r"|(?:用|在|走|通过|选了?)\s*(?-i:Base)(?![A-Za-z0-9])"
        + r"|شبكة\s*(?:Base|بيس)(?![A-Za-z0-9])",
        False,
    ),
    (
        "avalanche",
        _w(r"Avalanche(?:\s+C[\s-]?Chain)?|AVAX\s*C[\s-]?Chain|C[\s-]Chain") + "|雪崩(?:链)?",
        False,
    ),
    ("avalanche", _a("[أا]فالانش"), False),
    ("avalanche", _w("AVAX"), True),
    ("bitcoin-cash", _w(r"Bitcoin\s*Cash|BCH") + "|比特币现金|" + _a(r"بيتكوين\s*كاش"), False),
    ("bitcoin", _w(r"Bitcoin|BTC\s+(?:network|mainnet|chain)") + "|比特币(?:网络|主网|链)?", False),
    ("bitcoin", _a("بيتكوين|بتكوين"), False),
    ("bitcoin", _w("BTC"), True),
    ("litecoin", _w("Litecoin|LTC") + "|莱特币|" + _a("لايتكوين"), False),
    ("dogecoin", _w("Dogecoin|DOGE") + "|狗狗币|" + _a(r"دوجكوين|دوج\s*كوين"), False),
    ("solana", _w("Solana|SPL") + "|索拉纳|Sol链|" + _a("سولانا"), False),
    ("solana", _w("(?-i:SOL)"), True),
)

GENERIC_EXCHANGE: Final = "exchange"

_EXCHANGE_TERMS: Final[tuple[tuple[str, str], ...]] = (
    ("Binance", _w(r"Binance(?:\.com|\.US)?") + "|币安|" + _a("بينانس|باينانس|بايننس")),
    ("OKX", _w("OKX|OKEx") + "|欧易"),
    ("Coinbase", _w("Coinbase") + "|" + _a(r"كوين\s*بيس")),
    ("Kraken", _w("Kraken") + "|" + _a("كراكن")),
    ("Bybit", _w("Bybit") + "|" + _a(r"باي\s*بت|بايبت")),
    ("KuCoin", _w("KuCoin") + "|库币|" + _a("كوكوين")),
    ("HTX", _w("HTX|Huobi") + "|火币|" + _a("هوبي")),
    ("Gate.io", _w(r"Gate\.io|Gateio") + "|芝麻开门"),
    ("Bitget", _w("Bitget") + "|" + _a("بيتجيت")),
    ("MEXC", _w("MEXC") + "|抹茶"),
    ("Crypto.com", _w(r"Crypto\.com")),
    ("Bitfinex", _w("Bitfinex")),
    ("Bitstamp", _w("Bitstamp")),
    ("Bitso", _w("Bitso")),
    ("Upbit", _w("Upbit")),
    ("Bithumb", _w("Bithumb")),
    (
        GENERIC_EXCHANGE,
        _w(
            r"(?:an?|the|my|your|that|this|their|some|crypto|centrali[sz]ed|un|el|del|mi|tu|"
            r"ese|este|otro)\s+exchanges?(?!\s+rates?)|exchange\s+(?:account|deposit|wallet|"
            r"address|support)|(?:(?<=to\s)|(?<=from\s)|(?<=into\s))exchange|CEX|"
            r"casas?\s+de\s+cambio|plataforma\s+de\s+(?:intercambio|trading)"
        )
        + "|交易所|"
        + _a("منص(?:ة|ات|تي|ته)|بورص(?:ة|ات)"),
    ),
)

# Wallet apps: they mask exchange names inside them (Binance Web3 Wallet is self-custody)
# and some say which family the receiving address has.
_WALLET_TERMS: Final[tuple[tuple[Family | None, str], ...]] = (
    ("evm", _w("Meta\\s?Mask") + "|小狐狸|" + _a("ميتا\\s?ماسك")),
    ("tron", _w("Tron\\s?Link")),
    (
        None,
        _w(
            r"Trust\s*Wallet|Binance\s+(?:Web3\s+)?Wallet|OKX\s+(?:Web3\s+)?Wallet|OKX\s+Web3|"
            r"Coinbase\s+Wallet|Bitget\s+Wallet|imToken|TokenPocket"
        )
        + "|币安(?:Web3)?钱包|欧易(?:Web3)?钱包",
    ),
)


# --------------------------------------------------------------------------- context words

# A network named right after one of these is the one the user meant, or the one an
# exchange accepts; the network actually used is the first one named without them.
_EXPECTED_RE: Final = re.compile(
    r"instead(?:\s+of)?|rather\s+than|not\s+(?:on|via|through)\b|only\s+(?:takes|accepts|"
    r"supports|allows|works\s+with|receives|lists|on|via)|(?:takes|accepts|supports|allows)"
    r"(?:\s+only)?|should(?:\s+have)?|supposed\s+to|meant\s+to|wanted\s+to|intended\s+to|"
    r"expects?|requires?|"
    r"而不是|不是|本应|本来|应该|应当|原本|只支持|仅支持|只收|只接受|只能|要求|支持的是|想用|想转|"
    r"en\s+vez\s+de|en\s+lugar\s+de|[uú]nicamente|deb[ií]a|deber[ií]a|ten[ií]a\s+que|"
    r"quer[ií]a|era\s+para|acepta|admite|soporta|permite|"
    r"بدل|عوض|تقبل|يقبل|تدعم|يدعم|كان\s+يجب|المفروض|أردت|اردت|الصحيح|سوى|إلا",
    re.IGNORECASE,
)
# ... unless negated: "doesn't support BEP20" names the network that was used.
_UNSUPPORTED_RE: Final = re.compile(
    r"(?:doesn'?t|does\s+not|don'?t|do\s+not|cannot|can'?t|won'?t|never)\s+(?:support|accept|"
    r"take|allow|list|receive)|not\s+supported|unsupported|不支持|不接受|不收|不能充|"
    r"no\s+(?:acepta|admite|soporta|permite|recibe)|no\s+es\s+compatible|"
    r"لا\s*(?:تدعم|يدعم|تقبل|يقبل)(?!\s*(?:إلا|الا|سوى))|غير\s+مدعوم",
    re.IGNORECASE,
)
_WRONG_NETWORK_RE: Final = re.compile(
    r"wrong\s+(?:network|chain|blockchain|net)|incorrect\s+(?:network|chain)|"
    r"different\s+(?:network|chain)|错网|转错|选错|错链|充错|错误的(?:网络|链)|"
    r"red\s+(?:equivocada|incorrecta|err[oó]nea|distinta)|otra\s+red|equivoqu[ée]\s+de\s+red|"
    r"شبكة\s+(?:خاطئة|خطأ|غلط|مختلفة)|الشبكة\s+(?:الخاطئة|الخطأ|الغلط)|بالغلط|بالخطأ",
    re.IGNORECASE,
)
_WITHDRAW_RE: Final = re.compile(
    r"withdr[ae]w\w*|提币|提现|提款|提出|retir[aeéoó]\w*|سحب\w*", re.IGNORECASE
)
_DEPOSIT_RE: Final = re.compile(
    r"deposit\w*|top[\s-]?up|充值|充币|存入|入金|dep[oó]sit\w*|ingres\w*|"
    r"[إا]يداع|[أا]ودعت|شحن",
    re.IGNORECASE,
)
_FROM_BEFORE_RE: Final = re.compile(
    r"(?:(?<![A-Za-z])from|desde|从|由|(?<![\u0600-\u06ff])من)\s*(?:my|the|mi|el|la|我的)?\s*"
    r"(?:منصة|المنصة)?\s*$",
    re.IGNORECASE,
)
_TO_BEFORE_RE: Final = re.compile(
    r"(?:(?<![A-Za-z])(?:to|into|a|al|hacia)|到|给|进|入|往|至|(?<![\u0600-\u06ff])(?:إلى|الى))"
    r"\s*(?:my|the|an?|mi|el|la|un|una|mi\s+cuenta\s+de|我的|了|منصة|المنصة)?\s*$",
    re.IGNORECASE,
)
# "en Kraken", "在火币", "في منصة": the receiver only when the message is about a deposit
_AT_BEFORE_RE: Final = re.compile(
    r"(?:(?<![A-Za-z])(?:en|at|on)|在|(?<![\u0600-\u06ff])في)\s*(?:mi\s+cuenta\s+de|منصة|المنصة)?\s*$",
    re.IGNORECASE,
)
# a network named as the kind of the receiving address: "ERC20 address", "以太坊地址" ...
_ADDRESS_AFTER_RE: Final = re.compile(
    r"\s*-?\s*(?:(?:deposit\s+)?address|addr|wallet|account)(?![A-Za-z])|\s*的?(?:充值)?"
    r"(?:地址|钱包|账户|账号)",
    re.IGNORECASE,
)
# ... "dirección de Ethereum", "عنوان إيثيريوم"
_ADDRESS_BEFORE_RE: Final = re.compile(
    r"(?:direcci[oó]n|billetera|cartera|monedero|wallet|cuenta|عنوان\w*|محفظ\w*|حساب\w*)"
    r"(?:\s+(?:de|del|la|red|tipo|شبكة|الشبكة))*\s*$",
    re.IGNORECASE,
)
_OTHER_OWNER_RE: Final = re.compile(
    r"(?<![A-Za-z])(?:friend|someone|somebody|another\s+person|other\s+person|his|her|"
    r"brother|sister|mom|dad|family|seller|buyer|merchant|supplier|boss)"
    r"(?![A-Za-z])|朋友|别人|他人|对方|他的|她的|卖家|买家|商家|家人|同事|"
    r"(?<![A-Za-z])(?:amig[oa]s?|otra\s+persona|alguien|vendedor|comprador|familiar|"
    r"herman[oa]|su\s+direcci[oó]n|su\s+billetera)(?![A-Za-z])|"
    r"صديق\w*|شخص\s+آخر|البائع|المشتري",
    re.IGNORECASE,
)
_SELF_OWNER_RE: Final = re.compile(
    r"(?<![A-Za-z])(?:my|mine|own)(?![A-Za-z])|我的|我自己|自己的|"
    r"(?<![A-Za-z])(?:mi|mis|m[ií]a|m[ií]o|propia|propio)(?![A-Za-z])|"
    r"عنواني|محفظتي|حسابي|(?:الخاصة?|خاصت)\s+بي",
    re.IGNORECASE,
)
# "my 0x address", "0x开头": the address is described, not pasted (a real one has 40 hex)
_EVM_HINT_RE: Final = re.compile(r"(?<![0-9A-Za-z])0[xX](?![0-9A-Fa-f]{8})")
_TRON_HINT_RE: Final = re.compile(
    r"(?<![0-9A-Za-z])T(?:\s?(?:\.{2,}|…)|(?:-|\s)?(?i:address|addr|wallet)(?![A-Za-z])|"
    r"\s*(?:开头|字头|打头|地址))|"
    r"(?i:direcci[oó]n|billetera|cuenta)\s+(?:(?i:de)\s+)?(?:(?i:tipo)\s+)?T(?![0-9A-Za-z])|"
    r"(?i:empiezan?|comienzan?)\s+(?i:por|con)\s+(?:(?i:la)\s+)?(?:(?i:letra)\s+)?"
    r"[\"'“]?T(?![0-9A-Za-z])|"
    r"(?i:starts?|starting|begins?|beginning)\s+(?i:with)\s+(?:(?i:an?|the)\s+)?"
    r"(?:(?i:letter)\s+)?[\"'“]?T(?![0-9A-Za-z])|"
    r"(?:عنوان\w*|محفظ\w*)\s*(?:(?:الذي\s+|التي\s+)?[يت]بد[أا]\s*ب(?:ـ|حرف)?\s*)?[\"'“]?T"
    r"(?![0-9A-Za-z])|[يت]بد[أا]\s*ب(?:ـ|حرف)?\s*[\"'“]?T(?![0-9A-Za-z])"
)

_FROM_ADDRESS_RE: Final = re.compile(
    r"(?:(?<![A-Za-z])from|desde|从|由|(?<![\u0600-\u06ff])من)\s*(?:my|mi|我的|the)?\s*"
    r"(?:wallet|address|billetera|direcci[oó]n|cuenta|钱包|地址|محفظتي|عنواني|المحفظة)?\s*[:：]?\s*$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    kind: Literal["network", "exchange", "wallet"]
    value: str  # network id, exchange name, or wallet family ("" when none)
    weak: bool = False


_FAMILIES: Final[dict[str, Family]] = {
    "evm": "evm",
    "tron": "tron",
    "bitcoin": "bitcoin",
    "solana": "solana",
}


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_NETWORK_RES: Final = tuple((net, _compile(p), weak) for net, p, weak in _NETWORK_TERMS)
_EXCHANGE_RES: Final = tuple((name, _compile(p)) for name, p in _EXCHANGE_TERMS)
_WALLET_RES: Final = tuple((fam, _compile(p)) for fam, p in _WALLET_TERMS)


def _raw_mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    for net, regex, weak in _NETWORK_RES:
        found += [_Mention(m.start(), m.end(), "network", net, weak) for m in regex.finditer(text)]
    for name, regex in _EXCHANGE_RES:
        found += [_Mention(m.start(), m.end(), "exchange", name) for m in regex.finditer(text)]
    for fam, regex in _WALLET_RES:
        found += [_Mention(m.start(), m.end(), "wallet", fam or "") for m in regex.finditer(text)]
    return found


def _mentions(text: str) -> list[_Mention]:
    """Non-overlapping mentions in text order; the longest wins ("币安智能链" over "币安")."""
    kept: list[_Mention] = []
    taken_until = -1
    for m in sorted(_raw_mentions(text), key=lambda m: (m.start, m.start - m.end)):
        if m.start >= taken_until:
            kept.append(m)
            taken_until = m.end
    return kept


# --------------------------------------------------------------------------- reading


@dataclass(slots=True)
class _Reading:
    """What the message says, before deciding."""

    expected: list[str] = field(default_factory=list)
    sent: str | None = None
    exchange: str | None = None
    family: Family | None = None
    address: AddressReport | None = None
    owner: _Owner = "unknown"
    wrong_words: bool = False


def _window(text: str, start: int, previous_end: int) -> str:
    return text[max(previous_end, start - 40) : start]


def _is_destination_network(text: str, m: _Mention) -> bool:
    if _ADDRESS_AFTER_RE.match(text, m.end):
        return True
    return _ADDRESS_BEFORE_RE.search(text[max(0, m.start - 40) : m.start]) is not None


def _network_roles(text: str, mentions: list[_Mention]) -> tuple[list[_Mention], list[str]]:
    """Split network mentions into (used, expected); destination kinds count as expected."""
    used: list[_Mention] = []
    expected: list[str] = []
    previous_end = 0
    for m in mentions:
        if m.kind == "network":
            window = _window(text, m.start, previous_end)
            if _is_destination_network(text, m):
                expected.append(m.value)
            elif _UNSUPPORTED_RE.search(window):
                used.append(m)
            elif _EXPECTED_RE.search(window):
                expected.append(m.value)
            else:
                used.append(m)
        previous_end = m.end
    return used, expected


def _pick_sent(used: list[_Mention], expected: list[str]) -> str | None:
    strong = [m.value for m in used if not m.weak]
    weak = [m.value for m in used if m.weak and m.value not in expected]
    if strong:
        return strong[0]
    return weak[0] if weak else None


def _exchange_is_source(text: str, m: _Mention, *, withdraw: bool, deposit: bool) -> bool:
    before = text[max(0, m.start - 24) : m.start]
    if _FROM_BEFORE_RE.search(before):
        return True
    if _TO_BEFORE_RE.search(before):
        return False
    if deposit and _AT_BEFORE_RE.search(before):
        return False
    return withdraw and not deposit


def _destination_exchange(text: str, mentions: list[_Mention]) -> str | None:
    withdraw = _WITHDRAW_RE.search(text) is not None
    deposit = _DEPOSIT_RE.search(text) is not None
    exchanges = [
        m
        for m in mentions
        if m.kind == "exchange"
        and not _exchange_is_source(text, m, withdraw=withdraw, deposit=deposit)
    ]
    named = [m.value for m in exchanges if m.value != GENERIC_EXCHANGE]
    if named:
        return named[0]
    return GENERIC_EXCHANGE if exchanges else None


def _address_is_source(text: str, start: int) -> bool:
    """ "from 0x...", "从我的钱包 0x...": the address the money left, not where it went."""
    return _FROM_ADDRESS_RE.search(text[max(0, start - 24) : start]) is not None


def _pasted_address(text: str) -> AddressReport | None:
    for start, _end, report in find_addresses(text):
        if report.family != "unknown" and not _address_is_source(text, start):
            return report
    return None


def _hinted_family(text: str, sent: str | None) -> Family | None:
    evm = _EVM_HINT_RE.search(text) is not None
    tron = _TRON_HINT_RE.search(text) is not None
    if evm and tron:  # "TRC20 to my 0x address, my T address is ...": the crossed one
        return "evm" if sent is not None and _NETWORKS[sent].family == "tron" else "tron"
    if evm:
        return "evm"
    return "tron" if tron else None


def _owner(text: str) -> _Owner:
    if _OTHER_OWNER_RE.search(text):
        return "other"
    return "self" if _SELF_OWNER_RE.search(text) else "unknown"


def _read(text: str) -> _Reading:
    mentions = _mentions(text)
    used, expected = _network_roles(text, mentions)
    reading = _Reading(expected=expected, owner=_owner(text))
    reading.sent = _pick_sent(used, expected)
    reading.exchange = _destination_exchange(text, mentions)
    reading.wrong_words = any(r.search(text) for r in (_WRONG_NETWORK_RE, _UNSUPPORTED_RE))
    reading.address = _pasted_address(text)
    reading.family = _family_of(reading, text, mentions)
    return reading


def _family_of(reading: _Reading, text: str, mentions: list[_Mention]) -> Family | None:
    if reading.address is not None and reading.address.family != "unknown":
        return reading.address.family
    hinted = _hinted_family(text, reading.sent)
    if hinted is not None:
        return hinted
    for m in mentions:
        if m.kind == "network" and _is_destination_network(text, m):
            return _NETWORKS[m.value].family
    wallets = [_FAMILIES[m.value] for m in mentions if m.kind == "wallet" and m.value]
    if wallets:
        return wallets[0]
    other = _other_expected(reading)  # "Polygon instead of Ethereum": an Ethereum address
    return _NETWORKS[other].family if other is not None else None


# --------------------------------------------------------------------------- deciding


def _other_expected(reading: _Reading) -> str | None:
    return next((n for n in reading.expected if n != reading.sent), None)


def _exchange_case(reading: _Reading) -> Case:
    sent, family = reading.sent, reading.family
    if sent is not None and sent in reading.expected and _other_expected(reading) is None:
        return "same_network"
    crossed = family is not None and sent is not None and _NETWORKS[sent].family != family
    if reading.expected or reading.wrong_words or crossed or sent is None:
        return "exchange_unsupported_network"
    return "same_network"


def _bitcoin_case(reading: _Reading, sent: str) -> Case:
    other = _other_expected(reading)
    if other is not None and _NETWORKS[other].family == "bitcoin":
        return "bitcoin_family_mismatch"
    address = reading.address
    if sent in ("litecoin", "dogecoin") and address is not None and address.valid:
        return "bitcoin_family_mismatch" if address.family == "bitcoin" else "unknown"
    if reading.family == "bitcoin" and other is None:
        return "same_network"
    return "unknown"


def _case(reading: _Reading) -> Case:
    if reading.exchange is not None:
        return _exchange_case(reading)
    sent = reading.sent
    if sent is None:
        return "unknown"
    sent_family = _NETWORKS[sent].family
    if sent_family == "bitcoin":
        return _bitcoin_case(reading, sent)
    family = reading.family
    other = _other_expected(reading)
    if family is None:
        return "unknown"
    if sent_family == "tron" and family == "evm":
        return "tron_token_to_evm_address"
    if sent_family == "evm" and family == "tron":
        return "evm_token_to_tron_address"
    if sent_family == "evm" and family == "evm":
        return (
            "evm_to_evm_other_chain"
            if other is not None or sent not in reading.expected
            else "same_network"
        )
    return "same_network" if sent_family == family else "unknown"


def _recoverable(case: Case, reading: _Reading) -> Recoverable:
    if reading.address is not None and _is_burn(reading.address):
        return "no"
    if case == "evm_to_evm_other_chain":
        return "yes_by_owner"
    if case in (
        "tron_token_to_evm_address",
        "evm_token_to_tron_address",
        "bitcoin_family_mismatch",
    ):
        return "yes_by_key_holder"
    if case == "exchange_unsupported_network" or reading.exchange is not None:
        return "only_exchange"
    return "unknown"


def _is_burn(report: AddressReport) -> bool:
    return any(p.code == "burn_address" for p in report.problems)


def _related(case: Case, reading: _Reading) -> str | None:
    """The same 20 bytes on the chain the funds actually went to (or its other form)."""
    report = reading.address
    if report is None or not report.valid or report.normalized is None:
        return None
    try:
        if report.family == "evm" and case in (
            "tron_token_to_evm_address",
            "exchange_unsupported_network",
        ):
            return evm_to_tron(report.normalized) if _crossed(reading) else None
        if report.family == "tron" and case in (
            "evm_token_to_tron_address",
            "exchange_unsupported_network",
        ):
            return tron_to_evm(report.normalized) if _crossed(reading) else None
    except ValueError:  # pragma: no cover - normalized addresses always convert
        return None
    return None


def _crossed(reading: _Reading) -> bool:
    if reading.sent is None or reading.address is None:
        return False
    families = {_NETWORKS[reading.sent].family, reading.address.family}
    return families == {"evm", "tron"}


# --------------------------------------------------------------------------- wording


def _t(language: str, key: str) -> str:
    return _TEXT[language].get(key) or _TEXT["en"][key]


def _address_text(reading: _Reading) -> str | None:
    """The pasted receiving address as shown to the user, or None when only described."""
    report = reading.address
    if report is None:
        return None
    return report.normalized or report.input or None


def _values(reading: _Reading, language: str, related: str | None) -> dict[str, str]:
    sent = reading.sent
    other = _other_expected(reading)
    family = reading.family if reading.family in ("evm", "tron") else "any"
    pasted = _address_text(reading)
    exchange = reading.exchange
    values = {
        "sent": _NETWORKS[sent].name(language) if sent else _t(language, "generic.sent"),
        "dest_net": _NETWORKS[other].name(language) if other else _t(language, "generic.dest_net"),
        "addr": pasted or _t(language, f"generic.addr.{family}"),
        "related": related
        or _t(language, "generic.related.evm" if family == "tron" else "generic.related.tron"),
        "exchange": _t(language, "generic.exchange")
        if exchange in (None, GENERIC_EXCHANGE)
        else str(exchange),
        "gas": _NETWORKS[sent].gas if sent else _t(language, "generic.gas"),
    }
    clauses = {
        "dest_clause": ("clause.not_on", other is not None),
        "expected_clause": ("clause.accepts_only", other is not None),
        "addr_paren": ("clause.addr_paren", pasted is not None),
        "related_colon": ("clause.related_colon", related is not None),
    }
    for name, (key, wanted) in clauses.items():
        values[name] = _t(language, key).format(**values) if wanted else ""
    return values


def _who_key(case: Case, recoverable: Recoverable, reading: _Reading) -> str:
    if recoverable == "yes_by_owner":
        return f"who.owner.{reading.owner}"
    if recoverable == "yes_by_key_holder":
        return f"who.key.{reading.owner}"
    if recoverable == "only_exchange":
        return "who.exchange"
    if recoverable == "no":
        return "who.no"
    return "who.same" if case == "same_network" else "who.unknown"


def _explanation_key(case: Case, recoverable: Recoverable, reading: _Reading) -> str:
    if recoverable == "no":
        return "expl.burn"
    if case == "exchange_unsupported_network" and reading.sent is None:
        return "expl.exchange_unsupported_network.nosent"
    if case == "same_network" and reading.exchange is not None:
        return "expl.same_network.exchange"
    return f"expl.{case}"


_CROSSED: Final = ("tron_token_to_evm_address", "evm_token_to_tron_address")


def _steps(
    case: Case, recoverable: Recoverable, language: str, values: dict[str, str], related: bool
) -> list[str]:
    key = "burn" if recoverable == "no" else case
    table = _STEPS[language]
    steps = [s.format(**values) for s in table[key]]
    if case in _CROSSED and recoverable != "no" and not related:
        steps = [*table["paste"], *steps]  # we can show the other form once it is pasted
    return [*steps, _t(language, "never")]


def _language(language: object) -> str:
    if not isinstance(language, str):
        return "en"
    base = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    return base if base in LANGUAGES else "en"


# --------------------------------------------------------------------------- public


def _override(reading: _Reading, sent_on: str | None, destination: str | None) -> None:
    if isinstance(sent_on, str) and sent_on.strip():
        reading.sent = _network_id(sent_on)
    if isinstance(destination, str) and destination.strip():
        _set_destination(reading, destination[:MAX_TEXT_CHARS])


def _network_id(value: str) -> str | None:
    key = value.strip().lower()
    if key in _NETWORKS:
        return key
    networks = [m for m in _mentions(value[:200]) if m.kind == "network"]
    strong = [m.value for m in networks if not m.weak]
    ranked = strong or [m.value for m in networks]
    return ranked[0] if ranked else None


def _set_destination(reading: _Reading, destination: str) -> None:
    report = check_address(destination)
    if report.family != "unknown":  # an exchange named in the text stays the receiver
        reading.address, reading.family = report, report.family
        return
    exchanges = [m.value for m in _mentions(destination) if m.kind == "exchange"]
    if exchanges or destination.strip().lower() == GENERIC_EXCHANGE:
        reading.exchange = exchanges[0] if exchanges else GENERIC_EXCHANGE


def _diagnose(
    text: str, language: str, sent_on: str | None, destination: str | None
) -> NetworkDiagnosis:
    reading = _read(text[:MAX_TEXT_CHARS])
    _override(reading, sent_on, destination)
    case = _case(reading)
    recoverable = _recoverable(case, reading)
    related = _related(case, reading)
    values = _values(reading, language, related)
    return NetworkDiagnosis(
        case=case,
        sent_on=reading.sent,
        destination_family=reading.family,
        recoverable=recoverable,
        who_can_help=_t(language, _who_key(case, recoverable, reading)).format(**values),
        explanation=_t(language, _explanation_key(case, recoverable, reading)).format(**values),
        steps=_steps(case, recoverable, language, values, related is not None),
        related_address=related,
        article_id="exchange-deposit-memo" if reading.exchange is not None else _ARTICLES[case],
        language=language,
        exchange=reading.exchange,
        expected_network=_other_expected(reading),
        destination_address=_address_text(reading),
    )


def diagnose_network(
    text: str,
    language: str = "en",
    *,
    sent_on: str | None = None,
    destination: str | None = None,
) -> NetworkDiagnosis:
    """Explain a wrong-network transfer from the user's own words; never raises.

    ``sent_on`` (a network id or any name the text recogniser knows, e.g. "BEP20") and
    ``destination`` (an address, or an exchange name) override what the text says.
    ``language`` is zh, en, es or ar (regional tags such as ``zh-CN`` are fine; anything
    else answers in English).
    """
    lang = _language(language)
    try:
        return _diagnose(text if isinstance(text, str) else "", lang, sent_on, destination)
    except Exception:  # last resort: a support tool must answer, not crash
        return _diagnose("", lang, None, None)


# --------------------------------------------------------------------------- texts
# Written for this desk in zh/en/es/ar (generated from one source table, wrapped at 100
# columns). Placeholders: {sent} {dest_net} {addr} {related} {exchange} {gas} and the
# optional clauses {dest_clause} {expected_clause} {addr_paren} {related_colon}. No text
# may ask the user to give a phrase or key to anyone (tests/chain/test_networks.py checks).

_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "clause.addr_paren": " ({addr})",
        "clause.related_colon": ": {related}",
        "generic.sent": "the network you used",
        "generic.dest_net": "the network you meant",
        "generic.addr.evm": "that 0x address",
        "generic.addr.tron": "that T address",
        "generic.addr.any": "the receiving address",
        "generic.related.tron": "the TRON address with the same 20 bytes",
        "generic.related.evm": "the 0x address with the same 20 bytes",
        "generic.exchange": "the exchange",
        "generic.gas": "the network's own coin",
        "clause.not_on": ", not on {dest_net}",
        "clause.accepts_only": ", which accepts it only on {dest_net}",
        "who.owner.self": (
            "You. The funds are at your own address on {sent}; you reach them by switching "
            "your wallet to that network."
        ),
        "who.owner.other": (
            "The owner of the receiving address. They can switch their wallet to {sent} and "
            "send the funds back."
        ),
        "who.owner.unknown": (
            "Whoever controls the receiving address: on {sent} it is the same address, with "
            "the same key, as on any other EVM network."
        ),
        "who.key.self": (
            "You, if the receiving address is in a wallet app where you can export its "
            "private key (not an exchange account and not a smart-contract wallet)."
        ),
        "who.key.other": (
            "Only the person who holds the private key of the receiving address; they can "
            "follow these steps in their own wallet."
        ),
        "who.key.unknown": (
            "Whoever holds the private key of the receiving address. If it is an exchange "
            "deposit address, only the exchange."
        ),
        "who.exchange": (
            "Only {exchange}: it holds the keys of its deposit addresses. Nobody else can "
            "move or credit these funds."
        ),
        "who.no": "Nobody. No one holds a key for that address.",
        "who.unknown": (
            "It depends on the network and the receiving address; a few details will settle it."
        ),
        "who.same": (
            "Whoever runs the receiving wallet or account: with the transaction hash they can "
            "confirm the transfer (for an exchange, its support)."
        ),
        "expl.evm_to_evm_other_chain": (
            "You sent on {sent} to an Ethereum-style address{addr_paren}. The same 0x address "
            "exists on every EVM network (Ethereum, BNB Smart Chain, Polygon, Arbitrum, "
            "Optimism, Base, Avalanche...) and the same key controls it on all of them, so "
            "the funds are not lost: they are at that address on {sent}{dest_clause}. A "
            "wallet only shows the network it is set to."
        ),
        "expl.tron_token_to_evm_address": (
            "The transfer went out on {sent}, but the receiving address was an Ethereum-style "
            "0x address{addr_paren}. A TRON transfer can only land on a TRON address, so the "
            "app or exchange that sent it used the TRON address made of the same 20 "
            "bytes{related_colon}. TRON and EVM accounts use the same kind of key, so whoever "
            "holds the private key of {addr} also controls {related} on TRON. The funds are "
            "there, not on an EVM network."
        ),
        "expl.evm_token_to_tron_address": (
            "The transfer went out on {sent}, an EVM network, but the receiving address was a "
            "TRON address{addr_paren}. An EVM transfer can only land on a 0x address, so the "
            "funds are on {sent}, at the 0x address made of the same 20 bytes{related_colon}. "
            "TRON and EVM accounts use the same kind of key, so whoever holds the private key "
            "of {addr} also controls {related} on {sent}."
        ),
        "expl.exchange_unsupported_network": (
            "You sent on {sent} to a deposit address at {exchange}{expected_clause}. A "
            "deposit address belongs to the exchange, not to you: when the exchange doesn't "
            "support that token on that network, its system doesn't credit it automatically. "
            "The funds are under the exchange's control, so only {exchange} can credit or "
            "return them; some exchanges do it for a fee, some can't."
        ),
        "expl.exchange_unsupported_network.nosent": (
            "You sent to a deposit address at {exchange} on a network it doesn't accept for "
            "that token{expected_clause}. A deposit address belongs to the exchange, not to "
            "you, so its system doesn't credit such a deposit automatically. The funds are "
            "under the exchange's control: only {exchange} can credit or return them; some "
            "exchanges do it for a fee, some can't."
        ),
        "expl.bitcoin_family_mismatch": (
            "You sent on {sent} to an address meant for {dest_net}. Bitcoin, Bitcoin Cash, "
            "Litecoin and Dogecoin are separate networks even when their addresses look "
            "alike, so the coins are on {sent}, at the address that belongs to the same key. "
            "Whoever holds the private key of that address can reach them by importing the "
            "key into a {sent} wallet. If it was an exchange address, only the exchange can "
            "help."
        ),
        "expl.same_network": (
            "{sent} is the network of the receiving address, so the network was not the "
            "problem. If the funds are not showing, look the transaction up on a block "
            "explorer with its hash: check that it succeeded, that the receiving address is "
            "the one you meant, and its confirmations."
        ),
        "expl.same_network.exchange": (
            "{sent} is a network {exchange} accepts, so the network was not the problem. An "
            "exchange credits a deposit only after its own number of confirmations, and some "
            "deposits need a memo or tag; only {exchange} can credit it."
        ),
        "expl.unknown": (
            "From this message I can't tell which network the transfer went out on and what "
            "kind of address received it. Those two facts decide whether the funds can be "
            "reached, and by whom."
        ),
        "expl.burn": (
            "The receiving address {addr} is a burn address: nobody holds its key on any "
            "network, so funds sent there can't be moved by anyone."
        ),
        "never": (
            "Nobody needs your recovery phrase or private key for this: not us, not any "
            "exchange. Anyone who asks for them, or offers to recover the funds for a fee, is "
            "a scammer."
        ),
    },
    "zh": {
        "clause.addr_paren": "（{addr}）",
        "clause.related_colon": "：{related}",
        "generic.sent": "你使用的网络",
        "generic.dest_net": "你原本要用的网络",
        "generic.addr.evm": "那个0x开头的地址",
        "generic.addr.tron": "那个T开头的地址",
        "generic.addr.any": "收款地址",
        "generic.related.tron": "字节相同的TRON地址",
        "generic.related.evm": "字节相同的0x地址",
        "generic.exchange": "交易所",
        "generic.gas": "该网络的主币",
        "clause.not_on": "，而不是在{dest_net}上",
        "clause.accepts_only": "，而它只支持{dest_net}",
        "who.owner.self": (
            "你自己。钱在你自己的地址上（{sent}网络），把钱包切换到这个网络就能看到。"
        ),
        "who.owner.other": "收款地址的主人。对方把钱包切换到{sent}，就能看到这笔钱并转回给你。",
        "who.owner.unknown": (
            "控制收款地址的人：在{sent}上这是同一个地址、同一把私钥，和其他EVM网络一样。"
        ),
        "who.key.self": (
            "你自己——前提是收款地址在一个你能导出私钥的钱包App里（不是交易所账户，"
            "也不是智能合约钱包）。"
        ),
        "who.key.other": "只有掌握收款地址私钥的人；请对方在自己的钱包里按这些步骤操作。",
        "who.key.unknown": "掌握收款地址私钥的人。如果那是交易所的充值地址，就只有交易所能处理。",
        "who.exchange": (
            "只有{exchange}：充值地址的私钥在交易所手里，其他任何人都无法动用这笔钱或为它入账。"
        ),
        "who.no": "没有人。这个地址没有任何人掌握私钥。",
        "who.unknown": "要看转账网络和收款地址；再补充几项信息就能判断。",
        "who.same": (
            "收款钱包或账户的运营方：凭交易哈希可以核实到账情况（交易所充值请联系交易所客服）。"
        ),
        "expl.evm_to_evm_other_chain": (
            "你是在{sent}上转到了一个以太坊格式的地址{addr_paren}。"
            "同一个0x地址在所有EVM网络上都存在（以太坊、BNB Smart Chain、Polygon、Arbitrum、"
            "Optimism、Base、Avalanche等），并由同一把私钥控制，所以钱没有丢："
            "它就在{sent}上的这个地址里{dest_clause}。钱包只显示当前选中的网络。"
        ),
        "expl.tron_token_to_evm_address": (
            "这笔转账走的是{sent}，但收款地址是以太坊格式的0x地址{addr_paren}。"
            "TRON转账只能到TRON地址，所以发出转账的App或交易所用的是由相同20个字节组成的TRON地"
            "址{related_colon}。TRON和EVM账户使用同一种密钥，谁掌握{addr}的私钥，"
            "谁就能在TRON上控制{related}。钱在那里，不在EVM网络上。"
        ),
        "expl.evm_token_to_tron_address": (
            "这笔转账走的是EVM网络{sent}，但收款地址是TRON地址{addr_paren}。"
            "EVM转账只能到0x地址，所以钱在{sent}上、由相同20个字节组成的0x地址里{related_colon"
            "}。TRON和EVM账户使用同一种密钥，谁掌握{addr}的私钥，"
            "谁就能在{sent}上控制{related}。"
        ),
        "expl.exchange_unsupported_network": (
            "你在{sent}上把币转到了{exchange}的充值地址{expected_clause}。充值地址属于交易所，"
            "不属于你：交易所不支持这个币在这个网络上充值时，系统不会自动入账。"
            "钱在交易所的控制之下，只有{exchange}能为你入账或退回；有的交易所会收手续费，"
            "有的无法处理。"
        ),
        "expl.exchange_unsupported_network.nosent": (
            "你用{exchange}不支持的网络把这个币转到了它的充值地址{expected_clause}。"
            "充值地址属于交易所，不属于你，所以系统不会自动入账。钱在交易所的控制之下："
            "只有{exchange}能为你入账或退回；有的交易所会收手续费，有的无法处理。"
        ),
        "expl.bitcoin_family_mismatch": (
            "你在{sent}上转到了一个给{dest_net}用的地址。比特币、比特币现金、"
            "莱特币和狗狗币是各自独立的网络，即使地址看起来很像。所以币在{sent}上、"
            "属于同一把私钥的地址里。掌握这个地址私钥的人，把私钥导入{sent}钱包就能动用。"
            "如果是交易所的地址，只有交易所能处理。"
        ),
        "expl.same_network": (
            "{sent}就是收款地址所在的网络，所以问题不在网络。如果没看到到账，"
            "请用交易哈希在区块浏览器上查询：是否成功、收款地址是否正确、确认数多少。"
        ),
        "expl.same_network.exchange": (
            "{sent}是{exchange}支持的网络，所以问题不在网络。"
            "交易所要等到它规定的确认数才会入账，有些充值还需要填写备注（memo/tag）；"
            "只有{exchange}能为这笔充值入账。"
        ),
        "expl.unknown": (
            "从这条消息里我还看不出这笔转账走的是哪个网络，收款的又是哪种地址。"
            "这两点决定了钱能不能找回、由谁来处理。"
        ),
        "expl.burn": (
            "收款地址{addr}是销毁地址：在任何网络上都没有人掌握它的私钥，转进去的钱谁也动不了。"
        ),
        "never": (
            "处理这件事不需要你的助记词或私钥：我们不需要，任何交易所也不需要。"
            "凡是向你索要它们，或者收费帮你“找回”资金的，都是骗子。"
        ),
    },
    "es": {
        "clause.addr_paren": " ({addr})",
        "clause.related_colon": ": {related}",
        "generic.sent": "la red que usaste",
        "generic.dest_net": "la red que querías usar",
        "generic.addr.evm": "esa dirección 0x",
        "generic.addr.tron": "esa dirección T",
        "generic.addr.any": "la dirección de destino",
        "generic.related.tron": "la dirección de TRON con los mismos 20 bytes",
        "generic.related.evm": "la dirección 0x con los mismos 20 bytes",
        "generic.exchange": "el exchange",
        "generic.gas": "la moneda nativa de esa red",
        "clause.not_on": ", no en {dest_net}",
        "clause.accepts_only": ", que solo lo acepta por {dest_net}",
        "who.owner.self": (
            "Tú. Los fondos están en tu propia dirección en {sent}; los ves cambiando tu "
            "billetera a esa red."
        ),
        "who.owner.other": (
            "El dueño de la dirección de destino. Puede cambiar su billetera a {sent} y "
            "devolverte los fondos."
        ),
        "who.owner.unknown": (
            "Quien controle la dirección de destino: en {sent} es la misma dirección, con la "
            "misma clave, que en cualquier otra red EVM."
        ),
        "who.key.self": (
            "Tú, si la dirección de destino está en una app de billetera donde puedes "
            "exportar su clave privada (no en una cuenta de exchange ni en una billetera de "
            "contrato inteligente)."
        ),
        "who.key.other": (
            "Solo quien tenga la clave privada de la dirección de destino; esa persona puede "
            "seguir estos pasos en su propia billetera."
        ),
        "who.key.unknown": (
            "Quien tenga la clave privada de la dirección de destino. Si es una dirección de "
            "depósito de un exchange, solo el exchange."
        ),
        "who.exchange": (
            "Solo {exchange}: tiene las claves de sus direcciones de depósito. Nadie más "
            "puede mover ni acreditar estos fondos."
        ),
        "who.no": "Nadie. Nadie tiene la clave de esa dirección.",
        "who.unknown": (
            "Depende de la red y de la dirección de destino; con un par de datos más se aclara."
        ),
        "who.same": (
            "Quien gestione la billetera o la cuenta de destino: con el hash de la "
            "transacción puede confirmar la transferencia (en un exchange, su soporte)."
        ),
        "expl.evm_to_evm_other_chain": (
            "Enviaste por {sent} a una dirección de tipo Ethereum{addr_paren}. La misma "
            "dirección 0x existe en todas las redes EVM (Ethereum, BNB Smart Chain, Polygon, "
            "Arbitrum, Optimism, Base, Avalanche...) y la controla la misma clave en todas, "
            "así que los fondos no se han perdido: están en esa dirección en "
            "{sent}{dest_clause}. Una billetera solo muestra la red que tiene seleccionada."
        ),
        "expl.tron_token_to_evm_address": (
            "La transferencia salió por {sent}, pero la dirección de destino era una "
            "dirección 0x de tipo Ethereum{addr_paren}. Una transferencia de TRON solo puede "
            "llegar a una dirección de TRON, así que la app o el exchange que la envió usó la "
            "dirección de TRON formada por los mismos 20 bytes{related_colon}. Las cuentas de "
            "TRON y EVM usan el mismo tipo de clave, así que quien tenga la clave privada de "
            "{addr} también controla {related} en TRON. Los fondos están ahí, no en una red "
            "EVM."
        ),
        "expl.evm_token_to_tron_address": (
            "La transferencia salió por {sent}, una red EVM, pero la dirección de destino era "
            "una dirección de TRON{addr_paren}. Una transferencia EVM solo puede llegar a una "
            "dirección 0x, así que los fondos están en {sent}, en la dirección 0x formada por "
            "los mismos 20 bytes{related_colon}. Las cuentas de TRON y EVM usan el mismo tipo "
            "de clave, así que quien tenga la clave privada de {addr} también controla "
            "{related} en {sent}."
        ),
        "expl.exchange_unsupported_network": (
            "Enviaste por {sent} a una dirección de depósito de {exchange}{expected_clause}. "
            "Una dirección de depósito pertenece al exchange, no a ti: si el exchange no "
            "admite ese token en esa red, su sistema no lo acredita automáticamente. Los "
            "fondos están bajo el control del exchange, así que solo {exchange} puede "
            "acreditarlos o devolverlos; algunos lo hacen con comisión y otros no pueden."
        ),
        "expl.exchange_unsupported_network.nosent": (
            "Enviaste a una dirección de depósito de {exchange} por una red que no admite "
            "para ese token{expected_clause}. Una dirección de depósito pertenece al "
            "exchange, no a ti, así que su sistema no acredita ese depósito automáticamente. "
            "Los fondos están bajo el control del exchange: solo {exchange} puede "
            "acreditarlos o devolverlos; algunos lo hacen con comisión y otros no pueden."
        ),
        "expl.bitcoin_family_mismatch": (
            "Enviaste por {sent} a una dirección pensada para {dest_net}. Bitcoin, Bitcoin "
            "Cash, Litecoin y Dogecoin son redes distintas aunque sus direcciones se "
            "parezcan, así que las monedas están en {sent}, en la dirección que corresponde a "
            "la misma clave. Quien tenga la clave privada de esa dirección puede llegar a "
            "ellas importando la clave en una billetera de {sent}. Si era una dirección de un "
            "exchange, solo el exchange puede ayudar."
        ),
        "expl.same_network": (
            "{sent} es la red de la dirección de destino, así que la red no fue el problema. "
            "Si los fondos no aparecen, busca la transacción en un explorador de bloques con "
            "su hash: comprueba que se completó, que la dirección de destino es la correcta y "
            "sus confirmaciones."
        ),
        "expl.same_network.exchange": (
            "{sent} es una red que {exchange} admite, así que la red no fue el problema. Un "
            "exchange acredita un depósito solo después de sus propias confirmaciones, y "
            "algunos depósitos necesitan un memo o tag; solo {exchange} puede acreditarlo."
        ),
        "expl.unknown": (
            "Con este mensaje no puedo saber por qué red salió la transferencia ni qué tipo "
            "de dirección la recibió. Esos dos datos deciden si se puede llegar a los fondos "
            "y quién puede hacerlo."
        ),
        "expl.burn": (
            "La dirección de destino {addr} es una dirección de quemado: nadie tiene su clave "
            "en ninguna red, así que nadie puede mover los fondos enviados allí."
        ),
        "never": (
            "Para esto nadie necesita tu frase de recuperación ni tu clave privada: ni "
            "nosotros ni ningún exchange. Quien te las pida, o te ofrezca «recuperar» los "
            "fondos a cambio de una comisión, es un estafador."
        ),
    },
    "ar": {
        "clause.addr_paren": " ({addr})",
        "clause.related_colon": ": {related}",
        "generic.sent": "الشبكة التي استخدمتها",
        "generic.dest_net": "الشبكة التي كنت تقصدها",
        "generic.addr.evm": "ذلك العنوان الذي يبدأ بـ 0x",
        "generic.addr.tron": "ذلك العنوان الذي يبدأ بـ T",
        "generic.addr.any": "عنوان الاستلام",
        "generic.related.tron": "عنوان ترون ذو البايتات العشرين نفسها",
        "generic.related.evm": "عنوان 0x ذو البايتات العشرين نفسها",
        "generic.exchange": "المنصة",
        "generic.gas": "العملة الأساسية لتلك الشبكة",
        "clause.not_on": "، وليس على {dest_net}",
        "clause.accepts_only": "، التي لا تقبله إلا على {dest_net}",
        "who.owner.self": (
            "أنت. الأموال في عنوانك أنت على {sent}؛ تراها عندما تحوّل محفظتك إلى تلك الشبكة."
        ),
        "who.owner.other": (
            "صاحب عنوان الاستلام. يمكنه تحويل محفظته إلى {sent} وإعادة الأموال إليك."
        ),
        "who.owner.unknown": (
            "من يتحكم في عنوان الاستلام: على {sent} هو العنوان نفسه وبالمفتاح نفسه كما على أي "
            "شبكة EVM أخرى."
        ),
        "who.key.self": (
            "أنت، إذا كان عنوان الاستلام في تطبيق محفظة يمكنك أن تصدّر منه مفتاحه الخاص (وليس "
            "حسابًا في منصة تداول ولا محفظة عقد ذكي)."
        ),
        "who.key.other": (
            "فقط من يملك المفتاح الخاص لعنوان الاستلام؛ ويمكنه اتباع هذه الخطوات في محفظته هو."
        ),
        "who.key.unknown": (
            "من يملك المفتاح الخاص لعنوان الاستلام. وإذا كان عنوان إيداع في منصة تداول، "
            "فالمنصة وحدها."
        ),
        "who.exchange": (
            "{exchange} وحدها: هي التي تملك مفاتيح عناوين الإيداع لديها. لا أحد غيرها يستطيع "
            "تحريك هذه الأموال أو إضافتها إلى رصيدك."
        ),
        "who.no": "لا أحد. لا أحد يملك مفتاح ذلك العنوان.",
        "who.unknown": "يتوقف ذلك على الشبكة وعنوان الاستلام؛ بضع معلومات إضافية تحسم الأمر.",
        "who.same": (
            "الجهة التي تدير المحفظة أو الحساب المستلِم: يمكنها التحقق من التحويل برمز "
            "المعاملة (hash)، وفي حالة منصة التداول فريق دعمها."
        ),
        "expl.evm_to_evm_other_chain": (
            "أرسلت على {sent} إلى عنوان من نوع إيثيريوم{addr_paren}. عنوان 0x نفسه موجود على "
            "كل شبكات EVM (إيثيريوم وBNB Smart Chain وبوليغون وArbitrum وOptimism وBase "
            "وAvalanche...) ويتحكم فيه المفتاح نفسه على جميعها، لذلك لم تضِع الأموال: إنها في "
            "ذلك العنوان على {sent}{dest_clause}. المحفظة تعرض فقط الشبكة المختارة فيها."
        ),
        "expl.tron_token_to_evm_address": (
            "خرج التحويل على {sent}، لكن عنوان الاستلام كان عنوان 0x من نوع "
            "إيثيريوم{addr_paren}. تحويل ترون لا يصل إلا إلى عنوان ترون، لذلك استخدم التطبيق "
            "أو المنصة التي أرسلته عنوان ترون المكوَّن من البايتات العشرين "
            "نفسها{related_colon}. حسابات ترون وEVM تستخدم النوع نفسه من المفاتيح، لذا فمن "
            "يملك المفتاح الخاص لـ {addr} يتحكم أيضًا في {related} على ترون. الأموال هناك، "
            "وليست على شبكة EVM."
        ),
        "expl.evm_token_to_tron_address": (
            "خرج التحويل على {sent}، وهي شبكة EVM، لكن عنوان الاستلام كان عنوان "
            "ترون{addr_paren}. تحويل EVM لا يصل إلا إلى عنوان 0x، لذلك الأموال على {sent}، في "
            "عنوان 0x المكوَّن من البايتات العشرين نفسها{related_colon}. حسابات ترون وEVM "
            "تستخدم النوع نفسه من المفاتيح، لذا فمن يملك المفتاح الخاص لـ {addr} يتحكم أيضًا "
            "في {related} على {sent}."
        ),
        "expl.exchange_unsupported_network": (
            "أرسلت على {sent} إلى عنوان إيداع في {exchange}{expected_clause}. عنوان الإيداع "
            "ملك للمنصة وليس لك: إذا كانت المنصة لا تدعم هذا الرمز على هذه الشبكة فلن يضيفه "
            "نظامها تلقائيًا. الأموال تحت سيطرة المنصة، لذلك {exchange} وحدها تستطيع إضافتها "
            "إلى رصيدك أو إعادتها؛ بعض المنصات تفعل ذلك مقابل رسوم، وبعضها لا يستطيع."
        ),
        "expl.exchange_unsupported_network.nosent": (
            "أرسلت إلى عنوان إيداع في {exchange} على شبكة لا تقبلها لهذا "
            "الرمز{expected_clause}. عنوان الإيداع ملك للمنصة وليس لك، لذلك لا يضيف نظامها "
            "هذا الإيداع تلقائيًا. الأموال تحت سيطرة المنصة: {exchange} وحدها تستطيع إضافتها "
            "إلى رصيدك أو إعادتها؛ بعض المنصات تفعل ذلك مقابل رسوم، وبعضها لا يستطيع."
        ),
        "expl.bitcoin_family_mismatch": (
            "أرسلت على {sent} إلى عنوان مخصص لـ {dest_net}. بيتكوين وبيتكوين كاش ولايتكوين "
            "ودوجكوين شبكات منفصلة حتى لو تشابهت عناوينها، لذلك العملات موجودة على {sent} في "
            "العنوان التابع للمفتاح نفسه. من يملك المفتاح الخاص لذلك العنوان يستطيع الوصول "
            "إليها باستيراد المفتاح في محفظة {sent}. وإذا كان عنوانًا في منصة تداول فالمنصة "
            "وحدها تستطيع المساعدة."
        ),
        "expl.same_network": (
            "{sent} هي شبكة عنوان الاستلام، فالمشكلة ليست في الشبكة. إذا لم تظهر الأموال، "
            "ابحث عن المعاملة في مستكشف الكتل برمزها (hash): تأكد أنها نجحت، وأن عنوان "
            "الاستلام هو المقصود، وانظر عدد التأكيدات."
        ),
        "expl.same_network.exchange": (
            "{sent} شبكة تقبلها {exchange}، فالمشكلة ليست في الشبكة. المنصة لا تضيف الإيداع "
            "إلا بعد عدد التأكيدات الذي تحدده، وبعض الإيداعات تحتاج إلى مذكرة (memo/tag)؛ "
            "و{exchange} وحدها تستطيع إضافته إلى رصيدك."
        ),
        "expl.unknown": (
            "لا أستطيع من هذه الرسالة معرفة الشبكة التي خرج عليها التحويل ولا نوع العنوان "
            "الذي استلمه. هاتان المعلومتان تحددان إن كان يمكن الوصول إلى الأموال، ومن يستطيع "
            "ذلك."
        ),
        "expl.burn": (
            "عنوان الاستلام {addr} عنوان حرق: لا أحد يملك مفتاحه على أي شبكة، لذلك لا يستطيع "
            "أحد تحريك الأموال المرسلة إليه."
        ),
        "never": (
            "لا أحد يحتاج عبارة الاسترداد أو المفتاح الخاص من أجل هذا: لا نحن ولا أي منصة "
            "تداول. كل من يطلبهما منك، أو يعرض «استرداد» الأموال مقابل رسوم، محتال."
        ),
    },
}
_STEPS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "en": {
        "paste": (
            (
                "Paste the receiving address here (it is public, so this is safe): I will show "
                "its form on the other chain so you can compare it with the explorer."
            ),
        ),
        "evm_to_evm_other_chain": (
            (
                "Look the transaction hash up on the {sent} block explorer: check that it "
                "succeeded and that the receiving address is {addr}."
            ),
            (
                "Open the wallet that holds {addr} (yours or the recipient's) and switch it to "
                "{sent}; add the network in the wallet if it isn't listed. The funds are under "
                "the same address."
            ),
            (
                "If the token doesn't show, add it as a custom token by its contract address on "
                "{sent}."
            ),
            (
                "To move it you need a little {gas} on {sent} for the fee. Then use the funds "
                "there, or bring them to the network you wanted with a bridge or swap reached "
                "only from a trusted source."
            ),
            (
                "If the address is a smart-contract wallet (a multisig or smart account), it may "
                "not exist on {sent}: ask that wallet's support. If it is an exchange address, "
                "contact the exchange with the hash."
            ),
        ),
        "tron_token_to_evm_address": (
            (
                "Look the transaction hash up on a TRON block explorer (Tronscan, for example) "
                "and check that the receiving address is {related}."
            ),
            (
                "In the wallet app that holds {addr}, open that account and export its private "
                "key, alone and on your own device. Export the key, not the recovery phrase: from "
                "the phrase a TRON wallet derives a different account (another derivation path), "
                "so the phrase will not show these funds."
            ),
            (
                "In an official wallet app that supports TRON, import that private key as a new "
                "TRON account. Before anything else, check that its address is exactly {related}."
            ),
            (
                "Keep some TRX in that account for energy and bandwidth, then send the tokens to "
                "your usual address."
            ),
            (
                "If {addr} is an exchange deposit address or a smart-contract wallet, there is no "
                "key to export: contact the exchange or that wallet's support with the hash."
            ),
        ),
        "evm_token_to_tron_address": (
            (
                "Look the transaction hash up on the {sent} block explorer and check that the "
                "receiving address is {related}."
            ),
            (
                "In the wallet app that holds {addr} (your TRON account), export that account's "
                "private key, alone and on your own device. Export the key, not the recovery "
                "phrase: from the phrase an EVM wallet derives a different account (another "
                "derivation path)."
            ),
            (
                "In an official EVM wallet app, import that private key as a new account and "
                "switch it to {sent}. Check that the address is exactly {related}."
            ),
            "Get a little {gas} on {sent} for the fee, then send the tokens where you want them.",
            (
                "If {addr} is an exchange deposit address or a smart-contract wallet, there is no "
                "key to export: contact the exchange or that wallet's support with the hash."
            ),
        ),
        "exchange_unsupported_network": (
            "Find the transaction hash (TxID) in the wallet or exchange you sent from.",
            (
                "Contact {exchange} only through its official app or website (ignore accounts "
                "that message you first) and open a request for a deposit on a wrong or "
                "unsupported network."
            ),
            (
                "Give them the hash, the network, the token, the amount and the deposit address. "
                "Only they can credit or return it; it can take time, and some exchanges charge a "
                "fee."
            ),
        ),
        "bitcoin_family_mismatch": (
            (
                "Look the transaction hash up on a {sent} block explorer and note the receiving "
                "address."
            ),
            (
                "If that address is in your own wallet, export its private key there, alone and "
                "on your own device; a recovery phrase in a {sent} wallet derives other addresses."
            ),
            (
                "Import that key into an official {sent} wallet, check that the address matches, "
                "then move the coins."
            ),
            (
                "If the address belongs to an exchange, only the exchange can help: contact it "
                "with the hash."
            ),
        ),
        "same_network": (
            (
                "Look the transaction up on a {sent} block explorer with its hash: status, "
                "receiving address and confirmations."
            ),
            (
                "If it succeeded and went to the right address but the wallet shows nothing, add "
                "the token by its contract address or refresh the wallet."
            ),
            (
                "For an exchange deposit, contact the exchange through its official app or "
                "website with the hash, and mention the memo or tag if one was required."
            ),
        ),
        "unknown": (
            (
                "Tell me which network the transfer went out on, as shown in the sending app or "
                "the exchange's withdrawal record (for example TRC20, ERC20, BEP20, Polygon)."
            ),
            (
                "Paste the receiving address, and the transaction hash if you have it: both are "
                "public and safe to paste here."
            ),
            (
                "Say whether the receiving address is your own wallet, someone else's, or an "
                "exchange deposit address."
            ),
        ),
        "burn": (
            "Check the transaction on a block explorer to confirm the receiving address.",
            "Don't pay anyone who promises to recover these funds: it can't be done.",
        ),
    },
    "zh": {
        "paste": (
            (
                "把收款地址贴在这里（它是公开信息，可以放心贴出）：我会给出它在另一条链上的写法，"
                "方便你和区块浏览器核对。"
            ),
        ),
        "evm_to_evm_other_chain": (
            "用交易哈希在{sent}的区块浏览器上查询：确认转账成功、收款地址是{addr}。",
            (
                "打开持有{addr}的钱包（你的或收款人的），切换到{sent}；"
                "列表里没有就先在钱包里添加这个网络。钱就在同一个地址下。"
            ),
            "如果代币没有显示，在{sent}上按合约地址把它添加为自定义代币。",
            (
                "转出需要一点{sent}上的{gas}作为手续费。之后可以在那里使用，"
                "或者通过可信来源的跨链桥或兑换，转到你原本想用的网络。"
            ),
            (
                "如果收款地址是智能合约钱包（多签或智能账户），它在{sent}上可能不存在，"
                "请联系该钱包的客服；如果是交易所地址，请带着交易哈希联系交易所。"
            ),
        ),
        "tron_token_to_evm_address": (
            "用交易哈希在TRON区块浏览器（例如Tronscan）上查询，确认收款地址是{related}。",
            (
                "在持有{addr}的钱包App里打开这个账户，导出它的私钥：请独自在自己的设备上操作。"
                "要导出的是私钥，不是助记词：TRON钱包用助记词会按另一条派生路径生成不同的账户，"
                "看不到这笔钱。"
            ),
            (
                "在支持TRON的官方钱包App里，把这个私钥导入为新的TRON账户。"
                "先核对它的地址和{related}完全一致。"
            ),
            "在这个账户里留一些TRX支付能量和带宽，然后把代币转到你常用的地址。",
            (
                "如果{addr}是交易所充值地址或智能合约钱包，就没有可以导出的私钥："
                "请带着交易哈希联系交易所或该钱包的客服。"
            ),
        ),
        "evm_token_to_tron_address": (
            "用交易哈希在{sent}的区块浏览器上查询，确认收款地址是{related}。",
            (
                "在持有{addr}的钱包App里（你的TRON账户）导出这个账户的私钥："
                "请独自在自己的设备上操作。要导出的是私钥，不是助记词：EVM钱包用助记词会按另一条派"
                "生路径生成不同的账户。"
            ),
            (
                "在官方EVM钱包App里把这个私钥导入为新账户，并切换到{sent}。"
                "核对地址和{related}完全一致。"
            ),
            "准备一点{sent}上的{gas}作为手续费，然后把代币转到你想要的地方。",
            (
                "如果{addr}是交易所充值地址或智能合约钱包，就没有可以导出的私钥："
                "请带着交易哈希联系交易所或该钱包的客服。"
            ),
        ),
        "exchange_unsupported_network": (
            "在你转出的钱包或交易所里找到交易哈希（TxID）。",
            (
                "只通过{exchange}的官方App或官网联系它（不要理会主动私信你的账号），"
                "提交“充错网络/不支持的网络充值”找回申请。"
            ),
            (
                "提供交易哈希、网络、币种、数量和充值地址。只有交易所能入账或退回；"
                "可能需要一段时间，有的交易所会收费。"
            ),
        ),
        "bitcoin_family_mismatch": (
            "用交易哈希在{sent}的区块浏览器上查询，记下收款地址。",
            (
                "如果这个地址在你自己的钱包里，就在那里导出它的私钥（独自在自己的设备上操作）；"
                "在{sent}钱包里用助记词会生成别的地址。"
            ),
            "把私钥导入官方的{sent}钱包，核对地址一致后再把币转走。",
            "如果地址属于交易所，只有交易所能处理：请带着交易哈希联系它。",
        ),
        "same_network": (
            "用交易哈希在{sent}的区块浏览器上查询：状态、收款地址、确认数。",
            "如果转账成功、地址也对，但钱包里看不到，请按合约地址添加代币或刷新钱包。",
            (
                "如果是交易所充值，请通过交易所官方App或官网联系，附上交易哈希；"
                "如果要求填写memo/tag，也一并说明。"
            ),
        ),
        "unknown": (
            (
                "请告诉我这笔转账用的网络，以转出App或交易所提币记录上显示的为准（例如TRC20、"
                "ERC20、BEP20、Polygon）。"
            ),
            "贴出收款地址，有交易哈希的话也一起贴：这两样都是公开信息，可以放心贴在这里。",
            "说明收款地址是你自己的钱包、别人的钱包，还是交易所的充值地址。",
        ),
        "burn": (
            "在区块浏览器上查询这笔交易，确认收款地址。",
            "不要付钱给任何声称能找回这笔钱的人：这做不到。",
        ),
    },
    "es": {
        "paste": (
            (
                "Pega aquí la dirección de destino (es pública, no hay riesgo): te mostraré su "
                "forma en la otra red para que la compares con el explorador."
            ),
        ),
        "evm_to_evm_other_chain": (
            (
                "Busca el hash de la transacción en el explorador de bloques de {sent}: comprueba "
                "que se completó y que la dirección de destino es {addr}."
            ),
            (
                "Abre la billetera que contiene {addr} (la tuya o la del destinatario) y cámbiala "
                "a {sent}; añade la red en la billetera si no aparece. Los fondos están en la "
                "misma dirección."
            ),
            (
                "Si el token no aparece, añádelo como token personalizado con su dirección de "
                "contrato en {sent}."
            ),
            (
                "Para moverlo necesitas un poco de {gas} en {sent} para la comisión. Después usa "
                "los fondos allí, o llévalos a la red que querías con un puente o un intercambio "
                "al que llegues solo desde una fuente de confianza."
            ),
            (
                "Si la dirección es una billetera de contrato inteligente (multifirma o cuenta "
                "inteligente), puede no existir en {sent}: consulta al soporte de esa billetera. "
                "Si es una dirección de un exchange, contacta con el exchange con el hash."
            ),
        ),
        "tron_token_to_evm_address": (
            (
                "Busca el hash de la transacción en un explorador de bloques de TRON (por ejemplo "
                "Tronscan) y comprueba que la dirección de destino es {related}."
            ),
            (
                "En la app de billetera que contiene {addr}, abre esa cuenta y exporta su clave "
                "privada, a solas y en tu propio dispositivo. Exporta la clave, no la frase de "
                "recuperación: con la frase, una billetera de TRON deriva otra cuenta (otra ruta "
                "de derivación) y no verás estos fondos."
            ),
            (
                "En una app de billetera oficial compatible con TRON, importa esa clave privada "
                "como nueva cuenta de TRON. Antes de nada, comprueba que su dirección es "
                "exactamente {related}."
            ),
            (
                "Deja algo de TRX en esa cuenta para energía y ancho de banda, y luego envía los "
                "tokens a tu dirección habitual."
            ),
            (
                "Si {addr} es una dirección de depósito de un exchange o una billetera de "
                "contrato inteligente, no hay clave que exportar: contacta con el exchange o con "
                "el soporte de esa billetera con el hash."
            ),
        ),
        "evm_token_to_tron_address": (
            (
                "Busca el hash de la transacción en el explorador de bloques de {sent} y "
                "comprueba que la dirección de destino es {related}."
            ),
            (
                "En la app de billetera que contiene {addr} (tu cuenta de TRON), exporta la clave "
                "privada de esa cuenta, a solas y en tu propio dispositivo. Exporta la clave, no "
                "la frase de recuperación: con la frase, una billetera EVM deriva otra cuenta "
                "(otra ruta de derivación)."
            ),
            (
                "En una app de billetera EVM oficial, importa esa clave privada como nueva cuenta "
                "y cámbiala a {sent}. Comprueba que la dirección es exactamente {related}."
            ),
            (
                "Consigue un poco de {gas} en {sent} para la comisión y luego envía los tokens "
                "adonde quieras."
            ),
            (
                "Si {addr} es una dirección de depósito de un exchange o una billetera de "
                "contrato inteligente, no hay clave que exportar: contacta con el exchange o con "
                "el soporte de esa billetera con el hash."
            ),
        ),
        "exchange_unsupported_network": (
            (
                "Busca el hash de la transacción (TxID) en la billetera o el exchange desde el "
                "que enviaste."
            ),
            (
                "Contacta con {exchange} solo desde su app o su web oficial (ignora las cuentas "
                "que te escriban primero) y abre una solicitud por un depósito en una red "
                "equivocada o no admitida."
            ),
            (
                "Indícales el hash, la red, el token, el importe y la dirección de depósito. Solo "
                "ellos pueden acreditarlo o devolverlo; puede tardar y algunos cobran comisión."
            ),
        ),
        "bitcoin_family_mismatch": (
            (
                "Busca el hash de la transacción en un explorador de bloques de {sent} y anota la "
                "dirección de destino."
            ),
            (
                "Si esa dirección está en tu propia billetera, exporta allí su clave privada, a "
                "solas y en tu propio dispositivo; la frase de recuperación en una billetera de "
                "{sent} deriva otras direcciones."
            ),
            (
                "Importa esa clave en una billetera oficial de {sent}, comprueba que la dirección "
                "coincide y mueve las monedas."
            ),
            (
                "Si la dirección es de un exchange, solo el exchange puede ayudar: contacta con "
                "él con el hash."
            ),
        ),
        "same_network": (
            (
                "Busca la transacción con su hash en un explorador de bloques de {sent}: estado, "
                "dirección de destino y confirmaciones."
            ),
            (
                "Si se completó y fue a la dirección correcta pero la billetera no muestra nada, "
                "añade el token por su dirección de contrato o actualiza la billetera."
            ),
            (
                "Si es un depósito en un exchange, contacta con él desde su app o su web oficial "
                "con el hash, e indica el memo o tag si lo pedía."
            ),
        ),
        "unknown": (
            (
                "Dime por qué red salió la transferencia, tal como aparece en la app de envío o "
                "en el historial de retiros del exchange (por ejemplo TRC20, ERC20, BEP20, "
                "Polygon)."
            ),
            (
                "Pega la dirección de destino y, si lo tienes, el hash de la transacción: los dos "
                "son públicos y puedes pegarlos aquí sin riesgo."
            ),
            (
                "Dime si la dirección de destino es tu propia billetera, la de otra persona o una "
                "dirección de depósito de un exchange."
            ),
        ),
        "burn": (
            (
                "Consulta la transacción en un explorador de bloques para confirmar la dirección "
                "de destino."
            ),
            "No pagues a nadie que prometa recuperar estos fondos: no es posible.",
        ),
    },
    "ar": {
        "paste": (
            (
                "الصق عنوان الاستلام هنا (فهو معلومة عامة ولا خطر في ذلك): سأعرض لك صيغته على "
                "الشبكة الأخرى لتقارنها بما في مستكشف الكتل."
            ),
        ),
        "evm_to_evm_other_chain": (
            (
                "ابحث عن رمز المعاملة (hash) في مستكشف الكتل الخاص بـ {sent}: تأكد أنها نجحت وأن "
                "عنوان الاستلام هو {addr}."
            ),
            (
                "افتح المحفظة التي تحتوي {addr} (محفظتك أو محفظة المستلم) وحوّلها إلى {sent}؛ أضف "
                "الشبكة في المحفظة إن لم تكن في القائمة. الأموال في العنوان نفسه."
            ),
            "إذا لم يظهر الرمز، أضفه كرمز مخصص بعنوان عقده على {sent}.",
            (
                "لتحريكه تحتاج قليلًا من {gas} على {sent} لدفع الرسوم. بعد ذلك استخدم الأموال "
                "هناك، أو انقلها إلى الشبكة التي أردتها عبر جسر أو مبادلة لا تصل إليها إلا من "
                "مصدر موثوق."
            ),
            (
                "إذا كان العنوان محفظة عقد ذكي (متعددة التوقيع أو حسابًا ذكيًا) فقد لا يكون "
                "موجودًا على {sent}: اسأل دعم تلك المحفظة. وإذا كان عنوان منصة تداول فتواصل معها "
                "ومعك رمز المعاملة."
            ),
        ),
        "tron_token_to_evm_address": (
            (
                "ابحث عن رمز المعاملة في مستكشف كتل لترون (مثل Tronscan) وتأكد أن عنوان الاستلام "
                "هو {related}."
            ),
            (
                "في تطبيق المحفظة الذي يحتوي {addr}، افتح ذلك الحساب وصدّر مفتاحه الخاص، وأنت "
                "وحدك وعلى جهازك. صدّر المفتاح وليس عبارة الاسترداد: من العبارة تشتق محفظة ترون "
                "حسابًا مختلفًا (مسار اشتقاق آخر)، فلن ترى هذه الأموال."
            ),
            (
                "في تطبيق محفظة رسمي يدعم ترون، استورد هذا المفتاح الخاص كحساب ترون جديد. قبل أي "
                "شيء تأكد أن عنوانه هو {related} تمامًا."
            ),
            "اترك بعض TRX في ذلك الحساب للطاقة وعرض النطاق، ثم أرسل الرموز إلى عنوانك المعتاد.",
            (
                "إذا كان {addr} عنوان إيداع في منصة تداول أو محفظة عقد ذكي، فلا يوجد مفتاح "
                "لتصديره: تواصل مع المنصة أو مع دعم تلك المحفظة ومعك رمز المعاملة."
            ),
        ),
        "evm_token_to_tron_address": (
            (
                "ابحث عن رمز المعاملة في مستكشف الكتل الخاص بـ {sent} وتأكد أن عنوان الاستلام هو "
                "{related}."
            ),
            (
                "في تطبيق المحفظة الذي يحتوي {addr} (حسابك على ترون)، صدّر المفتاح الخاص لذلك "
                "الحساب، وأنت وحدك وعلى جهازك. صدّر المفتاح وليس عبارة الاسترداد: من العبارة تشتق "
                "محفظة EVM حسابًا مختلفًا (مسار اشتقاق آخر)."
            ),
            (
                "في تطبيق محفظة EVM رسمي، استورد هذا المفتاح الخاص كحساب جديد وحوّله إلى {sent}. "
                "تأكد أن العنوان هو {related} تمامًا."
            ),
            "احصل على قليل من {gas} على {sent} لدفع الرسوم، ثم أرسل الرموز إلى حيث تريد.",
            (
                "إذا كان {addr} عنوان إيداع في منصة تداول أو محفظة عقد ذكي، فلا يوجد مفتاح "
                "لتصديره: تواصل مع المنصة أو مع دعم تلك المحفظة ومعك رمز المعاملة."
            ),
        ),
        "exchange_unsupported_network": (
            "ابحث عن رمز المعاملة (TxID) في المحفظة أو المنصة التي أرسلت منها.",
            (
                "تواصل مع {exchange} عبر تطبيقها أو موقعها الرسمي فقط (تجاهل الحسابات التي تراسلك "
                "أولًا) وافتح طلبًا بخصوص إيداع على شبكة خاطئة أو غير مدعومة."
            ),
            (
                "قدّم لهم رمز المعاملة والشبكة والرمز والمبلغ وعنوان الإيداع. هم وحدهم يستطيعون "
                "إضافته إلى رصيدك أو إعادته؛ قد يستغرق ذلك وقتًا، وبعض المنصات تأخذ رسومًا."
            ),
        ),
        "bitcoin_family_mismatch": (
            "ابحث عن رمز المعاملة في مستكشف كتل لـ {sent} وسجّل عنوان الاستلام.",
            (
                "إذا كان ذلك العنوان في محفظتك أنت، صدّر مفتاحه الخاص منها، وأنت وحدك وعلى جهازك؛ "
                "فعبارة الاسترداد في محفظة {sent} تشتق عناوين أخرى."
            ),
            "استورد المفتاح في محفظة {sent} رسمية، وتأكد أن العنوان مطابق، ثم حرّك العملات.",
            (
                "إذا كان العنوان لمنصة تداول فالمنصة وحدها تستطيع المساعدة: تواصل معها ومعك رمز "
                "المعاملة."
            ),
        ),
        "same_network": (
            (
                "ابحث عن المعاملة برمزها في مستكشف كتل لـ {sent}: الحالة وعنوان الاستلام وعدد "
                "التأكيدات."
            ),
            (
                "إذا نجحت ووصلت إلى العنوان الصحيح لكن المحفظة لا تعرض شيئًا، أضف الرمز بعنوان "
                "عقده أو حدّث المحفظة."
            ),
            (
                "إذا كان إيداعًا في منصة تداول، تواصل معها عبر تطبيقها أو موقعها الرسمي ومعك رمز "
                "المعاملة، واذكر المذكرة (memo/tag) إن كانت مطلوبة."
            ),
        ),
        "unknown": (
            (
                "أخبرني بالشبكة التي خرج عليها التحويل كما تظهر في تطبيق الإرسال أو في سجل السحب "
                "في المنصة (مثل TRC20 أو ERC20 أو BEP20 أو Polygon)."
            ),
            (
                "الصق عنوان الاستلام، ورمز المعاملة إن كان لديك: كلاهما معلومات عامة ويمكنك "
                "لصقهما هنا بأمان."
            ),
            (
                "أخبرني إن كان عنوان الاستلام محفظتك أنت، أو محفظة شخص آخر، أو عنوان إيداع في "
                "منصة تداول."
            ),
        ),
        "burn": (
            "راجع المعاملة في مستكشف الكتل لتتأكد من عنوان الاستلام.",
            "لا تدفع لأي شخص يعدك باسترداد هذه الأموال: هذا غير ممكن.",
        ),
    },
}
