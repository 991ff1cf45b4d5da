"""The customer-facing text of a transaction diagnosis, in en, zh (simplified), es and ar.

``walletdesk.chain.rpc`` describes what it found as :class:`Msg` values (a message code
plus parameters) and renders them here. English is the CLI contract (``walletdesk tx``
prints it); the desk renders the same messages in the customer's language.

Parameters are plain values that read the same in every language: hashes, block numbers,
nonces, fee and amount figures (``"1.5 gwei"``, ``"0.01 ETH"``), network names and the
revert reason a contract gave (untrusted: ``rpc`` cleans and shortens it before it gets
here). A parameter may itself be a :class:`Msg` (a word or clause that needs translating);
it is rendered in the same language. Parameters are substituted once: text inside a
parameter is never read as a template.

The texts are written for self-custody wallets: nobody but the user can move funds; a
speed-up or cancel is a replacement the user sends from the wallet app with the same nonce
and a higher fee; no text asks anyone for a recovery phrase or key (tests check every text
against the desk's outgoing guard).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, TypeAlias

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "Msg",
    "Param",
    "TxText",
    "language",
    "msg",
    "placeholders",
    "render",
    "render_sentences",
]

LANGUAGES: Final = ("en", "zh", "es", "ar")
_SENTENCE_GLUE: Final[dict[str, str]] = {"en": " ", "zh": "", "es": " ", "ar": " "}


@dataclass(frozen=True, slots=True)
class Msg:
    """One message of the catalogue: its code and the values of its placeholders."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)


Param: TypeAlias = "str | int | Msg"


def msg(code: str, **params: Param) -> Msg:
    """``msg("failed", block=12)``; ``KeyError`` for a code the catalogue does not have."""
    if code not in CATALOGUE["en"]:
        raise KeyError(f"no such transaction message: {code}")
    return Msg(code, params)


def language(lang: str) -> str:
    """``"zh-CN"`` -> ``"zh"``; anything that is not one of :data:`LANGUAGES` -> ``"en"``."""
    key = lang.strip().lower().replace("_", "-").split("-")[0] if isinstance(lang, str) else ""
    return key if key in LANGUAGES else "en"


def render(message: Msg, lang: str) -> str:
    """``message`` in ``lang`` (English for an unknown language)."""
    key = language(lang)
    template = CATALOGUE[key].get(message.code) or CATALOGUE["en"][message.code]
    values = {
        name: render(value, key) if isinstance(value, Msg) else value
        for name, value in message.params.items()
    }
    return template.format_map(values)


def render_sentences(messages: Iterable[Msg], lang: str) -> str:
    """Consecutive sentences as one paragraph (no spaces between Chinese sentences)."""
    key = language(lang)
    return _SENTENCE_GLUE[key].join(render(m, key) for m in messages)


@dataclass(frozen=True, slots=True)
class TxText:
    """The messages behind a diagnosis: the reason (sentences of one paragraph) and the
    advice (one message per step)."""

    reason: tuple[Msg, ...]
    advice: tuple[Msg, ...]

    def render(self, lang: str) -> tuple[str, list[str]]:
        return render_sentences(self.reason, lang), [render(m, lang) for m in self.advice]


