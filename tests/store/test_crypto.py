"""Customer email and phone are AES-GCM ciphertext at rest: the raw column holds no
plaintext, a wrong key fails loudly, old keys still open values after a rotation, and the
embedded desk makes its own key file once (0600)."""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from walletdesk.config import Settings
from walletdesk.desk.privacy import rekey
from walletdesk.store import crypto
from walletdesk.store.crypto import (
    DataKeyError,
    DecryptionError,
    Keyring,
    configure,
    generate_key,
    keyring_from_settings,
    parse_key,
)
from walletdesk.store.db import Database
from walletdesk.store.migrate import upgrade
from walletdesk.store.models import Customer

EMAIL = "alice.wallet@example.org"
PHONE = "+34 600 123 456"


@pytest.fixture(autouse=True)
def restore_keyring() -> Iterator[None]:
    before = crypto._ACTIVE
    yield
    crypto._ACTIVE = before


def key() -> bytes:
    return parse_key(generate_key(), "test")


async def _db(path: Path) -> Database:
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade(db.engine)
    return db


async def _add_customer(db: Database) -> str:
    async with db.session() as session:
        row = Customer(language="en", email=EMAIL, phone=PHONE)
        session.add(row)
        await session.commit()
        return row.id


async def _raw(db: Database, customer_id: str) -> tuple[str, str]:
    async with db.read_session() as session:
        row = (
            await session.execute(
                text("SELECT email, phone FROM customers WHERE id = :id"), {"id": customer_id}
            )
        ).one()
    return row[0], row[1]


async def _load(db: Database, customer_id: str) -> tuple[str | None, str | None]:
    async with db.read_session() as session:
        row = await session.get(Customer, customer_id)
        assert row is not None
        return row.email, row.phone


def test_raw_column_holds_no_plaintext_and_reads_back(tmp_path: Path) -> None:
    configure(Keyring(key()))

    async def scenario() -> tuple[str, str]:
        db = await _db(tmp_path / "c.db")
        cid = await _add_customer(db)
        email_raw, phone_raw = await _raw(db, cid)
        assert await _load(db, cid) == (EMAIL, PHONE)
        await db.dispose()
        return email_raw, phone_raw

    email_raw, phone_raw = asyncio.run(scenario())
    for raw, plain in ((email_raw, EMAIL), (phone_raw, PHONE)):
        assert raw.startswith("wd1:")
        assert plain not in raw and "alice" not in raw and "600" not in raw
    # the whole file, not only the column: no plaintext anywhere on disk
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("c.db*"))
    assert EMAIL.encode() not in blob and b"alice.wallet" not in blob


def test_same_value_seals_differently_and_is_bound_to_its_column() -> None:
    ring = Keyring(key())
    one, two = ring.encrypt(EMAIL, "customers.email"), ring.encrypt(EMAIL, "customers.email")
    assert one != two  # a fresh nonce per value: equal emails are not linkable
    assert ring.decrypt(one, "customers.email") == EMAIL
    with pytest.raises(DecryptionError, match="altered, or moved"):
        ring.decrypt(one, "customers.phone")  # associated data = table.column
    flipped = one[:-2] + ("A" if one[-2] != "A" else "B") + one[-1]
    with pytest.raises(DecryptionError):
        ring.decrypt(flipped, "customers.email")


def test_wrong_key_fails_loudly(tmp_path: Path) -> None:
    async def scenario() -> None:
        db = await _db(tmp_path / "w.db")
        configure(Keyring(key()))
        cid = await _add_customer(db)
        configure(Keyring(key()))  # someone started the desk with another key
        with pytest.raises(DecryptionError, match="neither WALLETDESK_DATA_KEY nor"):
            await _load(db, cid)
        await db.dispose()

    asyncio.run(scenario())


def test_no_key_configured_refuses_to_write_plaintext(tmp_path: Path) -> None:
    crypto._ACTIVE = None

    async def scenario() -> None:
        db = await _db(tmp_path / "n.db")
        with pytest.raises(Exception, match="no data key configured"):
            await _add_customer(db)
        await db.dispose()

    asyncio.run(scenario())


def test_rotation_old_key_still_opens_and_rekey_reseals(tmp_path: Path) -> None:
    old, new = key(), key()

    async def scenario() -> None:
        db = await _db(tmp_path / "r.db")
        configure(Keyring(old))
        cid = await _add_customer(db)
        configure(Keyring(new, (old,)))  # rotated: new key seals, old key still opens
        assert await _load(db, cid) == (EMAIL, PHONE)
        assert await rekey(db, "test") == 1
        assert (await _raw(db, cid))[0].startswith(f"wd1:{crypto.key_id(new)}:")
        configure(Keyring(new))  # old key dropped after the rekey: still readable
        assert await _load(db, cid) == (EMAIL, PHONE)
        assert await rekey(db, "test") == 0  # nothing left to re-seal
        await db.dispose()

    asyncio.run(scenario())


