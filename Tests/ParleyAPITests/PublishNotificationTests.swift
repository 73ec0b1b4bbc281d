import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyHTTPClient
import ParleyTestSupport

/// E-mail to the author when a post does not go out (SMTP through libcurl to a loopback SMTP server).
@Suite struct PublishNotificationTests {
    /// The Subject header, decoded from RFC 2047 base64 when it was encoded.
    func subject(_ m: FakeSMTPServer.Mail) -> String {
        guard let line = m.data.split(separator: "\n").first(where: { $0.hasPrefix("Subject: ") }) else { return "" }
        let raw = line.dropFirst("Subject: ".count)
        guard raw.hasPrefix("=?UTF-8?B?"), raw.hasSuffix("?=") else { return String(raw) }
        return Data(base64Encoded: String(raw.dropFirst(10).dropLast(2))).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// A publishing app whose notifications go to `smtp`.
    func harness(mailingTo smtp: FakeSMTPServer) throws -> PublishingHarness {
        try PublishingHarness(configure: { c in
            c.smtpHost = "127.0.0.1"
            c.smtpPort = Int(smtp.port)
            c.smtpFrom = "parley@acme.test"
        })
    }

    @Test func theSMTPClientSpeaksToARealSMTPDialogue() throws {
        let smtp = try FakeSMTPServer()
        defer { smtp.stop() }
        let client = SMTPClient(host: "127.0.0.1", port: Int(smtp.port), requireTLS: false, timeoutSeconds: 5)
        let m = SMTPMessage(from: "parley@acme.test", to: ["ana@acme.test"], subject: "Café menu ☕", text: "Line one\n.Line starting with a dot\nLast")
        try client.send(m, date: 1_795_000_000, messageID: "abc@parley")
        let mail = try #require(smtp.mails.first)
        #expect(mail.from == "parley@acme.test" && mail.to == ["ana@acme.test"])
        #expect(mail.data.contains("Subject: =?UTF-8?B?\(Data("Café menu ☕".utf8).base64EncodedString())?="))
        #expect(mail.data.contains("Date: Wed, 18 Nov 2026 11:06:40 +0000"), "\(mail.data)")
        #expect(mail.data.contains("Message-ID: <abc@parley>"))
        // The leading dot survives the trip (the client stuffs it, the server unstuffs it).
        #expect(mail.data.hasSuffix("Line one\n.Line starting with a dot\nLast"), "\(mail.data)")
        // A refused recipient is an error with the server's words, not a silent success.
        smtp.refuse("gone@acme.test")
        #expect(throws: HTTPClientError.self) {
            try client.send(SMTPMessage(from: "parley@acme.test", to: ["gone@acme.test"], subject: "x", text: "y"), date: 0, messageID: "b@p")
        }
        // Nobody listening: a connection error.
        let dead = SMTPClient(host: "127.0.0.1", port: 9, requireTLS: false, timeoutSeconds: 2)
        #expect(throws: HTTPClientError.self) { try dead.send(m, date: 0, messageID: "c@p") }
    }

    @Test func theAuthorIsToldWhenAPostFailsOrMayHaveGoneOut() throws {
        let smtp = try FakeSMTPServer()
        defer { smtp.stop() }
        let h = try harness(mailingTo: smtp)
        defer { h.stop() }
        // Failed: Instagram's quota is used up.
        h.fake.update { $0.publishQuota = 0 }
        let (_, asset) = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080))
        let a = try #require((try h.admin.post("/api/v1/posts", ["text": "Autumn menu is here", "asset_ids": [asset["id"] as? Int ?? 0],
                                                                   "channel_ids": [Int(h.igChannel.id)]]).json["post"] as? [String: Any])?["id"] as? Int)
        #expect(try h.admin.post("/api/v1/posts/\(a)/publish").status == 202)
        _ = try h.waitForPost(a) { $0["state"] as? String == "failed" }
        try Wait.until("the failure e-mail") { smtp.mails.count == 1 }
        let failed = try #require(smtp.mails.first)
        #expect(failed.to == ["admin@acme.test"])
        #expect(subject(failed) == "Post not published on cafeluna: “Autumn menu is here”", "\(failed.data)")
        #expect(failed.data.contains("could not publish your post to cafeluna") && failed.data.contains("“Autumn menu is here”"))
        #expect(failed.data.contains("limit of 0 posts") && failed.data.contains("/publish?tab=posts"), "\(failed.data)")

        // Uncertain: Meta fails on the call that makes the post public.
        h.fake.inject(.fail(GraphFailure.transient), method: "POST", pathContains: "/feed", times: 5)
        let b = try #require((try h.admin.post("/api/v1/posts", ["text": "Maybe live", "channel_ids": [Int(h.pageChannel.id)]]).json["post"] as? [String: Any])?["id"] as? Int)
        #expect(try h.admin.post("/api/v1/posts/\(b)/publish").status == 202)
        _ = try h.waitForPost(b) { $0["state"] as? String == "uncertain" }
        try Wait.until("the uncertain e-mail") { smtp.mails.count == 2 }
        #expect(smtp.mails.last.map(subject) == "Check this post on Cafe Luna: “Maybe live”")
        #expect(smtp.mails.last?.data.contains("will not post it again by itself") == true)
    }

    @Test func aTargetLeftPublishingByAStopIsReportedAfterTheRestart() throws {
        let smtp = try FakeSMTPServer()
        defer { smtp.stop() }
        let h = try harness(mailingTo: smtp)
        let id = try #require((try h.admin.post("/api/v1/posts", ["text": "Crash in the middle", "channel_ids": [Int(h.pageChannel.id)]])
            .json["post"] as? [String: Any])?["id"] as? Int)
        try h.t.core.tenants.database(h.tenant.id).write { c in
            _ = try c.run("UPDATE post_targets SET state = 'publishing', attempts = 1 WHERE post_id = ?", [Int64(id)])
            _ = try c.run("UPDATE posts SET state = 'publishing' WHERE id = ?", [Int64(id)])
        }
        try Scheduling.markDue(h.t.core, tenantID: h.tenant.id, atMillis: Clock.nowMillis(), kind: .publishing)
        let (_, posts, cleanup) = try h.restart()
        defer { cleanup() }
        #expect(try posts.get(Int64(id))?.state == "uncertain")
        try Wait.until("the e-mail about the interrupted post") { smtp.mails.count == 1 }
        #expect(smtp.mails.first.map(subject) == "Check this post on Cafe Luna: “Crash in the middle”")
        #expect(smtp.mails.first?.data.contains("Parley stopped while publishing this") == true)
    }
}
