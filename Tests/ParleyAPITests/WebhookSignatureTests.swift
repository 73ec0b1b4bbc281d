import Foundation
import ParleyCore
import ParleyTestSupport
import Testing

@Suite struct WebhookSignatureTests {
    @Test func handshakeEchoesChallengeOnlyForTheRightToken() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let ok = try h.client.request("GET", "/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=\(WebhookHarness.verifyToken)")
        #expect(ok.status == 200)
        #expect(ok.text == "1158201444")
        #expect(ok.header("content-type")?.hasPrefix("text/plain") == true)

        let wrong = try h.client.request("GET", "/webhooks/meta?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope")
        #expect(wrong.status == 403)
        #expect(wrong.errorCode == "forbidden")
        let missingToken = try h.client.request("GET", "/webhooks/meta?hub.mode=subscribe&hub.challenge=1")
        #expect(missingToken.status == 403)
        let wrongMode = try h.client.request("GET", "/webhooks/meta?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=\(WebhookHarness.verifyToken)")
        #expect(wrongMode.status == 403)
        let bare = try h.client.request("GET", "/webhooks/meta")
        #expect(bare.status == 403)
    }

    @Test func emptyConfiguredVerifyTokenNeverMatches() throws {
        let h = try WebhookHarness(verifyToken: "")
        defer { h.close() }
        let r = try h.client.request("GET", "/webhooks/meta?hub.mode=subscribe&hub.challenge=42&hub.verify_token=")
        #expect(r.status == 403)
        #expect(!r.text.contains("42") || r.errorCode == "forbidden")
    }

    @Test func badSignaturesAreRefusedAndNothingIsStored() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE1")
        let body = Array(MetaBodies.messengerText(page: "PAGE1", psid: "U1", mid: "m_sig", text: "hi").utf8)
        let good = WebhookHarness.sign(body)
        let otherBody = Array("{\"object\":\"page\",\"entry\":[]}".utf8)
        let cases: [(String, String?)] = [
            ("missing", nil),
            ("wrong", "sha256=" + String(repeating: "0", count: 64)),
            ("sha1", "sha1=" + String(good.dropFirst(7).prefix(40))),
            ("truncated", String(good.dropLast(2))),
            ("uppercase of wrong body", "sha256=" + WebhookHarness.sign(otherBody).dropFirst(7).uppercased()),
            ("wrong key", WebhookHarness.sign(body, secret: "another-secret")),
            ("padded", good + " "),
        ]
        for (name, sig) in cases {
            let r = try h.post(body, signature: sig)
            #expect(r.status == 403, "\(name)")
            #expect(r.errorCode == "forbidden", "\(name)")
        }
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 0)
        #expect(h.app.metrics.counter("parley_webhook_requests_total", labels: "result=\"rejected\"") == cases.count)
        #expect(h.app.metrics.render().contains("parley_webhook_requests_total{result=\"rejected\"} \(cases.count)"))
    }

    @Test func unsetAppSecretAnswers503SoMetaRetries() throws {
        let h = try WebhookHarness(appSecret: "")
        defer { h.close() }
        let body = Array(MetaBodies.messengerText(page: "P", psid: "U", mid: "m", text: "x").utf8)
        let r = try h.post(body, signature: WebhookHarness.sign(body))
        #expect(r.status == 503)
        #expect(r.header("retry-after") != nil)
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 0)
    }

    @Test func nonASCIIIsVerifiedOverTheExactEscapedBytes() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let channel = try h.connect(.messenger, "PAGE_U")
        // What Meta sends: ASCII JSON with \u escapes; the signature covers these bytes.
        let escaped = MetaBodies.messengerText(page: "PAGE_U", psid: "U9", mid: "m_zurich", text: #"Z\u00fcrich \u2615"#)
        let body = Array(escaped.utf8)
        #expect(body.allSatisfy { $0 < 0x80 })
        let signature = WebhookHarness.sign(body)
        let ok = try h.post(body, signature: signature)
        #expect(ok.status == 200)
        #expect(ok.text == "EVENT_RECEIVED")

        // The same JSON re-serialised with raw UTF-8 keeps its meaning but not its bytes: the old signature fails.
        let raw = Array(MetaBodies.messengerText(page: "PAGE_U", psid: "U9", mid: "m_zurich", text: "Zürich ☕").utf8)
        #expect(raw != body)
        let refused = try h.post(raw, signature: signature)
        #expect(refused.status == 403)

        #expect(h.waitForIngest())
        let stored = try MessageStore(db: h.tenantDB).message(channelID: channel.id, externalID: "m_zurich")
        #expect(stored?.text == "Zürich ☕")
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 1)
    }
}
