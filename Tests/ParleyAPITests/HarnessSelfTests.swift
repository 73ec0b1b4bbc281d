import Foundation
import ParleyCrypto
import ParleyTestSupport
import Testing

/// The test harness itself: the fake Graph API keeps Meta's contract, TestApp really serves, WebDriver drives Chromium.
@Suite struct FakeGraphSelfTests {
    static let windowErrorPrefix = #"{"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,"error_subcode":2018278,"fbtrace_id":""#

    func send(_ fake: FakeGraphAPI, _ path: String, token: String, _ body: [String: Any]) throws -> RawResponse {
        try LoopbackClient(port: fake.port).json("POST", "\(path)?access_token=\(token)", body)
    }

    @Test func messengerSendOutsideTheWindowAnswersMetasExactError() throws {
        let fake = try FakeGraphAPI()
        defer { fake.stop() }
        let page = fake.addPage(id: "111", name: "Cafe Luna")
        let body: [String: Any] = ["recipient": ["id": "PSID1"], "messaging_type": "RESPONSE", "message": ["text": "hi"]]

        let never = try send(fake, "/v23.0/111/messages", token: page.accessToken, body)
        #expect(never.status == 400)
        #expect(never.text.hasPrefix(Self.windowErrorPrefix))
        #expect(never.text.hasSuffix("\"}}"))
        let trace = never.text.dropFirst(Self.windowErrorPrefix.count).dropLast(3)
        #expect(trace.count == 11 && trace.allSatisfy { $0.isLetter || $0.isNumber })

        fake.recordInbound(page: "111", psid: "PSID1", at: Date().addingTimeInterval(-23 * 3600))
        let inside = try send(fake, "/v23.0/111/messages", token: page.accessToken, body)
        #expect(inside.status == 200)
        #expect(inside.json["recipient_id"] as? String == "PSID1")
        #expect((inside.json["message_id"] as? String)?.hasPrefix("m_") == true)

        fake.recordInbound(page: "111", psid: "PSID1", at: Date().addingTimeInterval(-25 * 3600))
        #expect(try send(fake, "/v23.0/111/messages", token: page.accessToken, body).text.hasPrefix(Self.windowErrorPrefix))
        var tagged = body
        tagged["messaging_type"] = "MESSAGE_TAG"
        tagged["tag"] = "HUMAN_AGENT"
        #expect(try send(fake, "/v23.0/111/messages", token: page.accessToken, tagged).status == 200)
        fake.recordInbound(page: "111", psid: "PSID1", at: Date().addingTimeInterval(-8 * 86400))
        #expect(try send(fake, "/v23.0/111/messages", token: page.accessToken, tagged).text.hasPrefix(Self.windowErrorPrefix))
        tagged["tag"] = "ACCOUNT_UPDATE"
        let deprecated = try send(fake, "/v23.0/111/messages", token: page.accessToken, tagged)
        #expect(deprecated.status == 400 && (deprecated.json["error"] as? [String: Any])?["code"] as? Int == 100)

        // /me/messages resolves the page from its token; the accepted sends are listed.
        fake.recordInbound(page: "111", psid: "PSID2")
        let me = try send(fake, "/me/messages", token: page.accessToken, ["recipient": ["id": "PSID2"], "message": ["text": "hello"]])
        #expect(me.status == 200)
        #expect(fake.sentMessages.map(\.text) == ["hi", "hi", "hello"])
        #expect(fake.sentMessages.last?.from == "111")
    }

    @Test func formEncodedSendsAndRecordingKeepVersionParamsAndToken() throws {
        let fake = try FakeGraphAPI()
        defer { fake.stop() }
        let page = fake.addPage(id: "222", name: "P")
        fake.recordInbound(page: "222", psid: "U9")
        let form = "recipient=%7B%22id%22%3A%22U9%22%7D&message=%7B%22text%22%3A%22caf%C3%A9%22%7D&messaging_type=RESPONSE"
        let r = try LoopbackClient(port: fake.port).request("POST", "/v25.0/222/messages", headers: [
            ("Authorization", "Bearer \(page.accessToken)"), ("Content-Type", "application/x-www-form-urlencoded"),
        ], body: Array(form.utf8))
        #expect(r.status == 200)
        let rec = try #require(fake.requests(path: "/222/messages").first)
        #expect(rec.version == "v25.0")
        #expect(rec.method == "POST")
        #expect(rec.accessToken == page.accessToken)
        #expect(rec.params["messaging_type"] == "RESPONSE")
        #expect((rec.input["message"] as? [String: Any])?["text"] as? String == "café")
        #expect(fake.sentMessages.first?.text == "café")
    }

