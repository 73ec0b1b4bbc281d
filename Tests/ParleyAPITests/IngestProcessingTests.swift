import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Synchronization
import Testing

@Suite struct IngestProcessingTests {
    @Test func messengerTextBecomesConversationAndMessage() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let channel = try h.connect(.messenger, "PAGE1", name: "Café Page")
        let received = Mutex<[InboxEvent]>([])
        let token = h.app.ingest.bus.subscribe(tenantID: h.tenant.id) { e in received.withLock { $0.append(e) } }
        defer { h.app.ingest.bus.unsubscribe(token) }

        let r = try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "PSID1", mid: "m_1", text: "hello, world!"))
        #expect(r.status == 200)
        #expect(r.text == "EVENT_RECEIVED")
        #expect(h.waitUntil { (try? h.tenantScalar("SELECT count(*) FROM messages")) == 1 })
        #expect(h.waitForIngest())

        let convs = try ConversationStore(db: h.tenantDB).list()
        #expect(convs.count == 1)
        let conv = try #require(convs.first)
        #expect(conv.channelID == channel.id)
        #expect(conv.unread == 1)
        #expect(conv.lastMessagePreview == "hello, world!")
        #expect(conv.lastInboundAt == 1_760_000_000_000)
        let msgs = try MessageStore(db: h.tenantDB).messages(conversationID: conv.id)
        #expect(msgs.map(\.text) == ["hello, world!"])
        #expect(msgs.first?.direction == "in")
        #expect(msgs.first?.status == .received)
        #expect(try h.inboundRows().map(\.status) == ["done"])

        // Published after the commit, and readable again for SSE resume.
        #expect(h.waitUntil { received.withLock { $0.count } >= 2 })
        let types = received.withLock { $0.map(\.type) }
        #expect(types == ["message.created", "conversation.updated"])
        let history = try h.app.ingest.bus.events(tenantID: h.tenant.id, after: 0)
        #expect(history.map(\.type) == types)
        #expect(try h.app.ingest.bus.events(tenantID: h.tenant.id, after: history[0].id).count == 1)
        #expect(history[0].data.contains("\"text\":\"hello, world!\""))
    }

    @Test func duplicatePostsAndRepeatedMidsStoreOneMessage() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE1")
        let body = MetaBodies.messengerText(page: "PAGE1", psid: "PSID1", mid: "m_dup", text: "once")
        #expect(try h.post(body).status == 200)
        #expect(try h.post(body).status == 200)  // exact retry: still a success
        // Same mid inside a different body (Meta retry with a new entry time).
        let other = MetaBodies.messengerText(page: "PAGE1", psid: "PSID1", mid: "m_dup", text: "once", time: 1_760_000_000_999)
        #expect(try h.post(other).status == 200)
        #expect(h.waitForIngest())
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 2)
        #expect(try h.inboundRows().map(\.status) == ["done", "done"])
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 1)
        #expect(try h.tenantScalar("SELECT unread FROM conversations") == 1)
        #expect(h.app.ingest.processor.stats.duplicates == 1)
    }

    @Test func everyEntryAndItemOfABatchIsStored() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PA")
        try h.connect(.messenger, "PB")
        let t: Int64 = 1_760_000_000_000
        let entries = [
            MetaBodies.entry("PA", time: t, items: [MetaBodies.messagingItem(page: "PA", psid: "U1", mid: "m_a1", text: "a1", time: t),
                                                   MetaBodies.messagingItem(page: "PA", psid: "U2", mid: "m_a2", text: "a2", time: t + 1)]),
            MetaBodies.entry("PB", time: t, items: [MetaBodies.messagingItem(page: "PB", psid: "U1", mid: "m_b1", text: "b1", time: t + 2)]),
            MetaBodies.entry("PA", time: t, items: [MetaBodies.messagingItem(page: "PA", psid: "U1", mid: "m_a3", text: "a3", time: t + 3),
                                                   MetaBodies.messagingItem(page: "PA", psid: "U3", mid: "m_a4", text: "a4", time: t + 4)]),
        ]
        #expect(try h.post(MetaBodies.page(entries)).status == 200)
        #expect(h.waitForIngest())
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 5)
        #expect(try h.tenantScalar("SELECT count(*) FROM conversations") == 4)  // (PA,U1) (PA,U2) (PB,U1) (PA,U3)
        #expect(try h.tenantScalar("SELECT unread FROM conversations WHERE last_message_preview = 'a3'") == 2)
    }

    @Test func echoesDoNotDuplicateOurOwnMessages() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let ch = try h.connect(.messenger, "PAGE1")
        #expect(try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_in", text: "hi")).status == 200)
        #expect(h.waitForIngest())
        let convID = try h.tenantScalar("SELECT id FROM conversations")
        // Two messages Parley sent: one already has its mid, one is still waiting for the send call to return.
        let queuedID = try h.tenantDB.write { c -> Int64 in
            try c.run("INSERT INTO messages (conversation_id, channel_id, direction, external_id, text, status, sent_at, created_at) VALUES (?, ?, 'out', 'm_out1', 'reply 1', 'sent', 1760000001000, 'x')", [convID, ch.id])
            try c.run("INSERT INTO messages (conversation_id, channel_id, direction, text, status, sent_at, created_at) VALUES (?, ?, 'out', 'reply 2', 'sending', 1760000002000, 'x')", [convID, ch.id])
            return c.lastInsertRowID
        }
        func echo(_ mid: String, _ text: String, metadata: String?) -> String {
            let meta = metadata.map { #","metadata":"\#($0)""# } ?? ""
            let item = #"{"sender":{"id":"PAGE1"},"recipient":{"id":"U1"},"timestamp":1760000003000,"message":{"is_echo":true,"app_id":1517776481860111\#(meta),"mid":"\#(mid)","text":"\#(text)"}}"#
            return MetaBodies.page([MetaBodies.entry("PAGE1", time: 1_760_000_003_000, items: [item])])
        }
        #expect(try h.post(echo("m_out1", "reply 1", metadata: nil)).status == 200)
        #expect(try h.post(echo("m_out2", "reply 2", metadata: "parley:\(queuedID)")).status == 200)
        // A message typed in the Page inbox (not by Parley) arrives only as an echo: stored as outbound.
        #expect(try h.post(echo("m_page", "from page inbox", metadata: nil)).status == 200)
        #expect(h.waitForIngest())
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 4)
        #expect(try h.tenantScalar("SELECT count(*) FROM messages WHERE external_id = 'm_out1'") == 1)
        #expect(try h.tenantScalar("SELECT id FROM messages WHERE external_id = 'm_out2'") == queuedID)
        #expect(try h.tenantScalar("SELECT count(*) FROM messages WHERE external_id = 'm_page' AND direction = 'out' AND is_echo = 1") == 1)
        #expect(try h.tenantScalar("SELECT unread FROM conversations") == 1)  // echoes are not unread
    }

    @Test func deliveryAndReadReceiptsMoveStatusForwardOnly() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let ch = try h.connect(.messenger, "PAGE1")
        #expect(try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_in", text: "hi")).status == 200)
        #expect(h.waitForIngest())
        let convID = try h.tenantScalar("SELECT id FROM conversations")
        try h.tenantDB.write { c in
            for (mid, at, status) in [("m_o1", 1_760_000_001_000, "sent"), ("m_o2", 1_760_000_002_000, "sent"), ("m_o3", 1_760_000_009_000, "sent")] {
                try c.run("INSERT INTO messages (conversation_id, channel_id, direction, external_id, text, status, sent_at, created_at) VALUES (?, ?, 'out', ?, 'r', ?, ?, 'x')",
                          [convID, ch.id, mid, status, at])
            }
        }
        func item(_ body: String) -> String {
            MetaBodies.page([MetaBodies.entry("PAGE1", time: 1_760_000_005_000, items: [#"{"sender":{"id":"U1"},"recipient":{"id":"PAGE1"},"timestamp":1760000005000,\#(body)}"#])])
        }
        func status(_ mid: String) throws -> String {
            try h.tenantDB.read { c in try c.scalar("SELECT status FROM messages WHERE external_id = ?", [mid], as: String.self) ?? "" }
        }
        #expect(try h.post(item(#""delivery":{"watermark":1760000002500}"#)).status == 200)
        #expect(h.waitForIngest())
        #expect(try [status("m_o1"), status("m_o2"), status("m_o3")] == ["delivered", "delivered", "sent"])
        #expect(try h.post(item(#""read":{"watermark":1760000001500}"#)).status == 200)
        #expect(h.waitForIngest())
        #expect(try [status("m_o1"), status("m_o2")] == ["read", "delivered"])
        // A late delivery (with mids) must not move a read message back.
        #expect(try h.post(item(#""delivery":{"mids":["m_o1","m_o3"],"watermark":1760000000000}"#)).status == 200)
        #expect(h.waitForIngest())
        #expect(try [status("m_o1"), status("m_o3")] == ["read", "delivered"])
        #expect(try h.inboundRows().allSatisfy { $0.status == "done" })
    }

    @Test func aReactionIsKeptOnTheMessageAndCanBeTakenBack() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        _ = try h.connect(.messenger, "PAGE1")
        #expect(try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_in", text: "thanks!")).status == 200)
        #expect(h.waitForIngest())
        func reaction(_ action: String, _ emoji: String, time: Int64) -> String {
            MetaBodies.page([MetaBodies.entry("PAGE1", time: time, items: [#"{"sender":{"id":"U1"},"recipient":{"id":"PAGE1"},"timestamp":\#(time),"reaction":{"reaction":"love","emoji":"\#(emoji)","action":"\#(action)","mid":"m_in"}}"#])])
        }
        func stored() throws -> String? {
            try h.tenantDB.read { c in try c.queryOne("SELECT reaction FROM messages WHERE external_id = 'm_in'")?.optionalString("reaction") }
        }
        #expect(try h.post(reaction("react", #"\u2764\ufe0f"#, time: 1_760_000_001_000)).status == 200)
        #expect(h.waitForIngest())
        #expect(try stored() == "\u{2764}\u{FE0F}")
        // The message's JSON carries it, and a message.updated event tells open inboxes.
        let msg = try h.tenantDB.read { c in try MessageStore.get(c, id: try h.tenantScalar("SELECT id FROM messages WHERE external_id = 'm_in'")) }
        #expect(msg?.reaction == "\u{2764}\u{FE0F}")
        #expect(try h.tenantScalar("SELECT count(*) FROM events WHERE type = 'message.updated'") >= 1)
        #expect(try h.post(reaction("unreact", "", time: 1_760_000_002_000)).status == 200)
        #expect(h.waitForIngest())
        #expect(try stored() == nil)
    }

    @Test func whatsAppTextAndStatuses() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let ch = try h.connect(.whatsapp, "PHONE1", name: "WhatsApp")
        let text = MetaBodies.whatsApp(phoneID: "PHONE1", value: #""contacts":[{"profile":{"name":"J\u00fcrgen"},"wa_id":"15551230000"}],"messages":[{"from":"15551230000","id":"wamid.T1","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]"#)
        #expect(try h.post(text).status == 200)
        #expect(h.waitForIngest())
        let msg = try #require(try MessageStore(db: h.tenantDB).message(channelID: ch.id, externalID: "wamid.T1"))
        #expect(msg.text == "Does it come in another color?")
        #expect(msg.sentAt == 1_749_416_383_000)
        let contact = try #require(try ContactStore(db: h.tenantDB).contact(channelID: ch.id, externalID: "15551230000"))
        #expect(contact.name == "Jürgen")
        #expect(contact.phone == "+15551230000")

        try h.tenantDB.write { c in
            try c.run("INSERT INTO messages (conversation_id, channel_id, direction, external_id, text, status, sent_at, created_at) VALUES (?, ?, 'out', 'wamid.O1', 'ok', 'sent', 1749416400000, 'x')", [msg.conversationID, ch.id])
            try c.run("INSERT INTO messages (conversation_id, channel_id, direction, external_id, text, status, sent_at, created_at) VALUES (?, ?, 'out', 'wamid.O2', 'late', 'sent', 1749416500000, 'x')", [msg.conversationID, ch.id])
        }
        let statuses = MetaBodies.whatsApp(phoneID: "PHONE1", value: #""statuses":[{"id":"wamid.O1","status":"delivered","timestamp":"1749416401","recipient_id":"15551230000"},{"id":"wamid.O1","status":"read","timestamp":"1749416402","recipient_id":"15551230000"},{"id":"wamid.O1","status":"delivered","timestamp":"1749416403","recipient_id":"15551230000"},{"id":"wamid.O2","status":"failed","timestamp":"1749416501","recipient_id":"15551230000","errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"More than 24 hours have passed."}}]}]"#)
        #expect(try h.post(statuses).status == 200)
        #expect(h.waitForIngest())
        let o1 = try MessageStore(db: h.tenantDB).message(channelID: ch.id, externalID: "wamid.O1")
        let o2 = try MessageStore(db: h.tenantDB).message(channelID: ch.id, externalID: "wamid.O2")
        #expect(o1?.status == .read)
        #expect(o2?.status == .failed)
        #expect(o2?.error == "131047 Re-engagement message: More than 24 hours have passed.")
    }

    @Test func instagramDirectMessage() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let ig = try h.connect(.instagram, "IG123", name: "Insta")
        let body = MetaBodies.page([MetaBodies.entry("IG123", time: 1_569_262_486_134, items: [
            #"{"sender":{"id":"IGSID9"},"recipient":{"id":"IG123"},"timestamp":1569262485349,"message":{"mid":"aWdfZAexample1","text":"hi \ud83d\ude00","attachments":[{"type":"image","payload":{"url":"https://cdn.example/a.jpg"}}]}}"#,
        ])], object: "instagram")
        #expect(try h.post(body).status == 200)
        #expect(h.waitForIngest())
        let msg = try #require(try MessageStore(db: h.tenantDB).message(channelID: ig.id, externalID: "aWdfZAexample1"))
        #expect(msg.text == "hi 😀")
        // The media downloader may already have tried the (unreachable) CDN URL; the parsed fields are what counts here.
        #expect(msg.attachments.map { [$0.type, $0.url ?? ""] } == [["image", "https://cdn.example/a.jpg"]])
        #expect(try h.inboundRows().map(\.status) == ["done"])
    }

    @Test func unroutableEntriesAreKeptWithAnErrorWhileOthersAreStored() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "KNOWN")
        let t: Int64 = 1_760_000_000_000
        let body = MetaBodies.page([
            MetaBodies.entry("1234", time: t, items: [MetaBodies.messagingItem(page: "1234", psid: "U1", mid: "m_x", text: "lost?", time: t)]),
            MetaBodies.entry("KNOWN", time: t, items: [MetaBodies.messagingItem(page: "KNOWN", psid: "U1", mid: "m_y", text: "kept", time: t)]),
        ])
        #expect(try h.post(body).status == 200)
        #expect(h.waitForIngest())
        let rows = try h.inboundRows()
        #expect(rows.map(\.status) == ["unroutable"])
        #expect(rows.first?.error == "no channel connected for page 1234")
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 1)

        // Connect the page later and replay: the lost message arrives, the kept one is not duplicated.
        try h.connect(.messenger, "1234")
        #expect(try h.app.ingest.processor.replayFailed() == 1)
        #expect(h.waitForIngest())
        #expect(try h.inboundRows().map(\.status) == ["done"])
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 2)
    }

    @Test func unreadableBodiesFailVisiblyAndTheNextRowIsStillProcessed() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE1")
        #expect(try h.post("{\"object\":\"page\",\"entry\":\"oops\"}").status == 200)  // signed, so stored as received
        #expect(try h.post(#"{"object":"user","entry":[]}"#).status == 200)
        #expect(try h.post(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_ok", text: "fine")).status == 200)
        #expect(h.waitForIngest())
        let rows = try h.inboundRows()
        #expect(rows.map(\.status) == ["failed", "failed", "done"])
        #expect(rows[1].error == "unsupported webhook object \"user\"")
        #expect(try h.ingestScalar("SELECT attempts FROM inbound WHERE id = 1") == 1)
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 1)
    }
}
