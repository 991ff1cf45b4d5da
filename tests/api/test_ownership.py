"""Proving control of an address by signature: no secret, one use per challenge, and the
verified address shows on the agent's view of the conversation."""

from __future__ import annotations

from eth_account import Account
from eth_account.messages import encode_defunct
from fastapi.testclient import TestClient

from tests.api.test_console import add_agent, login
from tests.api.test_customer import send, start, stored
from walletdesk.store.models import AuditEvent, Conversation


def sign(key: bytes, message: str) -> str:
    return "0x" + Account.sign_message(encode_defunct(text=message), key).signature.hex()


def test_customer_proves_an_address_and_the_agent_sees_it(client: TestClient) -> None:
    account = Account.create()
    cid, auth = start(client)
    url = f"/api/v1/conversations/{cid}/ownership"
    issued = client.post(
        f"{url}/challenge", headers=auth, json={"address": account.address, "chain_id": 1}
    )
    assert issued.status_code == 201
    challenge = issued.json()
    assert account.address in challenge["message"] and challenge["nonce"] in challenge["message"]
    proof = {"nonce": challenge["nonce"], "signature": sign(account.key, challenge["message"])}
    verified = client.post(f"{url}/verify", headers=auth, json=proof)
    assert verified.status_code == 200 and verified.json()["address"] == account.address
    assert stored(client, Conversation, id=cid)[0].verified_addresses == [account.address]
    assert stored(client, AuditEvent, action="address.verified")

    replay = client.post(f"{url}/verify", headers=auth, json=proof)
    assert replay.status_code == 422 and replay.json()["detail"]["code"] == "replayed"

    add_agent(client, "own@desk.example", "correct horse battery")
    send(client, cid, auth, "I want to talk to a human")
    send(client, cid, auth, "skip")
    login(client, "own@desk.example", "correct horse battery")
    assert account.address in client.get(f"/console/c/{cid}").text


def test_wrong_key_and_bad_input_are_refused(client: TestClient) -> None:
    owner, thief = Account.create(), Account.create()
    cid, auth = start(client)
    url = f"/api/v1/conversations/{cid}/ownership"
    challenge = client.post(
        f"{url}/challenge", headers=auth, json={"address": owner.address}
    ).json()
    forged = client.post(
        f"{url}/verify",
        headers=auth,
        json={"nonce": challenge["nonce"], "signature": sign(thief.key, challenge["message"])},
    )
    assert forged.status_code == 422
    assert forged.json()["detail"]["code"] in ("bad_signature", "wrong_address")
    assert (
        client.post(
            f"{url}/verify",
            headers=auth,
            json={"nonce": challenge["nonce"], "signature": "0xnothex"},
        ).status_code
        == 422
    )
    assert (
        client.post(
            f"{url}/challenge", headers=auth, json={"address": "not an address"}
        ).status_code
        == 422
    )
    _, other_auth = start(client)
    assert (
        client.post(
            f"{url}/challenge", headers=other_auth, json={"address": owner.address}
        ).status_code
        == 404
    )