    @Test func codeExchangeLongLivedTokenAndPaginatedAccounts() throws {
        let fake = try FakeGraphAPI()
        defer { fake.stop() }
        fake.addPage(id: "301", name: "One", instagramID: "17841400000000001")
        fake.addPage(id: "302", name: "Two")
        let c = LoopbackClient(port: fake.port)
        let redirect = "http://127.0.0.1:9/oauth/meta/callback"
        let enc = { (s: String) in s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
        let code = fake.issueCode(redirectURI: redirect)
        let exchange = "/v23.0/oauth/access_token?client_id=1234567890&client_secret=test-app-secret&redirect_uri=\(enc(redirect))&code=\(code)"

        let wrongRedirect = try c.request("GET", "/v23.0/oauth/access_token?client_id=1234567890&client_secret=test-app-secret&redirect_uri=\(enc(redirect + "/"))&code=\(code)")
        #expect(wrongRedirect.status == 400)
        #expect((wrongRedirect.json["error"] as? [String: Any])?["code"] as? Int == 100)
        #expect((wrongRedirect.json["error"] as? [String: Any])?["type"] as? String == "OAuthException")
        let short = try c.request("GET", exchange)
        #expect(short.status == 200)
        #expect(short.json["token_type"] as? String == "bearer")
        #expect(short.json["expires_in"] as? Int == 3600)
        let shortToken = try #require(short.json["access_token"] as? String)
        let reused = try c.request("GET", exchange)
        #expect((reused.json["error"] as? [String: Any])?["error_subcode"] as? Int == 36009)
        #expect(try c.request("GET", "/oauth/access_token?client_id=1234567890&client_secret=test-app-secret&redirect_uri=x&code=nope").status == 400)

        let long = try c.request("GET", "/v23.0/oauth/access_token?grant_type=fb_exchange_token&client_id=1234567890&client_secret=test-app-secret&fb_exchange_token=\(shortToken)")
        #expect(long.json["expires_in"] as? Int == 5_183_944)
        let longToken = try #require(long.json["access_token"] as? String)

        let first = try c.request("GET", "/v23.0/me/accounts?fields=id,name,access_token,tasks,instagram_business_account&limit=1&access_token=\(longToken)")
        let data1 = try #require(first.json["data"] as? [[String: Any]])
        #expect(data1.count == 1 && data1[0]["id"] as? String == "301")
        #expect((data1[0]["instagram_business_account"] as? [String: Any])?["id"] as? String == "17841400000000001")
        #expect((data1[0]["access_token"] as? String)?.isEmpty == false)
        let next = try #require((first.json["paging"] as? [String: Any])?["next"] as? String)
        #expect(next.hasPrefix(fake.baseURL + "/v23.0/me/accounts?"))
        let second = try c.request("GET", String(next.dropFirst(fake.baseURL.count)))
        #expect((second.json["data"] as? [[String: Any]])?.first?["id"] as? String == "302")
        #expect((second.json["paging"] as? [String: Any])?["next"] == nil)

        // The dialog grants at once and redirects back with a fresh code and the same state.
        let dialog = try c.request("GET", "/v23.0/dialog/oauth?client_id=1234567890&redirect_uri=\(enc(redirect))&state=s%201&scope=pages_show_list")
        #expect(dialog.status == 302)
        let location = try #require(dialog.header("Location"))
        #expect(location.hasPrefix(redirect + "?code=") && location.contains("&state=s%201"))
        let dialogCode = String(location.dropFirst(redirect.count + 6).prefix { $0 != "&" })
        #expect(try c.request("GET", "/oauth/access_token?client_id=1234567890&client_secret=test-app-secret&redirect_uri=\(enc(redirect))&code=\(dialogCode)").status == 200)

        let debug = try c.request("GET", "/debug_token?input_token=\(longToken)&access_token=1234567890%7Ctest-app-secret")
        #expect((debug.json["data"] as? [String: Any])?["is_valid"] as? Bool == true)
        #expect((debug.json["data"] as? [String: Any])?["type"] as? String == "USER")
    }

    @Test func instagramContainerProgressesThroughPollsAndFetchesTheImage() throws {
        let images = try StubServer([
            "GET /photo.jpg": { _ in .bytes(StubServer.tinyJPEG, contentType: "image/jpeg") },
            "GET /photo.png": { _ in .bytes([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0], contentType: "image/png") },
        ])
        defer { images.stop() }
        let fake = try FakeGraphAPI()
        defer { fake.stop() }
        let page = fake.addPage(id: "401", name: "Shop", instagramID: "17841400000000401")
        fake.update { $0.containerInProgressPolls = 2 }
        let c = LoopbackClient(port: fake.port)
        let t = page.accessToken
        func post(_ path: String, _ form: String) throws -> RawResponse {
            try c.request("POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array((form + "&access_token=\(t)").utf8))
        }
        let created = try post("/v23.0/17841400000000401/media", "image_url=\(images.baseURL)/photo.jpg&caption=Hello")
        #expect(created.status == 200)
        let id = try #require(created.json["id"] as? String)
        #expect(images.requests.map(\.path) == ["/photo.jpg"])

        let early = try post("/v23.0/17841400000000401/media_publish", "creation_id=\(id)")
        #expect((early.json["error"] as? [String: Any])?["code"] as? Int == 9007)
        var seen: [String] = []
        for _ in 0..<3 {
            seen.append(try c.request("GET", "/v23.0/\(id)?fields=status_code&access_token=\(t)").json["status_code"] as? String ?? "?")
        }
        #expect(seen == ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"])
        let published = try post("/v23.0/17841400000000401/media_publish", "creation_id=\(id)")
        #expect(published.status == 200 && published.json["id"] is String)
        #expect(try c.request("GET", "/v23.0/\(id)?fields=status_code&access_token=\(t)").json["status_code"] as? String == "PUBLISHED")
        let limit = try c.request("GET", "/v23.0/17841400000000401/content_publishing_limit?fields=config,quota_usage&access_token=\(t)")
        let row = try #require((limit.json["data"] as? [[String: Any]])?.first)
        #expect(row["quota_usage"] as? Int == 1)
        #expect((row["config"] as? [String: Any])?["quota_total"] as? Int == 100)

        let missing = try post("/v23.0/17841400000000401/media", "image_url=\(images.baseURL)/gone.jpg")
        #expect((missing.json["error"] as? [String: Any])?["code"] as? Int == 9004)
        #expect((missing.json["error"] as? [String: Any])?["error_subcode"] as? Int == 2207052)
        let png = try post("/v23.0/17841400000000401/media", "image_url=\(images.baseURL)/photo.png")
        #expect((png.json["error"] as? [String: Any])?["error_subcode"] as? Int == 2207005)
        #expect(fake.fetches.map { $0.status } == [200, 404, 200])
    }

    @Test func injectedFailuresTokensWhatsAppAndPublishing() throws {
        let fake = try FakeGraphAPI()
        defer { fake.stop() }
        let page = fake.addPage(id: "501", name: "P")
        fake.recordInbound(page: "501", psid: "U1")
        let msg: [String: Any] = ["recipient": ["id": "U1"], "message": ["text": "x"]]
        fake.inject(.fail(.rateLimited(code: 613)), pathContains: "/messages")
        let limited = try send(fake, "/501/messages", token: page.accessToken, msg)
        #expect(limited.status == 400)
        #expect((limited.json["error"] as? [String: Any])?["code"] as? Int == 613)
        #expect(limited.header("X-App-Usage")?.contains("call_count") == true)
        #expect(try send(fake, "/501/messages", token: page.accessToken, msg).status == 200)

        #expect((try send(fake, "/501/messages", token: "nope", msg).json["error"] as? [String: Any])?["code"] as? Int == 190)
        fake.revokeToken(page.accessToken, subcode: 460)
        let revoked = try send(fake, "/501/messages", token: page.accessToken, msg)
        #expect((revoked.json["error"] as? [String: Any])?["error_subcode"] as? Int == 460)

        fake.addToken("wa-system-token")
        let wa = try send(fake, "/v23.0/10999/messages", token: "wa-system-token",
                          ["messaging_product": "whatsapp", "to": "+1 555 123 0000", "type": "text", "text": ["body": "hola"]])
        #expect(wa.status == 200)
        #expect(wa.json["messaging_product"] as? String == "whatsapp")
        #expect((wa.json["contacts"] as? [[String: Any]])?.first?["wa_id"] as? String == "15551230000")
        #expect(((wa.json["messages"] as? [[String: Any]])?.first?["id"] as? String)?.hasPrefix("wamid.") == true)

        let p2 = fake.addPage(id: "502", name: "Q")
        let feed = try send(fake, "/v23.0/502/feed", token: p2.accessToken, ["message": "Opening soon"])
        #expect((feed.json["id"] as? String)?.hasPrefix("502_") == true)
        // Like Meta, the fake downloads the photo URL: a reachable JPEG is posted, an unreachable one is (#324).
        let pictures = try StubServer(["GET /a.jpg": { _ in StubResponse(headers: [("Content-Type", "image/jpeg")], body: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9]) }])
        defer { pictures.stop() }
        let photo = try send(fake, "/v23.0/502/photos", token: p2.accessToken, ["url": pictures.baseURL + "/a.jpg", "message": "m"])
        #expect(photo.json["id"] is String && (photo.json["post_id"] as? String)?.hasPrefix("502_") == true, "\(photo.text)")
        let unreachable = try send(fake, "/v23.0/502/photos", token: p2.accessToken, ["url": "http://127.0.0.1:9/a.jpg", "message": "m"])
        #expect((unreachable.json["error"] as? [String: Any])?["code"] as? Int == 324)
        let tooSoon = try send(fake, "/502/feed", token: p2.accessToken,
                               ["message": "m", "published": false, "scheduled_publish_time": Int(Date().timeIntervalSince1970) + 60])
        #expect((tooSoon.json["error"] as? [String: Any])?["code"] as? Int == 100)
        #expect(fake.posts.count == 2)
    }

    @Test func webhookSenderSignsMetasEscapedBody() throws {
        let payload = MetaWebhookSender.messengerText(pageID: "1", psid: "2", text: "äöå https://a.b/c 😀", mid: "m_1", at: Date(timeIntervalSince1970: 1))
        let body = try MetaWebhookSender.encode(payload)
        let text = String(decoding: body, as: UTF8.self)
        #expect(body.allSatisfy { $0 < 0x80 })
        #expect(text.contains(#"\u00e4\u00f6\u00e5"#))
        #expect(text.contains(#"\ud83d\ude00"#))
        #expect(text.contains(#"https:\/\/a.b\/c"#))
        let decoded = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        #expect(decoded?["object"] as? String == "page")
        let sig = MetaWebhookSender.sign(body: body, secret: "test-app-secret")
        #expect(sig == "sha256=" + Hex.encode(HMACSHA256.mac(key: Array("test-app-secret".utf8), message: body)))
        #expect(sig.count == 7 + 64 && sig == sig.lowercased())
    }
}

@Suite struct TestAppSelfTests {
    @Test func startsServesReadyzAndCleansUp() throws {
        let a = try TestApp(fakeGraph: true)
        let b = try TestApp()
        #expect(a.port != b.port)
        let ready = try a.client.request("GET", "/readyz")
        #expect(ready.status == 200)
        #expect(ready.json["status"] as? String == "ready")
        #expect(try b.client.request("GET", "/healthz").status == 200)
        #expect(a.core.config.metaGraphURL == a.graph?.baseURL)
        #expect(a.core.config.publicURL == a.baseURL)
        #expect(FileManager.default.fileExists(atPath: a.dataDir + "/control.sqlite"))
        let dir = a.directory.path
        a.stop()
        b.stop()
        #expect(!FileManager.default.fileExists(atPath: dir))
        #expect(throws: (any Error).self) { _ = try LoopbackClient(port: a.port).connect(timeoutSeconds: 1) }
    }

