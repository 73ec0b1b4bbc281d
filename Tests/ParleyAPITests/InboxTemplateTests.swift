import Foundation
import Synchronization
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// WhatsApp after the 24-hour window: only approved templates may be sent.
@Suite struct InboxTemplateTests {
    @Test func templatesAreListedAndSentOutsideTheWindow() throws {
        let sent = Mutex<[String]>([])
        let graph = try StubServer([
            "GET /v23.0/waba-1/message_templates": { _ in
                .json(#"{"data":[{"name":"order_ready","language":"en_US","status":"APPROVED","components":[{"type":"BODY","text":"Hi {{1}}, your order {{2}} is ready."}]},{"name":"promo","language":"en_US","status":"REJECTED","components":[]}]}"#)
            },
            "POST /v23.0/phone-1/messages": { r in
                sent.withLock { $0.append(r.text) }
                return .json(#"{"messaging_product":"whatsapp","contacts":[{"input":"4915111","wa_id":"4915111"}],"messages":[{"id":"wamid.T1"}]}"#)
            },
        ])
        let t = try TestApp { $0.metaGraphURL = graph.baseURL }
        defer { t.stop() }
        let tenant = try t.createTenant().tenant
        let ch = try ChannelStore(core: t.core).connect(tenantID: tenant.id, kind: .whatsapp, externalID: "phone-1", name: "Shop WA", token: "wa-token")
        try MetaLinkStore(db: t.core.control).save(tenantID: tenant.id, channelID: ch.id, kind: .whatsapp, parentID: "waba-1", metaUserID: nil)
        let admin = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)
        let old = Date().addingTimeInterval(-3 * 86400)
        let inbound = MetaWebhookSender.whatsappText(wabaID: "waba-1", phoneNumberID: "phone-1", from: "4915111", name: "Lea", text: "is my order ready?", at: old)
        #expect(try MetaWebhookSender.deliver(inbound, to: t.client).status == 200)
        var id = 0
        try Wait.until("the conversation") {
            id = (try admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
            return id > 0
        }
        let templates = try admin.get("/api/v1/conversations/\(id)/templates").json["templates"] as? [[String: Any]] ?? []
        #expect(templates.map { $0["name"] as? String } == ["order_ready", "promo"])
        #expect(templates.first?["parameter_count"] as? Int == 2)
        // Plain text is refused before any call (the window is closed)…
        #expect(try admin.post("/api/v1/conversations/\(id)/messages", ["text": "yes"]).status == 202)
        // …a rejected template and a wrong parameter count are refused with reasons…
        #expect(try admin.post("/api/v1/conversations/\(id)/messages", ["template": ["name": "promo", "language": "en_US"]]).status == 422)
        #expect(try admin.post("/api/v1/conversations/\(id)/messages", ["template": ["name": "order_ready", "language": "en_US", "parameters": ["Lea"]]]).status == 422)
        // …and the approved template goes out.
        let ok = try admin.post("/api/v1/conversations/\(id)/messages", ["template": ["name": "order_ready", "language": "en_US", "parameters": ["Lea", "#42"]]])
        #expect(ok.status == 202)
        try Wait.until("the template send") { sent.withLock { !$0.isEmpty } }
        let body = try #require(sent.withLock { $0.first })
        #expect(body.contains("\"type\":\"template\""))
        #expect(body.contains("\"name\":\"order_ready\""))
        #expect(body.contains("#42"))
        try Wait.until("statuses") {
            let thread = try admin.get("/api/v1/conversations/\(id)/messages").json["messages"] as? [[String: Any]] ?? []
            let out = thread.filter { $0["direction"] as? String == "out" }
            return out.count == 2 && out[0]["status"] as? String == "failed" && out[1]["status"] as? String == "sent"
                && out[1]["text"] as? String == "Hi Lea, your order #42 is ready."
        }
        #expect(sent.withLock { $0.count } == 1)
    }
}
