import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The heart of Parley end to end: signed webhook in → stored → listed and pushed live → answered from the right page.
@Suite struct InboxFlowTests {
    struct Fixture {
        let t: TestApp
        let tenant: Tenant
        let page: Channel
        let admin: APISession
    }

    static func fixture() throws -> Fixture {
        let t = try TestApp(fakeGraph: true)
        let tenant = try t.createTenant().tenant
        let graph = try #require(t.graph)
        graph.addPage(id: "111", name: "Downtown", accessToken: "page-token-111")
        let page = try ChannelStore(core: t.core).connect(tenantID: tenant.id, kind: .messenger, externalID: "111", name: "Downtown", token: "page-token-111")
        let admin = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)
        return Fixture(t: t, tenant: tenant, page: page, admin: admin)
    }

    @Test func webhookToInboxToLiveUpdateToReplyAndDelivery() throws {
        let f = try Self.fixture()
        defer { f.t.stop() }
        let graph = try #require(f.t.graph)

        // Open the live stream first, as the inbox page does.
        let sse = try f.t.client.connect(timeoutSeconds: 15)
        defer { close(sse) }
        try LoopbackClient.sendAll(sse, Array("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nCookie: \(f.admin.cookieHeader)\r\n\r\n".utf8))

        graph.recordInbound(page: "111", psid: "psid-9")
        let inbound = MetaWebhookSender.messengerText(pageID: "111", psid: "psid-9", text: "Hallo aus Zürich ☕", mid: "m_in_1")
        #expect(try MetaWebhookSender.deliver(inbound, to: f.t.client).status == 200)

        var conversationID = 0
        try Wait.until("the conversation") {
            let list = try f.admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]] ?? []
            conversationID = list.first?["id"] as? Int ?? 0
            return list.first?["last_message_preview"] as? String == "Hallo aus Zürich ☕"
        }
        let reply = try f.admin.post("/api/v1/conversations/\(conversationID)/messages", ["text": "Grüezi! Yes, we're open."])
        #expect(reply.status == 202)
        let message = try #require(reply.json["message"] as? [String: Any])
        #expect(message["status"] as? String == "queued")
        let messageID = try #require(message["id"] as? Int)

        // The fake Graph API got a Send API call from the right page, with appsecret_proof.
        try Wait.until("the Send API call") { !graph.sentMessages.isEmpty }
        let sent = try #require(graph.sentMessages.first)
        #expect(sent.from == "111")
        #expect(sent.to == "psid-9")
        #expect(sent.text == "Grüezi! Yes, we're open.")
        #expect(sent.messagingType == "RESPONSE")
        let call = try #require(graph.requests.first { $0.path.hasSuffix("/messages") })
        #expect(call.query["appsecret_proof"] != nil)

        var externalID = ""
        try Wait.until("status sent") {
            let thread = try f.admin.get("/api/v1/conversations/\(conversationID)/messages").json["messages"] as? [[String: Any]] ?? []
            let out = thread.first { $0["id"] as? Int == messageID }
            externalID = out?["external_id"] as? String ?? ""
            return out?["status"] as? String == "sent"
        }
        // Meta echoes our own message and reports delivery: still one outbound row, now delivered.
        let echo = MetaWebhookSender.messengerEcho(pageID: "111", psid: "psid-9", text: "Grüezi! Yes, we're open.", mid: externalID)
        #expect(try MetaWebhookSender.deliver(echo, to: f.t.client).status == 200)
        let delivery: [String: Any] = ["object": "page", "entry": [["id": "111", "time": MetaWebhookSender.millis(Date()), "messaging": [[
            "sender": ["id": "psid-9"], "recipient": ["id": "111"], "timestamp": MetaWebhookSender.millis(Date()),
            "delivery": ["mids": [externalID], "watermark": MetaWebhookSender.millis(Date())]]]]]]
        #expect(try MetaWebhookSender.deliver(delivery, to: f.t.client).status == 200)
        try Wait.until("status delivered") {
            let thread = try f.admin.get("/api/v1/conversations/\(conversationID)/messages").json["messages"] as? [[String: Any]] ?? []
            return thread.filter { $0["direction"] as? String == "out" }.count == 1
                && thread.first { $0["id"] as? Int == messageID }?["status"] as? String == "delivered"
        }

        // The live stream carried the new message and the status changes, with resumable ids.
        var streamed = [UInt8](repeating: 0, count: 65536)
        let n = recv(sse, &streamed, streamed.count, 0)
        let text = String(decoding: streamed.prefix(max(0, n)), as: UTF8.self)
        #expect(text.contains("event: message.created"))
        #expect(text.contains("event: message.updated"))
        #expect(text.contains("\nid: "))
    }

    @Test func replyOutsideTheWindowFailsWithAPlainReason() throws {
        let f = try Self.fixture()
        defer { f.t.stop() }
        // The customer wrote 8 days ago: beyond even the 7-day human-agent tag.
        let old = Date().addingTimeInterval(-8 * 86400)
        let inbound = MetaWebhookSender.messengerText(pageID: "111", psid: "psid-old", text: "old question", mid: "m_old", at: old)
        #expect(try MetaWebhookSender.deliver(inbound, to: f.t.client).status == 200)
        var id = 0
        try Wait.until("the conversation") {
            id = (try f.admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
            return id > 0
        }
        let r = try f.admin.post("/api/v1/conversations/\(id)/messages", ["text": "sorry for the delay"])
        #expect(r.status == 202)
        try Wait.until("status failed") {
            let out = (try f.admin.get("/api/v1/conversations/\(id)/messages").json["messages"] as? [[String: Any]] ?? []).last
            return out?["status"] as? String == "failed" && (out?["error"] as? String ?? "").contains("24 hours")
        }
        #expect(f.t.graph?.sentMessages.isEmpty == true)
    }

    @Test func filtersSearchAssignmentAndAgentVisibility() throws {
        let f = try Self.fixture()
        defer { f.t.stop() }
        _ = try ChannelStore(core: f.t.core).connect(tenantID: f.tenant.id, kind: .messenger, externalID: "222", name: "Harbour", token: "tok-222")
        let agent = try f.t.addUser(tenant: f.tenant, email: "agent@acme.test", role: .agent)
        try ChannelAccess(db: f.t.core.tenants.database(f.tenant.id)).set(channelID: f.page.id, userIDs: [agent.id], teamIDs: [])
        for (page, psid, text) in [("111", "p1", "Do you have oat milk?"), ("222", "p2", "Table for two tonight"), ("111", "p3", "Gluten free cake?")] {
            #expect(try MetaWebhookSender.deliver(MetaWebhookSender.messengerText(pageID: page, psid: psid, text: text), to: f.t.client).status == 200)
        }
        try Wait.until("3 conversations") { (try f.admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]])?.count == 3 }

        func ids(_ s: APISession, _ q: String) throws -> [String] {
            (try s.get("/api/v1/conversations\(q)").json["conversations"] as? [[String: Any]] ?? []).compactMap { $0["last_message_preview"] as? String }
        }
        #expect(try ids(f.admin, "?q=oat") == ["Do you have oat milk?"])
        #expect(try ids(f.admin, "?channel_id=\(f.page.id)").count == 2)
        #expect(try ids(f.admin, "?limit=2").count == 2)
        let page1 = try f.admin.get("/api/v1/conversations?limit=2").json
        let cursor = try #require(page1["next_cursor"] as? String)
        #expect(try ids(f.admin, "?limit=2&cursor=\(cursor)").count == 1)

        // The agent sees only the Downtown page's two conversations, and 404 for the other one.
        let a = try APISession.login(client: f.t.client, email: "agent@acme.test", password: TestApp.defaultPassword)
        let visible = try a.get("/api/v1/conversations").json["conversations"] as? [[String: Any]] ?? []
        #expect(visible.count == 2)
        let all = try f.admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]] ?? []
        let hidden = try #require(all.first { ($0["channel"] as? [String: Any])?["name"] as? String == "Harbour" }?["id"] as? Int)
        #expect(try a.get("/api/v1/conversations/\(hidden)").status == 404)
        #expect(try a.post("/api/v1/conversations/\(hidden)/messages", ["text": "hi"]).status == 404)
        let searched = try a.get("/api/v1/search?q=table").json["conversations"] as? [[String: Any]] ?? []
        #expect(searched.isEmpty)

        // Assign to me, label, resolve; filters follow.
        let mine = try #require(visible.first?["id"] as? Int)
        #expect(try a.patch("/api/v1/conversations/\(mine)", ["assignee_id": agent.id, "labels": ["vip"], "status": "resolved"]).status == 200)
        #expect(try ids(a, "?assignee=me").count == 1)
        #expect(try ids(a, "?label=vip").count == 1)
        #expect(try ids(a, "?status=open").count == 1)
        let note = try a.post("/api/v1/conversations/\(mine)/notes", ["text": "Regular; likes oat flat white"])
        #expect(note.status == 201)
        // Notes carry milliseconds, so one written in the same second as a message still sorts after it in the thread.
        let created = (note.json["note"] as? [String: Any])?["created_at"] as? String ?? ""
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(created)")
    }

    @Test func replyWithAnAssetSendsAPublicMediaURLThatServesTheFile() throws {
        let f = try Self.fixture()
        defer { f.t.stop() }
        let graph = try #require(f.t.graph)
        graph.recordInbound(page: "111", psid: "psid-pic")
        #expect(try MetaWebhookSender.deliver(MetaWebhookSender.messengerText(pageID: "111", psid: "psid-pic", text: "menu?"), to: f.t.client).status == 200)
        var id = 0
        try Wait.until("the conversation") {
            id = (try f.admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
            return id > 0
        }
        let jpeg = AssetFixtures.jpeg(width: 800, height: 800)
        let mp = AssetFixtures.multipart(file: jpeg, filename: "menu.jpg", contentType: "image/jpeg")
        let uploaded = try f.admin.raw("POST", "/api/v1/assets", body: mp.body, contentType: mp.contentType)
        #expect(uploaded.status == 201)
        let assetID = try #require((uploaded.json["asset"] as? [String: Any])?["id"] as? Int)
        let r = try f.admin.post("/api/v1/conversations/\(id)/messages", ["text": "Here it is:", "asset_ids": [assetID]])
        #expect(r.status == 202)
        try Wait.until("two sends") { graph.sentMessages.count == 2 }
        let sent = graph.sentMessages
        #expect(sent[0].text == "Here it is:")
        let url = try #require(sent[1].attachmentURL)
        #expect(url.hasPrefix(f.t.baseURL + "/media/"))
        // Meta fetches that URL without any login: it serves the exact bytes.
        let path = String(url.dropFirst(f.t.baseURL.count))
        let fetched = try f.t.client.request("GET", path)
        #expect(fetched.status == 200)
        #expect(fetched.body == jpeg)
        try Wait.until("both sent") {
            let thread = try f.admin.get("/api/v1/conversations/\(id)/messages").json["messages"] as? [[String: Any]] ?? []
            return thread.filter { $0["direction"] as? String == "out" && $0["status"] as? String == "sent" }.count == 2
        }
    }

    @Test func typingIsSignalledToOtherAgentsWhoCanSeeTheConversation() throws {
        let f = try Self.fixture()
        defer { f.t.stop() }
        let agent = try f.t.addUser(tenant: f.tenant, email: "agent@acme.test", role: .agent)
        try ChannelAccess(db: f.t.core.tenants.database(f.tenant.id)).set(channelID: f.page.id, userIDs: [agent.id], teamIDs: [])
        #expect(try MetaWebhookSender.deliver(MetaWebhookSender.messengerText(pageID: "111", psid: "p-t", text: "hello?"), to: f.t.client).status == 200)
        var id = 0
        try Wait.until("the conversation") {
            id = (try f.admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
            return id > 0
        }
        let a = try APISession.login(client: f.t.client, email: "agent@acme.test", password: TestApp.defaultPassword)
        let sse = try f.t.client.connect(timeoutSeconds: 5)
        defer { close(sse) }
        try LoopbackClient.sendAll(sse, Array("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nCookie: \(a.cookieHeader)\r\n\r\n".utf8))
        usleep(200_000)
        #expect(try f.admin.post("/api/v1/conversations/\(id)/typing").status == 204)
        var buf = [UInt8](repeating: 0, count: 8192)
        var text = ""
        let deadline = Date().addingTimeInterval(5)
        while !text.contains("event: typing") && Date() < deadline {
            let n = recv(sse, &buf, buf.count, 0)
            if n <= 0 { break }
            text += String(decoding: buf.prefix(n), as: UTF8.self)
        }
        #expect(text.contains("event: typing"))
        #expect(text.contains("\"conversation_id\":\(id)"))
        // Signals are not stored: no id line precedes them.
        #expect(text.range(of: #"id: \d+\nevent: typing"#, options: .regularExpression) == nil)
    }
}