    @Test func tenantsUsersAndAPISessionAgainstTheRealAuthEndpoints() throws {
        let app = try TestApp()
        defer { app.stop() }
        let made = try app.createTenant(slug: "acme", name: "Acme", adminEmail: "admin@acme.test")
        try app.addUser(tenant: made.tenant, email: "agent@acme.test", role: .agent)
        // The auth endpoints come from the lead's work in progress; skip (loudly) if this tree does not have them yet.
        let probe = try app.client.request("GET", "/api/v1/auth/me")
        guard probe.status != 404 else {
            print("HarnessSelfTests: /api/v1/auth/me is not routed in this tree yet; login self-test skipped")
            return
        }
        #expect(probe.status == 401)
        let session = try app.login(email: "agent@acme.test", tenant: "acme")
        #expect(session.sessionID?.isEmpty == false)
        let me = try session.get("/api/v1/auth/me")
        #expect(me.status == 200)
        #expect((me.json["user"] as? [String: Any])?["email"] as? String == "agent@acme.test")
        let admin = try app.login(email: "admin@acme.test")
        let bearer = try admin.createToken(name: "harness")
        #expect(try bearer.get("/api/v1/auth/me").status == 200)
        #expect(throws: TestError.self) { _ = try app.login(email: "agent@acme.test", password: "wrong password!!", tenant: "acme") }
    }

