import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Inbound attachments are downloaded into the data folder before Meta's CDN URLs expire, and served to staff safely.
@Suite struct InboxMediaTests {
    @Test func imageAttachmentIsStoredAndServedWithSafeHeaders() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100)
        let cdn = try StubServer([
            "GET /cdn/photo.png": { _ in .bytes(png, contentType: "image/png") },
            "GET /cdn/gone.png": { _ in StubResponse(status: 403, body: Array("URL signature expired".utf8)) },
        ])
        let t = try TestApp()
        defer { t.stop() }
        let tenant = try t.createTenant().tenant
        _ = try ChannelStore(core: t.core).connect(tenantID: tenant.id, kind: .messenger, externalID: "555", name: "Page", token: "tok")
        let admin = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)
        let now = MetaWebhookSender.millis(Date())
        let payload: [String: Any] = ["object": "page", "entry": [["id": "555", "time": now, "messaging": [[
            "sender": ["id": "psid-1"], "recipient": ["id": "555"], "timestamp": now,
            "message": ["mid": "m_media_1", "attachments": [
                ["type": "image", "payload": ["url": cdn.baseURL + "/cdn/photo.png"]],
                ["type": "image", "payload": ["url": cdn.baseURL + "/cdn/gone.png"]],
            ]]]]]]]
        #expect(try MetaWebhookSender.deliver(payload, to: t.client).status == 200)

        var conversation = 0
        var attachments: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            conversation = (try admin.get("/api/v1/conversations").json["conversations"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
            if conversation > 0 {
                let m = (try admin.get("/api/v1/conversations/\(conversation)/messages").json["messages"] as? [[String: Any]])?.first
                attachments = m?["attachments"] as? [[String: Any]] ?? []
                if attachments.count == 2, attachments.allSatisfy({ $0["stored"] != nil || $0["download_error"] != nil }) { break }
            }
            usleep(50_000)
        }
        #expect(attachments.first?["stored"] as? String != nil)
        let downloadError = attachments.last?["download_error"] as? String ?? ""
        #expect(downloadError.contains("403"), "\(downloadError)")
        let messageID = try #require((try admin.get("/api/v1/conversations/\(conversation)/messages").json["messages"] as? [[String: Any]])?.first?["id"] as? Int)
        let file = try admin.get("/api/v1/conversations/\(conversation)/attachments/\(messageID)/0")
        #expect(file.status == 200)
        #expect(file.body == png)
        #expect(file.header("content-security-policy") == "default-src 'none'; sandbox")
        #expect(file.header("x-content-type-options") == "nosniff")
        #expect(try admin.get("/api/v1/conversations/\(conversation)/attachments/\(messageID)/1").status == 404)
        #expect(try t.client.request("GET", "/api/v1/conversations/\(conversation)/attachments/\(messageID)/0").status == 401)
    }
}