def placeholders(template: str) -> set[str]:
    """The placeholder names of a template (``"{gas:,}"`` -> ``{"gas"}``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# Placeholders: {network} a network's name, {chain} the desk's chain key, {coin} the native
# coin (a symbol or the Msg "coin.native"), {zero} and the other amounts and fees already
# formatted with their unit, {hash} a transaction hash, {block} {nonce} {latest} {first}
# {last} numbers, {revert} the contract's (cleaned) revert reason.
CATALOGUE: Final[dict[str, dict[str, str]]] = {
    "en": {
        # -- small words and clauses used as parameters
        "coin.native": "native coin",
        "amount.native": "{value} native coin",
        "count.confirmations.one": "{n} confirmation",
        "count.confirmations": "{n} confirmations",
        "span.one": "nonce {first}",
        "span.range": "nonces {first} to {last}",
        "replaced.what.cancel": "a cancel (0 sent to the same address)",
        "replaced.what.speed_up": "a sped-up copy of it",
        "replaced.what.other": "another transaction",
        "replaced.outcome.success": ", where it succeeded",
        "replaced.outcome.failed": ", where it failed",
        "problem.node": "{detail}",
        "problem.timeout": "the node did not answer within {seconds} s",
        "problem.deadline": "the node did not finish answering within {seconds} s",
        "problem.wrong_chain": (
            "the endpoint serves another network (chain id {served}, expected {expected}), "
            "so the operator must fix its configuration"
        ),
        "problem.no_receipt": (
            "the node lists the transaction in block {block} but has no receipt for it yet"
        ),
        "problem.hidden": (
            "the node has this transaction in block {block} but does not return it by hash"
        ),
        # -- node trouble and configuration
        "node_error": (
            "Could not check this transaction on {network}: {problem}. This says nothing "
            "about the transaction itself."
        ),
        "not_configured": (
            "No {network} node is configured for this desk, so the transaction cannot be "
            "checked here. This says nothing about the transaction itself."
        ),
        "retry": "Try again in a minute.",
        "explorer": "Look the hash up on a block explorer for {network}.",
        "explorer.meanwhile": "Meanwhile, look the hash up on a block explorer for {network}.",
        "operator.check_endpoint": (
            "If this keeps happening, the operator should check the RPC endpoint set for {chain}."
        ),
        "operator.add_endpoint": (
            "Operator: add an RPC endpoint for {chain} to check transactions here."
        ),
        # -- mined: success
        "success": (
            "It succeeded in block {block} and has {confirmations}: the funds have left the "
            "sending wallet, and a confirmed transaction cannot be reversed."
        ),
        "included": (
            "It was included in block {block} ({confirmations}); this node does not report "
            "whether it succeeded (very old transaction)."
        ),
        "success.check_recipient": (
            "If the recipient does not see it, check the receiving address and that they look "
            "on {network}."
        ),
        "success.exchange": (
            "An exchange credits a deposit only after its required number of confirmations: "
            "give its support this transaction hash (and the memo/tag, if the deposit needed "
            "one)."
        ),
        "success.token": (
            "For a token, the recipient may need to add it by its contract address on "
            "{network} to see the balance."
        ),
        # -- mined: failed
        "charged.fee": (
            "Nothing was transferred, but the network fee of {fee} was still charged and "
            "cannot be refunded."
        ),
        "charged": "Nothing was transferred, but the network fee was still charged.",
        "failed": "It failed in block {block}.",
        "failed.out_of_gas": (
            "It failed in block {block}: it ran out of gas (all {gas:,} gas of its limit was used)."
        ),
        "failed.raise_gas": (
            "Send it again with a higher gas limit: let the wallet estimate it, or raise it by "
            "about half."
        ),
        "failed.gas_funds": (
            "The account needs enough {coin} for the larger fee: top up {coin} first if its "
            "balance is low (fees are always paid in {coin})."
        ),
        "failed.reverted": (
            "It failed in block {block}: the contract rejected it with the message “{revert}”."
        ),
        "failed.reverted.no_reason": (
            "It failed in block {block}: the contract rejected it (the node gives no reason)."
        ),
        "failed.same_again": (
            "Sending the same transaction again unchanged will fail the same way and cost "
            "another fee."
        ),
        "failed.common_causes": (
            "For a swap this is usually the price moving past the slippage limit or a missing "
            "token approval; for a token transfer, a token balance that is too low. Fix that "
            "first."
        ),
        # -- pending / stuck
        "pending.lead": "It is waiting in the pool with nonce {nonce}.",
        "pending.lead.stuck": (
            "It is waiting in the pool with nonce {nonce} and cannot be confirmed as it is."
        ),
        "stuck.fee_cap": (
            "Its fee cap ({max_fee}) is below the network's current base fee ({base_fee}), so "
            "no block can include it until the base fee falls that low, which may take a long "
            "time or never happen."
        ),
        "stuck.balance": (
            "The account holds {balance} but this transaction needs up to {cost} (amount plus "
            "maximum fee), so it cannot be included until the account holds enough."
        ),
        "stuck.behind_pending": (
            "It waits behind {earlier} earlier transaction(s) from the same account: nonce "
            "{latest} must be confirmed first, and transactions go through strictly in nonce "
            "order."
        ),
        "stuck.gap": (
            "The account's next nonce on the chain is {latest}, so {span} must be confirmed "
            "first (transactions go through strictly in nonce order); those are either still "
            "pending or were never sent (a gap)."
        ),
        "stuck.gap.advice.one": (
            "Deal with nonce {latest} first: speed up or cancel the transaction that has nonce "
            "{latest}. If the wallet shows none, send any transaction with nonce {latest} (for "
            "example {zero} to your own address) to fill the gap. This one follows by itself."
        ),
        "stuck.gap.advice.range": (
            "Deal with nonce {latest} first: speed up or cancel the transaction that has nonce "
            "{latest}. If the wallet shows none, send any transaction with nonce {latest} (for "
            "example {zero} to your own address) to fill the gap, then each following nonce "
            "up to {last}. This one follows by itself."
        ),
        "pending.low_tip": (
            "It is next in line and covers the base fee, but its tip ({tip}) is below what the "
            "cheapest recent transactions paid ({low_tip}), so validators pick it last and it "
            "may wait."
        ),
        "pending.low_gas_price": (
            "It is next in line, but its gas price ({gas_price}) is below the node's current "
            "suggestion ({hint}), so it may wait."
        ),
        "pending.in_line": (
            "It is next in line and pays at least the current base fee, so it should confirm soon."
        ),
        "pending.wait": "Wait: it should go through without any action.",
        "pending.replace": (
            "To speed it up or cancel it, send a replacement with the same nonce ({nonce}) and "
            "at least {max_fee} max fee and {tip} priority fee: pools accept a replacement "
            "only with about 10% more on both. The wallet's Speed up / Cancel buttons do this; "
            "a cancel is a {zero} transfer to your own address."
        ),
        "pending.replace.legacy": (
            "To speed it up or cancel it, send a replacement with the same nonce ({nonce}) and "
            "at least {max_fee} max fee and {tip} priority fee (a legacy gas price of at least "
            "{gas_price}): pools accept a replacement only with about 10% more on both. The "
            "wallet's Speed up / Cancel buttons do this; a cancel is a {zero} transfer to "
            "your own address."
        ),
        "pending.top_up": (
            "A speed-up can cost up to {needed} in total but the account holds {balance}: top "
            "up {coin} first (fees are always paid in {coin}, even for token transfers)."
        ),
        "pending.nothing_left": (
            "Until it confirms, nothing has left the wallet; a cancel works only while it is "
            "pending."
        ),
        # -- replaced
        "replaced.never": (
            "This transaction can never execute: no funds left the wallet through it."
        ),
        "replaced.security": (
            "If neither you nor another app using this same wallet sent that transaction, "
            "someone else may hold the recovery phrase or key: move what is left to a new "
            "wallet."
        ),
        "replaced.unknown": (
            "Nonce {nonce} of this account has already been used by another transaction (a "
            "speed-up, a cancel or a different transfer)."
        ),
        "replaced.explorer": (
            "Look the sending address up on a {network} explorer and find its transaction "
            "with nonce {nonce}: that is the one that counts."
        ),
        "replaced.found": (
            "Nonce {nonce} of this account was used by {what}, {hash}, in block {block}{outcome}."
        ),
        "replaced.follow": "Follow {hash} instead: that is the transaction that counts.",
        "replaced.cancelled": "It was cancelled: nothing was sent except the fee of the cancel.",
        "replaced.pending_other": (
            "The node does not know this hash, but another transaction with nonce {nonce} from "
            "this account is waiting to be confirmed (usually a speed-up or cancel sent later)."
        ),
        "replaced.follow_newer": (
            "Follow the newer transaction with the same nonce in the wallet's activity list."
        ),
        # -- dropped / not found
        "dropped": (
            "The node does not know this transaction and nonce {nonce} of the account is still "
            "unused: it was dropped (or never reached the network). It never executed and the "
            "funds never left the wallet. Transactions are usually dropped when their fee "
            "stayed too low or the account could not pay for them."
        ),
        "dropped.resend": (
            "Send it again. If the wallet still shows the old one as pending, cancel it or "
            "reset the account's nonce (clear activity) in the wallet's settings first."
        ),
        "dropped.gap": (
            "The account's next nonce is {latest}: nonces {latest} to {last} must be used "
            "before this one; the wallet may have other stuck transactions."
        ),
        "dropped.empty": (
            "The account holds only {balance}, not even enough for a simple transfer's fee: "
            "top up {coin} first (fees are always paid in {coin})."
        ),
        "not_found": (
            "The {network} node does not know this transaction: it is neither pending nor mined."
        ),
        "not_found.check_hash": (
            "Check that the whole hash was copied and that the transaction was sent on "
            "{network}: the same hash format is used on every EVM network."
        ),
        "not_found.dropped": (
            "If the wallet showed it as pending earlier, it was most likely dropped: a dropped "
            "transaction never executed and the funds never left the wallet. Send it again "
            "(cancel the old one or reset the wallet's nonce first if it still shows as "
            "pending)."
        ),
        "not_found.wait": (
            "A transaction sent seconds ago may not have reached this node yet: try again in a "
            "minute."
        ),
    },
    "zh": {
        "coin.native": "主币",
        "amount.native": "{value}主币",
        "count.confirmations.one": "{n}个确认",
        "count.confirmations": "{n}个确认",
        "span.one": "nonce为{first}的交易",
        "span.range": "nonce从{first}到{last}的交易",
        "replaced.what.cancel": "一笔取消交易（向同一地址转0）",
        "replaced.what.speed_up": "它的加速版本",
        "replaced.what.other": "另一笔交易",
        "replaced.outcome.success": "，并已执行成功",
        "replaced.outcome.failed": "，但执行失败",
        "problem.node": "节点没有给出可用的回答（技术信息：{detail}）",
        "problem.timeout": "节点在{seconds}秒内没有回答",
        "problem.deadline": "节点在{seconds}秒内没有完成回答",
        "problem.wrong_chain": (
            "配置的节点属于另一个网络（chain id为{served}，应为{expected}），需要由运营方修正配置"
        ),
        "problem.no_receipt": "节点显示这笔交易在区块{block}中，但还没有它的交易回执",
        "problem.hidden": "节点的区块{block}里有这笔交易，但按哈希却查不到它",
        "node_error": "暂时无法在{network}上查询这笔交易：{problem}。这与交易本身的状态无关。",
        "not_configured": (
            "本客服系统没有配置{network}节点，所以无法在这里查询这笔交易。这与交易本身的状态无关。"
        ),
        "retry": "请一分钟后再试。",
        "explorer": "请在{network}的区块浏览器上用交易哈希查询这笔交易。",
        "explorer.meanwhile": "在此期间，可以先在{network}的区块浏览器上用交易哈希查询。",
        "operator.check_endpoint": "如果一直出现这种情况，需要运营方检查为{chain}配置的RPC节点。",
        "operator.add_endpoint": "（致运营方）为{chain}添加RPC节点后，就能在这里查询交易。",
        "success": (
            "这笔交易已在区块{block}中执行成功，目前已有{confirmations}：资金已经从发送方钱包转出，"
            "已确认的交易无法撤回。"
        ),
        "included": (
            "这笔交易已被打包进区块{block}（{confirmations}），但这个节点不提供它是否执行成功的信息"
            "（交易时间很早）。"
        ),
        "success.check_recipient": (
            "如果收款方看不到这笔钱，请核对收款地址，并确认对方查看的是{network}网络。"
        ),
        "success.exchange": (
            "交易所要等确认数达到它的要求后才会给充值入账：请把这个交易哈希（如果充值需要memo/标签"
            "，也一并提供）发给交易所客服。"
        ),
        "success.token": (
            "如果转的是代币，收款方可能需要在{network}上按合约地址添加这个代币，才能看到余额。"
        ),
        "charged.fee": "没有任何资产被转出，但网络手续费{fee}仍然被扣除，而且无法退还。",
        "charged": "没有任何资产被转出，但网络手续费仍然被扣除。",
        "failed": "这笔交易在区块{block}中执行失败。",
        "failed.out_of_gas": (
            "这笔交易在区块{block}中执行失败：Gas耗尽（Gas上限{gas:,}已全部用完）。"
        ),
        "failed.raise_gas": "请用更高的Gas上限重新发送：让钱包自动估算，或者手动提高约50%。",
        "failed.gas_funds": (
            "账户里需要有足够的{coin}来支付更高的手续费：如果余额不多，请先充值{coin}"
            "（手续费总是用{coin}支付）。"
        ),
        "failed.reverted": (
            "这笔交易在区块{block}中执行失败：合约拒绝了它，返回的信息是“{revert}”。"
        ),
        "failed.reverted.no_reason": (
            "这笔交易在区块{block}中执行失败：合约拒绝了它（节点没有给出原因）。"
        ),
        "failed.same_again": "原样再发一次同样的交易，还会以同样的方式失败，并再扣一次手续费。",
        "failed.common_causes": (
            "如果是兑换（swap），通常是价格变动超出了滑点上限，或者缺少代币授权；如果是代币转账，"
            "通常是代币余额不足。请先解决这个问题。"
        ),
        "pending.lead": "这笔交易正在交易池中等待确认，nonce为{nonce}。",
        "pending.lead.stuck": "这笔交易正在交易池中等待，nonce为{nonce}，按现在的状态无法被确认。",
        "stuck.fee_cap": (
            "它的最高手续费（{max_fee}）低于网络当前的基础费用（{base_fee}），在基础费用降到这个水"
            "平之前，任何区块都无法打包它，这可能要等很久，也可能永远等不到。"
        ),
        "stuck.balance": (
            "账户余额为{balance}，但这笔交易最多需要{cost}（转账金额加最高手续费），"
            "在账户余额足够之前无法被打包。"
        ),
        "stuck.behind_pending": (
            "它排在同一账户{earlier}笔更早的交易后面：nonce为{latest}的交易必须先确认，"
            "交易严格按nonce顺序执行。"
        ),
        "stuck.gap": (
            "这个账户在链上的下一个nonce是{latest}，所以{span}必须先确认（交易严格按nonce顺序执行）"
            "；这些交易要么还在等待确认，要么根本没有发出（出现了空缺）。"
        ),
        "stuck.gap.advice.one": (
            "请先处理nonce为{latest}的交易：在钱包里把这笔待确认的交易“加速”或“取消”。"
            "如果钱包里看不到它，就用nonce {latest}发送任意一笔交易（例如给自己的地址转{zero}）"
            "来填补空缺。之后这笔交易会自动跟上。"
        ),
        "stuck.gap.advice.range": (
            "请先处理nonce为{latest}的交易：在钱包里把这笔待确认的交易“加速”或“取消”。"
            "如果钱包里看不到它，就用nonce {latest}发送任意一笔交易（例如给自己的地址转{zero}）"
            "来填补空缺，然后依次补上后面的每个nonce，直到{last}。之后这笔交易会自动跟上。"
        ),
        "pending.low_tip": (
            "它已经排到了，也付得起基础费用，但它的小费（优先费，{tip}）低于最近最便宜的交易所付的"
            "水平（{low_tip}），验证者会最后才选它，所以可能要等一段时间。"
        ),
        "pending.low_gas_price": (
            "它已经排到了，但它的Gas价格（{gas_price}）低于节点当前的建议值（{hint}），"
            "所以可能要等一段时间。"
        ),
        "pending.in_line": "它已经排到了，手续费也不低于当前的基础费用，应该很快就会确认。",
        "pending.wait": "请耐心等待：不需要任何操作，它应该会自行完成。",
        "pending.replace": (
            "如果想加速或取消这笔待确认的交易，需要发送一笔nonce相同（{nonce}）的替换交易，"
            "最高手续费至少{max_fee}、优先费至少{tip}：这两项都要比原交易高约10%，交易池才会接受。"
            "钱包里的“加速”/“取消”按钮就是这样做的；取消就是给自己的地址转{zero}。"
        ),
        "pending.replace.legacy": (
            "如果想加速或取消这笔待确认的交易，需要发送一笔nonce相同（{nonce}）的替换交易，"
            "最高手续费至少{max_fee}、优先费至少{tip}（使用传统Gas价格时，至少{gas_price}）："
            "这两项都要比原交易高约10%，交易池才会接受。钱包里的“加速”/“取消”按钮就是这样做的；"
            "取消就是给自己的地址转{zero}。"
        ),
        "pending.top_up": (
            "加速后这笔交易总共最多可能需要{needed}，但账户只有{balance}：请先充值{coin}"
            "（手续费总是用{coin}支付，转代币也一样）。"
        ),
        "pending.nothing_left": "在确认之前，资产都还在钱包里；只有交易仍待确认时才能取消。",
        "replaced.never": "这笔交易永远不会执行：没有任何资金通过它离开钱包。",
        "replaced.security": (
            "如果那笔交易既不是你发的，也不是你在其他App里用同一个钱包发的，那么可能有别人掌握了"
            "这个钱包的助记词或私钥：请把剩余资产转到一个新建的钱包。"
        ),
        "replaced.unknown": (
            "这个账户的nonce {nonce}已经被另一笔交易用掉了（可能是加速、取消，或另一笔转账）。"
        ),
        "replaced.explorer": (
            "请在{network}的区块浏览器上查询发送地址，找到它nonce为{nonce}的那笔交易：那笔才是真正"
            "生效的。"
        ),
        "replaced.found": (
            "这个账户的nonce {nonce}已被{what}使用：交易哈希{hash}，位于区块{block}{outcome}。"
        ),
        "replaced.follow": "请改为跟踪{hash}：那才是真正生效的交易。",
        "replaced.cancelled": "这笔交易已被取消：除了取消交易本身的手续费，没有转出任何资产。",
        "replaced.pending_other": (
            "节点查不到这个哈希，但这个账户另有一笔nonce为{nonce}的交易正在等待确认"
            "（通常是之后发出的加速或取消交易）。"
        ),
        "replaced.follow_newer": "请在钱包的交易记录里跟踪那笔nonce相同的新交易。",
        "dropped": (
            "节点查不到这笔交易，而账户的nonce {nonce}仍未被使用：这笔交易已被丢弃（或者根本没有"
            "发到网络上）。它从未执行，资金也从未离开钱包。交易被丢弃，通常是因为手续费一直太低，"
            "或者账户余额不足以支付。"
        ),
        "dropped.resend": (
            "请重新发送。如果钱包里仍显示旧交易待确认，请先取消它，或者在钱包设置里重置账户的nonce"
            "（清除交易记录）。"
        ),
        "dropped.gap": (
            "账户的下一个nonce是{latest}：nonce {latest}到{last}都要在这笔之前用掉；"
            "钱包里可能还有其他卡住的交易。"
        ),
        "dropped.empty": (
            "账户只有{balance}，连一笔普通转账的手续费都不够：请先充值{coin}（手续费总是用{coin}支"
            "付）。"
        ),
        "not_found": "{network}节点查不到这笔交易：它既不在待确认列表中，也没有被打包上链。",
        "not_found.check_hash": (
            "请确认哈希是完整复制的，并且这笔交易确实是在{network}上发送的：所有EVM网络的交易哈希"
            "格式都一样。"
        ),
        "not_found.dropped": (
            "如果钱包之前显示它待确认，那么它很可能已被丢弃：被丢弃的交易从未执行，资金也从未离开"
            "钱包。请重新发送（如果旧交易仍显示待确认，先取消它或重置钱包的nonce）。"
        ),
        "not_found.wait": "几秒钟前刚发出的交易可能还没有传到这个节点：请一分钟后再试。",
    },
    "es": {
        "coin.native": "moneda nativa",
        "amount.native": "{value} de moneda nativa",
        "count.confirmations.one": "{n} confirmación",
        "count.confirmations": "{n} confirmaciones",
        "span.one": "la transacción con el nonce {first}",
        "span.range": "las transacciones con los nonces del {first} al {last}",
        "replaced.what.cancel": "una cancelación (un envío de 0 a la misma dirección)",
        "replaced.what.speed_up": "una copia acelerada de ella",
        "replaced.what.other": "otra transacción",
        "replaced.outcome.success": ", donde se completó con éxito",
        "replaced.outcome.failed": ", donde falló",
        "problem.node": "el nodo no dio una respuesta utilizable (detalle técnico: {detail})",
        "problem.timeout": "el nodo no respondió en {seconds} s",
        "problem.deadline": "el nodo no terminó de responder en {seconds} s",
        "problem.wrong_chain": (
            "el nodo configurado pertenece a otra red (chain id {served}, se esperaba "
            "{expected}), así que el operador debe corregir su configuración"
        ),
        "problem.no_receipt": (
            "el nodo muestra la transacción en el bloque {block}, pero todavía no tiene su recibo"
        ),
        "problem.hidden": (
            "el nodo tiene esta transacción en el bloque {block}, pero no la devuelve al "
            "buscarla por su hash"
        ),
        "node_error": (
            "No se pudo consultar esta transacción en {network}: {problem}. Esto no dice nada "
            "sobre la transacción en sí."
        ),
        "not_configured": (
            "Este servicio de soporte no tiene configurado ningún nodo de {network}, así que aquí "
            "no se puede consultar la transacción. Esto no dice nada sobre la transacción en sí."
        ),
        "retry": "Vuelve a intentarlo en un minuto.",
        "explorer": "Busca el hash en un explorador de bloques de {network}.",
        "explorer.meanwhile": (
            "Mientras tanto, busca el hash en un explorador de bloques de {network}."
        ),
        "operator.check_endpoint": (
            "Si sigue pasando, el operador debe revisar el endpoint RPC configurado para {chain}."
        ),
        "operator.add_endpoint": (
            "Nota para el operador: añade un endpoint RPC para {chain} para poder consultar "
            "transacciones aquí."
        ),
        "success": (
            "Se completó con éxito en el bloque {block} y tiene {confirmations}: los fondos ya "
            "salieron de la billetera de origen, y una transacción confirmada no se puede revertir."
        ),
        "included": (
            "Se incluyó en el bloque {block} ({confirmations}); este nodo no indica si se "
            "completó con éxito (es una transacción muy antigua)."
        ),
        "success.check_recipient": (
            "Si quien la recibe no la ve, comprueba la dirección de destino y que esté mirando "
            "en {network}."
        ),
        "success.exchange": (
            "Un exchange acredita un depósito solo cuando alcanza las confirmaciones que exige: "
            "dale a su soporte este hash de transacción (y el memo/tag, si el depósito lo "
            "necesitaba)."
        ),
        "success.token": (
            "Si es un token, quien lo recibe quizá tenga que añadirlo por su dirección de "
            "contrato en {network} para ver el saldo."
        ),
        "charged.fee": (
            "No se transfirió nada, pero la comisión de red de {fee} se cobró igualmente y no "
            "se puede reembolsar."
        ),
        "charged": "No se transfirió nada, pero la comisión de red se cobró igualmente.",
        "failed": "Falló en el bloque {block}.",
        "failed.out_of_gas": (
            "Falló en el bloque {block}: se quedó sin gas (consumió todo su límite de gas: {gas})."
        ),
        "failed.raise_gas": (
            "Vuelve a enviarla con un límite de gas más alto: deja que la billetera lo calcule "
            "o súbelo en torno a un 50 %."
        ),
        "failed.gas_funds": (
            "La cuenta necesita suficiente {coin} para la comisión más alta: si tiene poco "
            "saldo, recarga {coin} primero (las comisiones siempre se pagan en {coin})."
        ),
        "failed.reverted": (
            "Falló en el bloque {block}: el contrato la rechazó con el mensaje «{revert}»."
        ),
        "failed.reverted.no_reason": (
            "Falló en el bloque {block}: el contrato la rechazó (el nodo no indica el motivo)."
        ),
        "failed.same_again": (
            "Si envías la misma transacción otra vez sin cambios, fallará igual y te costará "
            "otra comisión."
        ),
        "failed.common_causes": (
            "En un swap suele deberse a que el precio se movió más allá del límite de "
            "deslizamiento (slippage) o a que falta la aprobación del token; en una "
            "transferencia de tokens, a un saldo del token insuficiente. Corrige eso primero."
        ),
        "pending.lead": "Está esperando en la cola de pendientes con el nonce {nonce}.",
        "pending.lead.stuck": (
            "Está esperando en la cola de pendientes con el nonce {nonce} y, tal como está, no "
            "se puede confirmar."
        ),
        "stuck.fee_cap": (
            "Su comisión máxima ({max_fee}) está por debajo de la tarifa base actual de la red "
            "({base_fee}), así que ningún bloque puede incluirla hasta que la tarifa base baje "
            "a ese nivel, lo que puede tardar mucho o no ocurrir nunca."
        ),
        "stuck.balance": (
            "La cuenta tiene {balance}, pero esta transacción necesita hasta {cost} (importe más "
            "comisión máxima), así que no puede incluirse hasta que la cuenta tenga suficiente."
        ),
        "stuck.behind_pending": (
            "Está detrás de otras transacciones anteriores de la misma cuenta ({earlier} en "
            "total): primero tiene que confirmarse la del nonce {latest}, y las transacciones "
            "pasan estrictamente en orden de nonce."
        ),
        "stuck.gap": (
            "El siguiente nonce de la cuenta en la cadena es {latest}, así que primero hay que "
            "confirmar {span} (las transacciones pasan estrictamente en orden de nonce); lo que "
            "falta sigue pendiente o nunca se envió (hay un hueco)."
        ),
        "stuck.gap.advice.one": (
            "Resuelve primero el nonce {latest}: acelera o cancela la transacción pendiente que "
            "tiene el nonce {latest}. Si la billetera no muestra ninguna, envía cualquier "
            "transacción con el nonce {latest} (por ejemplo, {zero} a tu propia dirección) "
            "para llenar el hueco. Esta se confirmará después por sí sola."
        ),
        "stuck.gap.advice.range": (
            "Resuelve primero el nonce {latest}: acelera o cancela la transacción pendiente que "
            "tiene el nonce {latest}. Si la billetera no muestra ninguna, envía cualquier "
            "transacción con el nonce {latest} (por ejemplo, {zero} a tu propia dirección) "
            "para llenar el hueco, y luego una por cada nonce siguiente hasta el {last}. Esta se "
            "confirmará después por sí sola."
        ),
        "pending.low_tip": (
            "Es la siguiente en la cola y cubre la tarifa base, pero su propina ({tip}) es "
            "más baja que lo que pagaron las transacciones recientes más baratas ({low_tip}), "
            "así que los validadores la eligen al final y puede tardar."
        ),
        "pending.low_gas_price": (
            "Es la siguiente en la cola, pero su precio de gas ({gas_price}) está por debajo de "
            "lo que sugiere ahora el nodo ({hint}), así que puede tardar."
        ),
        "pending.in_line": (
            "Es la siguiente en la cola y paga al menos la tarifa base actual, así que debería "
            "confirmarse pronto."
        ),
        "pending.wait": "Espera: debería completarse sin que hagas nada.",
        "pending.replace": (
            "Para acelerarla o cancelarla mientras siga pendiente, envía una transacción de "
            "reemplazo con el mismo nonce ({nonce}) y al menos {max_fee} de comisión máxima y "
            "{tip} de tarifa de prioridad: los nodos solo aceptan un reemplazo con alrededor de "
            "un 10 % más en ambas. Los botones Acelerar / Cancelar de la billetera hacen "
            "exactamente esto; cancelar es enviar {zero} a tu propia dirección."
        ),
        "pending.replace.legacy": (
            "Para acelerarla o cancelarla mientras siga pendiente, envía una transacción de "
            "reemplazo con el mismo nonce ({nonce}) y al menos {max_fee} de comisión máxima y "
            "{tip} de tarifa de prioridad (con precio de gas clásico, al menos {gas_price}): "
            "los nodos solo aceptan un reemplazo con alrededor de un 10 % más en ambas. Los "
            "botones Acelerar / Cancelar de la billetera hacen exactamente esto; cancelar es "
            "enviar {zero} a tu propia dirección."
        ),
        "pending.top_up": (
            "Acelerarla puede costar hasta {needed} en total, pero la cuenta tiene {balance}: "
            "recarga {coin} primero (las comisiones siempre se pagan en {coin}, incluso al "
            "transferir tokens)."
        ),
        "pending.nothing_left": (
            "Hasta que se confirme, no ha salido nada de la billetera; cancelar solo funciona "
            "mientras siga pendiente."
        ),
        "replaced.never": (
            "Esta transacción ya nunca se ejecutará: no salió ningún fondo de la billetera a "
            "través de ella."
        ),
        "replaced.security": (
            "Si esa transacción no la enviaste tú ni otra app que use esta misma billetera, "
            "puede que otra persona tenga la frase de recuperación o la clave privada: mueve lo "
            "que quede a una billetera nueva."
        ),
        "replaced.unknown": (
            "El nonce {nonce} de esta cuenta ya lo usó otra transacción (una aceleración, una "
            "cancelación u otra transferencia)."
        ),
        "replaced.explorer": (
            "Busca la dirección de origen en un explorador de {network} y encuentra su "
            "transacción con el nonce {nonce}: esa es la que cuenta."
        ),
        "replaced.found": (
            "El nonce {nonce} de esta cuenta lo usó {what}, la transacción {hash}, en el bloque "
            "{block}{outcome}."
        ),
        "replaced.follow": "Sigue {hash} en su lugar: esa es la transacción que cuenta.",
        "replaced.cancelled": "Se canceló: no se envió nada, salvo la comisión de la cancelación.",
        "replaced.pending_other": (
            "El nodo no conoce este hash, pero hay otra transacción de esta cuenta con el nonce "
            "{nonce} esperando confirmación (normalmente una aceleración o cancelación enviada "
            "después)."
        ),
        "replaced.follow_newer": (
            "Sigue la transacción más reciente con el mismo nonce en la lista de actividad de "
            "la billetera."
        ),
        "dropped": (
            "El nodo no conoce esta transacción y el nonce {nonce} de la cuenta sigue sin "
            "usarse: se descartó (o nunca llegó a la red). Nunca se ejecutó y los fondos nunca "
            "salieron de la billetera. Las transacciones suelen descartarse cuando su comisión "
            "se quedó demasiado baja o la cuenta no podía pagarlas."
        ),
        "dropped.resend": (
            "Vuelve a enviarla. Si la billetera todavía muestra la antigua como pendiente, "
            "cancélala primero o restablece el nonce de la cuenta (borrar actividad) en los "
            "ajustes de la billetera."
        ),
        "dropped.gap": (
            "El siguiente nonce de la cuenta es {latest}: los nonces del {latest} al {last} "
            "tienen que usarse antes que este; puede que la billetera tenga otras "
            "transacciones atascadas."
        ),
        "dropped.empty": (
            "La cuenta solo tiene {balance}, ni siquiera lo suficiente para la comisión de una "
            "transferencia simple: recarga {coin} primero (las comisiones siempre se pagan en "
            "{coin})."
        ),
        "not_found": (
            "El nodo de {network} no conoce esta transacción: no está pendiente ni incluida en "
            "ningún bloque."
        ),
        "not_found.check_hash": (
            "Comprueba que copiaste el hash completo y que la transacción se envió en "
            "{network}: todas las redes EVM usan el mismo formato de hash."
        ),
        "not_found.dropped": (
            "Si antes la billetera la mostraba como pendiente, lo más probable es que se "
            "descartara: una transacción descartada nunca se ejecutó y los fondos nunca "
            "salieron de la billetera. Vuelve a enviarla (si la antigua sigue apareciendo como "
            "pendiente, cancélala o restablece antes el nonce de la billetera)."
        ),
        "not_found.wait": (
            "Una transacción enviada hace unos segundos puede que aún no haya llegado a este "
            "nodo: vuelve a intentarlo en un minuto."
        ),
    },
    "ar": {
        "coin.native": "العملة الأصلية للشبكة",
        "amount.native": "{value} من العملة الأصلية للشبكة",
        "count.confirmations.one": "{n}",
        "count.confirmations": "{n}",
        "span.one": "المعاملة ذات الـ nonce رقم {first}",
        "span.range": "المعاملات ذات أرقام الـ nonce من {first} إلى {last}",
        "replaced.what.cancel": "معاملة إلغاء (إرسال 0 إلى العنوان نفسه)",
        "replaced.what.speed_up": "نسخة مُسرَّعة منها",
        "replaced.what.other": "معاملة أخرى",
        "replaced.outcome.success": "، حيث نجحت",
        "replaced.outcome.failed": "، حيث فشلت",
        "problem.node": "لم تُرجع العقدة إجابة صالحة (تفاصيل تقنية: {detail})",
        "problem.timeout": "لم تُجب العقدة خلال {seconds} ثانية",
        "problem.deadline": "لم تُكمل العقدة إجابتها خلال {seconds} ثانية",
        "problem.wrong_chain": (
            "العقدة المُعدّة تخدم شبكة أخرى (chain id هو {served} والمتوقع {expected})، لذا يجب "
            "على مشغّل الخدمة تصحيح إعداداتها"
        ),
        "problem.no_receipt": (
            "تُظهر العقدة المعاملة في الكتلة {block} لكن إيصالها غير متوفر لديها بعد"
        ),
        "problem.hidden": (
            "لدى العقدة هذه المعاملة في الكتلة {block} لكنها لا تُرجعها عند البحث بالهاش"
        ),
        "node_error": (
            "تعذّر التحقق من هذه المعاملة على {network}: {problem}. وهذا لا يعني شيئًا عن حالة "
            "المعاملة نفسها."
        ),
        "not_configured": (
            "لا توجد عقدة {network} مُعدّة لخدمة الدعم هذه، لذا لا يمكن التحقق من المعاملة هنا. "
            "وهذا لا يعني شيئًا عن حالة المعاملة نفسها."
        ),
        "retry": "حاول مرة أخرى بعد دقيقة.",
        "explorer": "ابحث عن الهاش في مستكشف كتل خاص بشبكة {network}.",
        "explorer.meanwhile": "وفي الأثناء، ابحث عن الهاش في مستكشف كتل خاص بشبكة {network}.",
        "operator.check_endpoint": (
            "إذا تكرر ذلك، فعلى مشغّل الخدمة مراجعة عنوان RPC المُعدّ لـ {chain}."
        ),
        "operator.add_endpoint": (
            "ملاحظة لمشغّل الخدمة: أضف عنوان RPC لـ {chain} ليصبح التحقق من المعاملات ممكنًا هنا."
        ),
        "success": (
            "نجحت المعاملة في الكتلة {block}، وعدد تأكيداتها {confirmations}: خرجت الأموال من "
            "المحفظة المُرسِلة، والمعاملة المؤكدة لا يمكن عكسها."
        ),
        "included": (
            "أُدرجت المعاملة في الكتلة {block} (عدد التأكيدات: {confirmations})؛ لكن هذه العقدة لا "
            "تُبيّن هل نجحت أم لا (معاملة قديمة جدًا)."
        ),
        "success.check_recipient": (
            "إذا لم يرَها المستلم، فتحقق من عنوان الاستلام ومن أنه يبحث على شبكة {network}."
        ),
        "success.exchange": (
            "لا تُضيف منصة التداول الإيداع إلى الرصيد إلا بعد بلوغ عدد التأكيدات الذي تشترطه: "
            "أعطِ فريق الدعم لديها هاش هذه المعاملة (والمذكرة أو الوسم memo/tag إذا كان الإيداع "
            "يتطلبه)."
        ),
        "success.token": (
            "إذا كان التحويل لرمز (token)، فقد يحتاج المستلم إلى إضافته بعنوان عقده على "
            "{network} ليظهر الرصيد."
        ),
        "charged.fee": (
            "لم يُحوَّل أي شيء، لكن رسوم الشبكة البالغة {fee} خُصمت مع ذلك ولا يمكن استردادها."
        ),
        "charged": "لم يُحوَّل أي شيء، لكن رسوم الشبكة خُصمت مع ذلك.",
        "failed": "فشلت المعاملة في الكتلة {block}.",
        "failed.out_of_gas": (
            "فشلت المعاملة في الكتلة {block}: نفد الغاز (استُهلك حد الغاز كاملًا، وهو {gas})."
        ),
        "failed.raise_gas": (
            "أعد إرسالها بحد غاز أعلى: دع المحفظة تقدّره تلقائيًا، أو ارفعه بنحو 50%."
        ),
        "failed.gas_funds": (
            "يحتاج الحساب إلى ما يكفي من {coin} للرسوم الأعلى: إذا كان رصيده منخفضًا فأضف {coin} "
            "أولًا (الرسوم تُدفع دائمًا من رصيد {coin})."
        ),
        "failed.reverted": (
            "فشلت المعاملة في الكتلة {block}: رفضها العقد الذكي بالرسالة «{revert}»."
        ),
        "failed.reverted.no_reason": (
            "فشلت المعاملة في الكتلة {block}: رفضها العقد الذكي (ولا تذكر العقدة السبب)."
        ),
        "failed.same_again": (
            "إرسال المعاملة نفسها مرة أخرى دون تغيير سيفشل بالطريقة نفسها ويكلّفك رسومًا أخرى."
        ),
        "failed.common_causes": (
            "في المبادلة (swap) يكون السبب عادةً تحرّك السعر إلى ما بعد حد الانزلاق السعري "
            "(slippage) أو غياب الموافقة على الرمز (approval)؛ وفي تحويل الرموز يكون رصيد الرمز "
            "غير كافٍ. عالج ذلك أولًا."
        ),
        "pending.lead": (
            "المعاملة تنتظر التأكيد في قائمة المعاملات المعلقة، ورقم الـ nonce لها {nonce}."
        ),
        "pending.lead.stuck": (
            "المعاملة تنتظر في قائمة المعاملات المعلقة، ورقم الـ nonce لها {nonce}، ولا يمكن "
            "تأكيدها على حالتها الحالية."
        ),
        "stuck.fee_cap": (
            "الحد الأقصى لرسومها ({max_fee}) أقل من الرسوم الأساسية الحالية للشبكة ({base_fee})، "
            "فلا يمكن لأي كتلة أن تتضمنها حتى تنخفض الرسوم الأساسية إلى هذا المستوى، وقد يستغرق "
            "ذلك وقتًا طويلًا أو لا يحدث أبدًا."
        ),
        "stuck.balance": (
            "رصيد الحساب {balance}، لكن هذه المعاملة تحتاج إلى ما يصل إلى {cost} (المبلغ مع الحد "
            "الأقصى للرسوم)، فلا يمكن تضمينها حتى يتوفر في الحساب ما يكفي."
        ),
        "stuck.behind_pending": (
            "تنتظر المعاملة خلف معاملات سابقة من الحساب نفسه (عددها {earlier}): يجب تأكيد "
            "المعاملة ذات الـ nonce رقم {latest} أولًا، فالمعاملات تمر بترتيب الـ nonce حصرًا."
        ),
        "stuck.gap": (
            "الـ nonce التالي لهذا الحساب على الشبكة هو {latest}، لذا يجب أولًا تأكيد {span} "
            "(فالمعاملات تمر بترتيب الـ nonce حصرًا)؛ وما ينقص إما لا يزال معلقًا وإما لم يُرسَل "
            "أصلًا (فجوة)."
        ),
        "stuck.gap.advice.one": (
            "ابدأ بالـ nonce رقم {latest}: سرّع المعاملة المعلقة التي تحمل الـ nonce رقم {latest} "
            "أو ألغِها. وإذا لم تُظهر المحفظة أي معاملة به، فأرسل أي معاملة بالـ nonce رقم "
            "{latest} (مثلًا {zero} إلى عنوانك أنت) لسدّ الفجوة. بعدها تمر هذه المعاملة من "
            "تلقاء نفسها."
        ),
        "stuck.gap.advice.range": (
            "ابدأ بالـ nonce رقم {latest}: سرّع المعاملة المعلقة التي تحمل الـ nonce رقم {latest} "
            "أو ألغِها. وإذا لم تُظهر المحفظة أي معاملة به، فأرسل أي معاملة بالـ nonce رقم "
            "{latest} (مثلًا {zero} إلى عنوانك أنت) لسدّ الفجوة، ثم معاملة لكل nonce يليه حتى "
            "{last}. بعدها تمر هذه المعاملة من تلقاء نفسها."
        ),
        "pending.low_tip": (
            "المعاملة هي التالية في الدور وتغطي الرسوم الأساسية، لكن رسوم الأولوية فيها ({tip}) "
            "أقل مما دفعته أرخص المعاملات الأخيرة ({low_tip})، لذا يختارها المدققون في الأخير وقد "
            "تتأخر."
        ),
        "pending.low_gas_price": (
            "المعاملة هي التالية في الدور، لكن سعر الغاز فيها ({gas_price}) أقل مما تقترحه العقدة "
            "حاليًا ({hint})، لذا قد تتأخر."
        ),
        "pending.in_line": (
            "المعاملة هي التالية في الدور وتدفع على الأقل الرسوم الأساسية الحالية، لذا يُتوقع أن "
            "تتأكد قريبًا."
        ),
        "pending.wait": "انتظر: يُتوقع أن تمر المعاملة دون أي إجراء منك.",
        "pending.replace": (
            "لتسريع المعاملة المعلقة أو إلغائها، أرسل معاملة بديلة بالـ nonce نفسه ({nonce}) "
            "بحد أقصى للرسوم لا يقل عن {max_fee} ورسوم أولوية لا تقل عن {tip}: لا تقبل العُقد "
            'المعاملة البديلة إلا إذا زاد الاثنان بنحو 10%. زرّا "تسريع" و"إلغاء" في المحفظة '
            "يقومان بذلك؛ والإلغاء تحويل بقيمة {zero} إلى عنوانك أنت."
        ),
        "pending.replace.legacy": (
            "لتسريع المعاملة المعلقة أو إلغائها، أرسل معاملة بديلة بالـ nonce نفسه ({nonce}) "
            "بحد أقصى للرسوم لا يقل عن {max_fee} ورسوم أولوية لا تقل عن {tip} (أو بسعر غاز "
            "تقليدي لا يقل عن {gas_price}): لا تقبل العُقد المعاملة البديلة إلا إذا زاد الاثنان "
            'بنحو 10%. زرّا "تسريع" و"إلغاء" في المحفظة يقومان بذلك؛ والإلغاء تحويل بقيمة '
            "{zero} إلى عنوانك أنت."
        ),
        "pending.top_up": (
            "قد تصل تكلفة التسريع إلى {needed} إجمالًا، بينما رصيد الحساب {balance}: أضف {coin} "
            "أولًا (الرسوم تُدفع دائمًا من رصيد {coin}، حتى عند تحويل الرموز)."
        ),
        "pending.nothing_left": (
            "ما دامت المعاملة لم تتأكد، لم يخرج شيء من المحفظة؛ والإلغاء لا يعمل إلا ما دامت معلقة."
        ),
        "replaced.never": "لن تُنفَّذ هذه المعاملة أبدًا: لم تخرج أي أموال من المحفظة من خلالها.",
        "replaced.security": (
            "إذا لم تُرسل تلك المعاملة أنت ولا أي تطبيق آخر يستخدم المحفظة نفسها، فربما يملك "
            "شخص آخر عبارة الاسترداد أو المفتاح الخاص: انقل ما تبقى إلى محفظة جديدة."
        ),
        "replaced.unknown": (
            "الـ nonce رقم {nonce} لهذا الحساب استُخدم بالفعل في معاملة أخرى (تسريع أو إلغاء أو "
            "تحويل مختلف)."
        ),
        "replaced.explorer": (
            "ابحث عن عنوان الإرسال في مستكشف كتل لشبكة {network} وجِد معاملته ذات الـ nonce رقم "
            "{nonce}: تلك هي المعاملة المعتمدة."
        ),
        "replaced.found": (
            "الـ nonce رقم {nonce} لهذا الحساب استُخدم في {what}، وهي المعاملة {hash}، في الكتلة "
            "{block}{outcome}."
        ),
        "replaced.follow": "تابِع {hash} بدلًا منها: تلك هي المعاملة المعتمدة.",
        "replaced.cancelled": "أُلغيت المعاملة: لم يُرسَل شيء سوى رسوم معاملة الإلغاء.",
        "replaced.pending_other": (
            "لا تعرف العقدة هذا الهاش، لكن معاملة أخرى من هذا الحساب بالـ nonce رقم {nonce} "
            "تنتظر التأكيد (عادةً تسريع أو إلغاء أُرسل لاحقًا)."
        ),
        "replaced.follow_newer": (
            "تابِع المعاملة الأحدث ذات الـ nonce نفسه في قائمة النشاط في المحفظة."
        ),
        "dropped": (
            "لا تعرف العقدة هذه المعاملة، والـ nonce رقم {nonce} للحساب لم يُستخدم بعد: لقد "
            "أُسقطت المعاملة (أو لم تصل إلى الشبكة أصلًا). لم تُنفَّذ قط، ولم تخرج الأموال من "
            "المحفظة. تُسقَط المعاملات عادةً عندما تبقى رسومها منخفضة جدًا أو لا يستطيع الحساب "
            "دفع تكلفتها."
        ),
        "dropped.resend": (
            "أعد إرسالها. وإذا كانت المحفظة لا تزال تُظهر المعاملة القديمة معلقة، فألغِها أولًا "
            "أو أعد ضبط الـ nonce للحساب (مسح سجل النشاط) من إعدادات المحفظة."
        ),
        "dropped.gap": (
            "الـ nonce التالي للحساب هو {latest}: يجب استخدام أرقام الـ nonce من {latest} إلى "
            "{last} قبل هذه المعاملة؛ وقد تكون في المحفظة معاملات عالقة أخرى."
        ),
        "dropped.empty": (
            "رصيد الحساب {balance} فقط، وهو لا يكفي حتى لرسوم تحويل بسيط: أضف {coin} أولًا "
            "(الرسوم تُدفع دائمًا من رصيد {coin})."
        ),
        "not_found": "لا تعرف عقدة {network} هذه المعاملة: فهي ليست معلقة ولا مُضمَّنة في أي كتلة.",
        "not_found.check_hash": (
            "تأكد من أنك نسخت الهاش كاملًا وأن المعاملة أُرسلت على {network}: صيغة الهاش واحدة "
            "في كل شبكات EVM."
        ),
        "not_found.dropped": (
            "إذا كانت المحفظة قد أظهرتها معلقة من قبل، فالأرجح أنها أُسقطت: المعاملة المُسقَطة لم "
            "تُنفَّذ قط ولم تخرج الأموال من المحفظة. أعد إرسالها (وإذا كانت القديمة لا تزال تظهر "
            "معلقة، فألغِها أو أعد ضبط الـ nonce في المحفظة أولًا)."
        ),
        "not_found.wait": (
            "المعاملة المُرسَلة قبل ثوانٍ قد لا تكون وصلت إلى هذه العقدة بعد: حاول مرة أخرى بعد دقيقة."
        ),
    },
}
