import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

/// Meta's deauthorize and data-deletion callbacks (signed_request) and the deletion status page.
@Suite struct ChannelCallbackTests {
    func connected() throws -> (TestApp, Int64, Int) {
        let app = try TestApp(fakeGraph: true)
        let t = try app.createTenant()
        let page = try #require(app.graph).addPage(id: "120000012", name: "Studio", instagramID: "17841400000012")
        let results = try OAuthDriver(app: app, session: try app.login(email: "admin@acme.test"))
            .connect([["page_id": page.id, "include_instagram": true]])
        #expect(results.count == 2)
        return (app, t.tenant.id, results.count)
    }

    @Test func validDeauthorizeMarksTheUsersChannelsNeedsReauth() throws {
        let (app, tenantID, n) = try connected()
        defer { app.stop() }
        let userID = try #require(app.graph).settings.userID
        let r = try ChannelTestData.postForm(app, "/callbacks/meta/deauthorize", [("signed_request", ChannelTestData.signedRequest(userID: userID))])
        #expect(r.status == 200)
        let channels = try ChannelStore(core: app.core).list(tenantID: tenantID)
        #expect(channels.count == n)
        #expect(channels.allSatisfy { $0.status == "needs_reauth" && ($0.lastError ?? "").contains("removed Parley's access") })
        #expect(try ChannelTestData.auditActions(app, tenantID: tenantID).contains("channel.deauthorized"))
    }

    @Test func tamperedOrForeignSignedRequestsAreRefused() throws {
        let (app, tenantID, _) = try connected()
        defer { app.stop() }
        let userID = try #require(app.graph).settings.userID
        let good = ChannelTestData.signedRequest(userID: userID)
        let parts = good.split(separator: ".").map(String.init)
        // Same signature, payload naming someone else.
        let otherPayload = Data("{\"algorithm\":\"HMAC-SHA256\",\"user_id\":\"999\"}".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        var flipped = Array(parts[0])
        flipped[0] = flipped[0] == "A" ? "B" : "A"
        let bad = [
            parts[0] + "." + otherPayload,                                        // tampered payload
            String(flipped) + "." + parts[1],                                     // tampered signature
            ChannelTestData.signedRequest(userID: userID, secret: "wrong-secret"), // wrong key
            ChannelTestData.signedRequest(userID: userID, algorithm: "HMAC-SHA1"), // wrong algorithm (validly signed)
            "no-dot-here", "", ".", parts[1],
        ]
        for value in bad {
            for path in ["/callbacks/meta/deauthorize", "/callbacks/meta/data-deletion"] {
                let r = try ChannelTestData.postForm(app, path, [("signed_request", value)])
                #expect(r.status == 400, "\(path) \(value)")
                #expect(r.errorCode == "invalid_signed_request")
            }
        }
        #expect(try ChannelTestData.postForm(app, "/callbacks/meta/deauthorize", []).status == 400)
        #expect(try ChannelStore(core: app.core).list(tenantID: tenantID).allSatisfy { $0.status == "active" })
        #expect(try ChannelTestData.controlCount(app, "data_deletions") == 0)
    }

    @Test func dataDeletionAnswersWithAStatusURLAndCode() throws {
        let (app, tenantID, _) = try connected()
        defer { app.stop() }
        let userID = try #require(app.graph).settings.userID
        let r = try ChannelTestData.postForm(app, "/callbacks/meta/data-deletion", [("signed_request", ChannelTestData.signedRequest(userID: userID))])
        #expect(r.status == 200)
        #expect(r.header("content-type")?.hasPrefix("application/json") == true)
        let code = try #require(r.json["confirmation_code"] as? String)
        #expect(!code.isEmpty && code.allSatisfy { $0.isLetter || $0.isNumber })
        #expect(r.json["url"] as? String == app.baseURL + "/deletion-status?id=\(code)")
        #expect(r.json.count == 2)

        let page = try app.client.request("GET", "/deletion-status?id=\(code)")
        #expect(page.status == 200)
        #expect(page.header("content-type")?.hasPrefix("text/html") == true)
        #expect(page.text.contains(code) && page.text.contains("completed"))
        #expect(!page.text.lowercased().contains("<script"))
        #expect(try app.client.request("GET", "/deletion-status?id=nope").status == 404)
        // The Facebook user id is unlinked from channels, which now need a new login.
        #expect(try MetaLinkStore(db: app.core.control).links(metaUserID: userID).isEmpty)
        #expect(try ChannelStore(core: app.core).list(tenantID: tenantID).allSatisfy { $0.status == "needs_reauth" })
    }
}