def test_legacy_plaintext_is_read_then_sealed_by_rekey(tmp_path: Path) -> None:
    configure(Keyring(key()))

    async def scenario() -> None:
        db = await _db(tmp_path / "l.db")
        async with db.session() as session:  # a row written before encryption existed
            await session.execute(
                text(
                    "INSERT INTO customers (id, language, email, points, reminders_opt_out, "
                    "created_at) VALUES ('old1', 'en', :email, 0, 0, '2026-01-01')"
                ),
                {"email": EMAIL},
            )
            await session.commit()
        assert (await _load(db, "old1"))[0] == EMAIL
        assert await rekey(db, "test") == 1
        assert (await _raw(db, "old1"))[0].startswith("wd1:")
        assert (await _load(db, "old1"))[0] == EMAIL
        await db.dispose()

    asyncio.run(scenario())


def test_settings_keys_and_the_embedded_key_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = keyring_from_settings(Settings(data_dir=data_dir))
    key_file = data_dir / "data.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = keyring_from_settings(Settings(data_dir=data_dir))
    assert first.current == again.current  # generated once, then reused

    chosen, retired = generate_key(), generate_key()
    ring = keyring_from_settings(
        Settings(data_dir=data_dir, data_key=SecretStr(chosen), data_keys_old=SecretStr(retired))
    )
    assert ring.current == parse_key(chosen, "k") and ring.old == (parse_key(retired, "k"),)

    with pytest.raises(DataKeyError, match="32 bytes"):
        keyring_from_settings(Settings(data_dir=data_dir, data_key=SecretStr("c2hvcnQ=")))
    with pytest.raises(DataKeyError, match="WALLETDESK_DATA_KEY"):
        keyring_from_settings(
            Settings(
                data_dir=data_dir,
                database_url="postgresql+asyncpg://db.internal/desk",
                environment="production",
            )
        )


# ---- the blind index ----------------------------------------------------------------------
async def _found(db: Database, address: str) -> list[str]:
    """Customers whose blind index matches ``address`` under any key held (the lookup the
    email channel does)."""
    from sqlalchemy import select

    async with db.read_session() as session:
        rows = await session.execute(
            select(Customer.id).where(Customer.email_index.in_(crypto.email_indexes(address)))
        )
        return list(rows.scalars())


async def _index(db: Database, customer_id: str) -> str | None:
    async with db.read_session() as session:
        row = (
            await session.execute(
                text("SELECT email_index FROM customers WHERE id = :id"), {"id": customer_id}
            )
        ).one()
    return row[0]  # type: ignore[no-any-return]


def test_blind_index_finds_an_address_without_revealing_it(tmp_path: Path) -> None:
    ring = configure(Keyring(key()))
    assert ring.blind_index(EMAIL, "customers.email") == ring.blind_index(EMAIL, "customers.email")
    assert ring.blind_index(EMAIL, "customers.email") != ring.blind_index(EMAIL, "other.column")
    assert Keyring(key()).blind_index(EMAIL, "customers.email") != ring.blind_index(
        EMAIL, "customers.email"
    ), "keyed: without the data key nobody can test guesses against the index"

    async def scenario() -> None:
        db = await _db(tmp_path / "b.db")
        cid = await _add_customer(db)
        stored = await _index(db, cid)
        assert stored is not None and len(stored) == 64 and "alice" not in stored
        assert await _found(db, EMAIL) == [cid]
        assert await _found(db, "  Alice.Wallet@EXAMPLE.org ") == [cid], "normalised"
        assert await _found(db, "bob@example.org") == []
        async with db.session() as session:  # erasure clears the address and its index
            row = await session.get(Customer, cid)
            assert row is not None
            row.email = None
            await session.commit()
        assert await _index(db, cid) is None and await _found(db, EMAIL) == []
        await db.dispose()

    asyncio.run(scenario())


def test_rotation_keeps_the_index_usable_and_rekey_moves_it(tmp_path: Path) -> None:
    old, new = key(), key()

    async def scenario() -> None:
        db = await _db(tmp_path / "bi.db")
        configure(Keyring(old))
        cid = await _add_customer(db)
        before = await _index(db, cid)
        configure(Keyring(new, (old,)))
        assert await _found(db, EMAIL) == [cid], "the old key's index still matches"
        assert await rekey(db, "test") == 1
        after = await _index(db, cid)
        assert after is not None and after != before
        configure(Keyring(new))  # the old key is gone: the rekeyed index still matches
        assert await _found(db, EMAIL) == [cid]
        await db.dispose()

    asyncio.run(scenario())


def test_rows_from_before_the_index_are_indexed_at_start(tmp_path: Path) -> None:
    from walletdesk.desk.privacy import backfill_email_index

    configure(Keyring(key()))

    async def scenario() -> None:
        db = await _db(tmp_path / "bf.db")
        cids = [await _add_customer(db) for _ in range(3)]
        async with db.session() as session:  # as migration 0004 leaves existing rows
            await session.execute(text("UPDATE customers SET email_index = NULL"))
            await session.commit()
        assert await _found(db, EMAIL) == []
        assert await backfill_email_index(db, batch=2) == 3
        assert sorted(await _found(db, EMAIL)) == sorted(cids)
        assert await backfill_email_index(db) == 0, "nothing left: a cheap no-op at start"
        await db.dispose()

    asyncio.run(scenario())