    @Test func apiSessionSendsCookieCSRFAndOriginOnEveryRequest() throws {
        let stub = try StubServer([
            "POST /api/v1/auth/login": { _ in
                .json(#"{"user":{"email":"a@b.test"},"csrf_token":"csrf-123"}"#,
                      headers: [("Set-Cookie", "parley_session=sess-abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict")])
            },
            "PATCH /api/v1/things/1": { _ in .json("{}") },
            "GET /api/v1/me": { r in .json(#"{"auth":"\#(r.header("Authorization") ?? "")"}"#) },
        ])
        defer { stub.stop() }
        let client = LoopbackClient(port: stub.port)
        let s = try APISession.login(client: client, email: "a@b.test", password: "pw", tenant: "acme")
        #expect(s.csrfToken == "csrf-123")
        #expect(s.sessionID == "sess-abc")
        #expect(try s.patch("/api/v1/things/1", ["name": "x"]).status == 200)
        let login = try #require(stub.requests.first)
        let body = try JSONSerialization.jsonObject(with: Data(login.body)) as? [String: String]
        #expect(body == ["tenant": "acme", "email": "a@b.test", "password": "pw"])
        let patch = try #require(stub.requests.last)
        #expect(patch.header("Cookie") == "parley_session=sess-abc")
        #expect(patch.header("X-CSRF-Token") == "csrf-123")
        #expect(patch.header("Origin") == "http://127.0.0.1:\(stub.port)")
        #expect(patch.header("Content-Type") == "application/json")
        #expect(patch.text == #"{"name":"x"}"#)
        #expect(try BearerClient(token: "tok", client: client).get("/api/v1/me").json["auth"] as? String == "Bearer tok")
    }
}

@Suite struct WebDriverSelfTests {
    @Test(.enabled(if: WebDriver.isAvailable, "chromium and chromium-driver are not installed"))
    func opensTheLoginPageFindsTheEmailFieldAndTakesAScreenshot() throws {
        let app = try TestApp()
        defer { app.stop() }
        let browser = try WebDriver()
        defer { browser.quit() }
        try browser.navigate(app.baseURL + "/login")
        let email = try browser.waitFor("#email", timeout: 10)
        try browser.type(into: email, "someone@example.test")
        #expect(try browser.property(email, "value") as? String == "someone@example.test")
        #expect(try browser.attribute(email, "type") == "email")
        #expect(try browser.title().contains("Parley"))
        #expect(try browser.execute("return document.querySelectorAll('input').length") as? Int ?? 0 >= 2)
        try browser.setWindowSize(width: 420, height: 800)
        let path = try browser.screenshot(named: "harness-login")
        let png = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(png.count > 1000)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        print("HarnessSelfTests: screenshot \(path) (\(png.count) bytes)")
        #expect(throws: WebDriverError.self) { _ = try browser.find("#no-such-thing") }
        #expect(throws: WebDriverError.self) { _ = try browser.waitFor("#never", timeout: 0.3) }
    }
}
