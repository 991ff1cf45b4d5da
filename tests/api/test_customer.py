"""Customer API: set up -> authenticate -> call -> assert the response -> check stored data."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from walletdesk.config import Settings
from walletdesk.store.models import AuditEvent, Conversation, CustomerToken, Message, Ticket

PHRASE = "legal winner thank year wave sausage worth useful legal winner thank yellow"


def start(client: TestClient, language: str = "en") -> tuple[str, dict[str, str]]:
    response = client.post("/api/v1/conversations", json={"language": language})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["messages"][0]["sender"] == "bot"
    return body["conversation"]["id"], {"Authorization": f"Bearer {body['customer_token']}"}


def send(
    client: TestClient, cid: str, auth: dict[str, str], text: str, **extra: Any
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/conversations/{cid}/messages", headers=auth, json={"text": text, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def stored(client: TestClient, model: Any, **where: Any) -> list[Any]:
    services = client.app.state.services  # type: ignore[attr-defined]

    async def _query() -> list[Any]:
        async with services.db.session() as session:
            stmt = select(model).filter_by(**where)
            return list((await session.execute(stmt)).scalars())

    return client.portal.call(_query)  # type: ignore[union-attr]


def test_health_ready_metrics_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["articles"] >= 80
    assert "python_info" in client.get("/metrics").text
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/conversations/{conversation_id}/messages" in paths


def test_english_question_gets_article_answer(client: TestClient) -> None:
    cid, auth = start(client)
    body = send(client, cid, auth, "how do I back up my recovery phrase?")
    reply = body["replies"][0]
    assert reply["sender"] == "bot"
    assert reply["articles"][0]["id"] == "backup-recovery-phrase"
    assert reply["articles"][0]["url"].endswith("/kb/en/backup-recovery-phrase")
    page = client.get("/kb/en/backup-recovery-phrase")
    assert page.status_code == 200 and "recovery phrase" in page.text.lower()


def test_chinese_question_gets_chinese_answer(client: TestClient) -> None:
    cid, auth = start(client, "en")
    reply = send(client, cid, auth, "助记词怎么备份")["replies"][0]
    assert reply["articles"][0]["url"].endswith("/kb/zh/backup-recovery-phrase")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reply["text"])


def test_recovery_phrase_is_redacted_before_storage(client: TestClient) -> None:
    cid, auth = start(client)
    body = send(client, cid, auth, f"support told me to paste it here: {PHRASE}")
    assert body["redacted"] is True
    assert "sausage" not in body["message"]["text"]
    assert "compromised" in body["replies"][0]["text"]
    for message in stored(client, Message, conversation_id=cid):
        assert "sausage" not in message.text and "yellow" not in message.text
    conversation = stored(client, Conversation, id=cid)[0]
    assert conversation.risk == "high" and "secret_pasted" in conversation.risk_flags
    assert stored(client, AuditEvent, action="secret.redacted")


def test_idempotent_send_with_client_id(client: TestClient) -> None:
    cid, auth = start(client)
    first = send(client, cid, auth, "hello there", client_id="abc-1")
    again = send(client, cid, auth, "hello there", client_id="abc-1")
    assert again["duplicate"] is True and again["message"]["seq"] == first["message"]["seq"]
    rows = stored(client, Message, conversation_id=cid, sender="customer")
    assert len(rows) == 1


def test_messages_are_ordered_and_resumable(client: TestClient) -> None:
    cid, auth = start(client)
    send(client, cid, auth, "how do I send tokens")
    send(client, cid, auth, "what is gas")
    listing = client.get(f"/api/v1/conversations/{cid}/messages", headers=auth).json()
    seqs = [m["seq"] for m in listing["messages"]]
    assert seqs == sorted(seqs) == list(range(1, len(seqs) + 1))
    tail = client.get(f"/api/v1/conversations/{cid}/messages?after=3", headers=auth).json()
    assert [m["seq"] for m in tail["messages"]] == seqs[3:]


def test_customer_cannot_read_another_customers_conversation(client: TestClient) -> None:
    cid_a, _ = start(client)
    cid_b, auth_b = start(client)
    assert client.get(f"/api/v1/conversations/{cid_a}/messages", headers=auth_b).status_code == 404
    assert (
        client.post(
            f"/api/v1/conversations/{cid_a}/messages", headers=auth_b, json={"text": "hi"}
        ).status_code
        == 404
    )
    mine = [c["id"] for c in client.get("/api/v1/conversations", headers=auth_b).json()]
    assert mine == [cid_b]


def test_token_is_required_and_stored_hashed(client: TestClient) -> None:
    cid, auth = start(client)
    assert client.get(f"/api/v1/conversations/{cid}/messages").status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.get(f"/api/v1/conversations/{cid}/messages", headers=bad).status_code == 401
    token = auth["Authorization"].split()[1]
    hashes = [row.token_hash for row in stored(client, CustomerToken)]
    assert token not in hashes and all(len(h) == 64 for h in hashes)


def test_bad_input_gets_clear_4xx(client: TestClient) -> None:
    cid, auth = start(client)
    url = f"/api/v1/conversations/{cid}/messages"
    assert client.post(url, headers=auth, json={"text": ""}).status_code == 422
    assert client.post(url, headers=auth, json={"text": "x" * 4001}).status_code == 422
    assert client.post(url, headers=auth, json={"text": "hi", "extra": 1}).status_code == 422
    assert (
        client.post(url, headers=auth, json={"text": "hi", "client_id": "a b"}).status_code == 422
    )
    assert client.post("/api/v1/conversations", json={"language": "fr"}).status_code == 422
    assert client.get("/kb/en/../../etc/passwd").status_code == 404


def test_asking_for_a_human_collects_facts_then_hands_off_and_bot_goes_quiet(
    client: TestClient,
) -> None:
    cid, auth = start(client, "zh")
    body = send(client, cid, auth, "转人工")
    first = body["replies"][0]["text"]
    assert "人工客服" in first and "什么问题" in first, "asks what it is about, in Chinese"
    assert stored(client, Ticket, conversation_id=cid) == [], "no ticket before the facts"
    body = send(client, cid, auth, "我在波场转了500 USDT给交易所，三个小时了还没到账")
    assert "哈希" in body["replies"][0]["text"], "network, amount and time known: asks the hash"
    body = send(client, cid, auth, "跳过")
    assert "谢谢" in body["replies"][0]["text"]
    tickets = stored(client, Ticket, conversation_id=cid)
    assert len(tickets) == 1 and tickets[0].status == "new"
    facts = tickets[0].facts
    assert facts["chain"] == "tron" and "500" in facts["amount"] and "三个小时" in facts["when"]
    assert facts["topic_intent"].startswith("transfer.") and tickets[0].skill == "transactions"
    assert stored(client, Conversation, id=cid)[0].status == "handoff"
    assert send(client, cid, auth, "你好？")["replies"] == []


def test_websocket_auth_replay_send_and_ack(client: TestClient) -> None:
    cid, auth = start(client)
    token = auth["Authorization"].split()[1]
    with client.websocket_connect("/api/v1/ws") as ws:
        ws.send_json({"type": "auth", "token": token, "conversation_id": cid, "after": 0})
        welcome = ws.receive_json()
        assert welcome["type"] == "message" and welcome["message"]["seq"] == 1
        assert ws.receive_json() == {"type": "ready", "last_seq": 1}
        ws.send_json({"type": "send", "text": "how do I revoke approvals", "client_id": "w1"})
        frames = [ws.receive_json() for _ in range(3)]
        kinds = [f["type"] for f in frames]
        assert kinds.count("ack") == 1 and kinds.count("message") == 2
        messages = [f["message"] for f in frames if f["type"] == "message"]
        assert [m["sender"] for m in messages] == ["customer", "bot"]
        assert messages[1]["articles"][0]["id"] == "approvals-revoke"


def test_websocket_rejects_wrong_token(client: TestClient) -> None:
    cid, _ = start(client)
    with client.websocket_connect("/api/v1/ws") as ws:
        ws.send_json({"type": "auth", "token": "nope", "conversation_id": cid})
        assert ws.receive_json()["type"] == "error"


def test_concurrent_sends_get_unique_ordered_seqs(client: TestClient) -> None:
    services = client.app.state.services  # type: ignore[attr-defined]
    cid, _ = start(client)

    async def burst() -> list[int]:
        posted = await asyncio.gather(
            *(services.desk.post_customer_message(cid, f"question {i}", f"c{i}") for i in range(10))
        )
        return [p.message.seq for p in posted]

    seqs = client.portal.call(burst)  # type: ignore[union-attr]
    assert len(set(seqs)) == 10
    rows = stored(client, Message, conversation_id=cid)
    assert sorted(r.seq for r in rows) == list(range(1, len(rows) + 1))


def test_operator_message_limit_is_enforced_with_a_clear_error(settings: Settings) -> None:
    from walletdesk.app import create_app

    strict = settings.model_copy(update={"max_message_chars": 50})
    with TestClient(create_app(strict)) as client:
        cid, auth = start(client)
        url = f"/api/v1/conversations/{cid}/messages"
        response = client.post(url, headers=auth, json={"text": "x" * 51})
        assert response.status_code == 422 and "50 characters" in response.json()["detail"]
        assert stored(client, Message, conversation_id=cid, sender="customer") == []
        assert client.post(url, headers=auth, json={"text": "what is gas"}).status_code == 201


def test_conversation_locks_are_not_kept_for_idle_conversations(client: TestClient) -> None:
    import gc

    services = client.app.state.services  # type: ignore[attr-defined]
    cid, auth = start(client)
    send(client, cid, auth, "what is gas")
    gc.collect()
    assert cid not in services.desk._locks
