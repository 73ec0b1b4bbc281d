#!/usr/bin/env python3
"""Fills an existing (migrated, stopped) tenant database with N conversations x M messages, in one transaction,
the way Parley itself would have stored them (denormalised last message on the conversation, FTS5 over text).
Usage: gen_tenant.py TENANT_DB CHANNEL_ID [conversations=20000] [messages_per_conversation=50]"""
import random, sqlite3, sys, time

WORDS = ("hello hi thanks order delivery shipping refund price size colour black white blue red green small medium large "
         "tomorrow today monday friday weekend open closed hours address parking table booking reservation dinner lunch "
         "coffee cake bread pizza pasta salad vegan gluten allergy menu card cash invoice receipt discount coupon gift "
         "voucher return exchange broken missing late early tracking number parcel courier store shop online website app "
         "password account login help please question answer available stock sold out restock when where how why what "
         "photo picture video link great awesome perfect terrible slow fast quick problem issue sorry welcome bye").split()
RARE = ["zanzibar", "quixotic", "xylophone", "marmalade", "kilimanjaro"]


def main():
    path, channel = sys.argv[1], int(sys.argv[2])
    n_conv = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    per = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    rnd = random.Random(42)

    def text(i):
        words = [WORDS[rnd.randrange(len(WORDS))] for _ in range(rnd.randint(3, 14))]
        if i % 997 == 0: words.append(RARE[i % len(RARE)])
        return " ".join(words)

    t0 = time.time()
    con = sqlite3.connect(path, isolation_level=None)
    con.create_function("gen_text", 1, text)
    con.executescript(f"""
        PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA foreign_keys=OFF;
        BEGIN;
        DROP TRIGGER IF EXISTS messages_fts_insert;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n_conv})
        INSERT INTO contacts (id, name, created_at) SELECT i, 'Customer ' || i, '2026-01-01T00:00:00Z' FROM n;
        INSERT INTO contact_identities (channel_id, external_id, contact_id) SELECT {channel}, 'psid_' || id, id FROM contacts;
        INSERT INTO conversations (id, channel_id, contact_id, status, unread, last_inbound_at, last_message_at, created_at)
          SELECT id, {channel}, id, CASE id % 10 WHEN 0 THEN 'resolved' WHEN 1 THEN 'resolved' WHEN 2 THEN 'resolved'
                                              WHEN 3 THEN 'pending' WHEN 4 THEN 'pending' ELSE 'open' END,
                 id % 3, 0, 0, '2026-01-01T00:00:00Z' FROM contacts;
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {n_conv * per} - 1)
        INSERT INTO messages (id, conversation_id, channel_id, direction, external_id, text, status, sent_at, created_at)
          SELECT i + 1, (i % {n_conv}) + 1, {channel}, CASE WHEN i % 3 = 2 THEN 'out' ELSE 'in' END, 'm_gen_' || i,
                 gen_text(i), CASE WHEN i % 3 = 2 THEN 'sent' ELSE 'received' END,
                 1767225600000 + i * 1000, '2026-01-01T00:00:00Z' FROM n;
        UPDATE conversations SET
          last_message_at = (SELECT max(sent_at) FROM messages m WHERE m.conversation_id = conversations.id),
          last_inbound_at = (SELECT max(sent_at) FROM messages m WHERE m.conversation_id = conversations.id AND direction = 'in'),
          last_message_preview = (SELECT substr(text, 1, 120) FROM messages m WHERE m.conversation_id = conversations.id ORDER BY id DESC LIMIT 1),
          last_message_direction = (SELECT direction FROM messages m WHERE m.conversation_id = conversations.id ORDER BY id DESC LIMIT 1);
        INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts(rowid, text) VALUES (new.id, new.text);
        END;
        COMMIT;
        PRAGMA wal_checkpoint(TRUNCATE);
        ANALYZE;
    """)
    n = con.execute("SELECT count(*) FROM messages").fetchone()[0]
    con.close()
    print(f"generated {n_conv} conversations / {n} messages in {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
