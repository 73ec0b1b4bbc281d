import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

/// Facebook Login end to end: start → dialog (fake) → callback → picker → connected channels.
@Suite struct OAuthConnectTests {
    @Test func happyPathConnectsPagesAndInstagramSubscribesAndKeepsTokensSealed() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let fake = try #require(app.graph)
        let t = try app.createTenant()
        let shop = fake.addPage(id: "111000111", name: "Corner Shop", instagramID: "17841400000001")
        let cafe = fake.addPage(id: "222000222", name: "Cafe")
        let driver = OAuthDriver(app: app, session: try app.login(email: "admin@acme.test"))

        let start = try driver.start()
        let q = Dictionary(uniqueKeysWithValues: (start.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(start.path == "/v23.0/dialog/oauth")
        #expect(q["client_id"] == fake.settings.appID)
        #expect(q["redirect_uri"] == app.baseURL + "/oauth/meta/callback")
        #expect(q["response_type"] == "code")
        #expect((q["scope"] ?? "").split(separator: ",").contains("pages_messaging"))
        #expect((q["scope"] ?? "").split(separator: ",").contains("pages_manage_posts"))
        #expect((q["state"] ?? "").count >= 22)  // ≥ 128 bits of base64url
        // Only the hash of the state is stored.
        #expect(ChannelTestData.filesContaining(q["state"] ?? "-", in: app.dataDir).isEmpty)

        let picker = try driver.pickerID()
        let listed = try driver.session.get("/api/v1/oauth/meta/pickers/\(picker)")
        #expect(listed.status == 200)
        let pages = try #require(listed.json["pages"] as? [[String: Any]])
        #expect(pages.count == 2)
        let first = try #require(pages.first { $0["page_id"] as? String == shop.id })
        #expect((first["instagram"] as? [String: Any])?["id"] as? String == "17841400000001")
        #expect((first["instagram"] as? [String: Any])?["username"] as? String == "corner_shop")
        #expect(!listed.text.contains(shop.accessToken) && !listed.text.contains("access_token"))
        // The exchange used byte-identical redirect_uri, and the short token was upgraded.
        #expect(fake.requests("GET", path: "/oauth/access_token").first?.params["redirect_uri"] == app.baseURL + "/oauth/meta/callback")
        #expect(fake.requests("GET", path: "/oauth/access_token").contains { $0.params["grant_type"] == "fb_exchange_token" })

        let r = try driver.session.post("/api/v1/oauth/meta/pickers/\(picker)/connect",
                                        ["pages": [["page_id": shop.id, "include_instagram": true], ["page_id": cafe.id, "include_instagram": false]]])
        #expect(r.status == 200)
        let results = try #require(r.json["results"] as? [[String: Any]])
        #expect(results.count == 3)
        #expect(results.allSatisfy { $0["status"] as? String == "connected" })
        #expect(fake.subscribedFields(page: shop.id)?.contains("messages") == true)
        #expect(fake.subscribedFields(page: shop.id)?.contains("messaging_postbacks") == true)
        #expect(fake.subscribedFields(page: cafe.id) != nil)

        let list = try driver.session.get("/api/v1/channels")
        let channels = try #require(list.json["channels"] as? [[String: Any]])
        #expect(Set(channels.compactMap { $0["kind"] as? String }) == ["messenger", "instagram"])
        #expect(channels.allSatisfy { $0["status"] as? String == "active" })
        #expect(!list.text.contains(shop.accessToken) && !list.text.contains("token_sealed"))

        // Tokens at rest: none of them appears in any database, WAL or other file of the data folder.
        #expect(!ChannelTestData.filesContaining("Corner Shop", in: app.dataDir).isEmpty)  // the scan does see stored text
        let userTokens = fake.requests("GET", path: "/me/accounts").compactMap(\.accessToken)
        #expect(!userTokens.isEmpty)
        for token in [shop.accessToken, cafe.accessToken] + userTokens {
            #expect(ChannelTestData.filesContaining(token, in: app.dataDir).isEmpty, "token found at rest")
        }
        // …yet the sealed page token opens to the right value for sending.
        let ch = try #require(try ChannelStore(core: app.core).list(tenantID: t.tenant.id).first { $0.externalID == shop.id })
        #expect(try ChannelStore(core: app.core).token(ch) == shop.accessToken)
        #expect(try ChannelTestData.auditActions(app, tenantID: t.tenant.id).filter { $0 == "channel.connect" }.count == 3)
        // A sealed token copied onto another channel's row does not open (AAD binds it to tenant + channel).
        let other = try #require(try ChannelStore(core: app.core).list(tenantID: t.tenant.id).first { $0.externalID == cafe.id })
        try app.core.tenants.database(t.tenant.id).write { c in
            try c.run("UPDATE channels SET token_sealed = (SELECT token_sealed FROM channels WHERE id = ?) WHERE id = ?", [ch.id, other.id])
        }
        #expect(throws: (any Error).self) { try ChannelStore(core: app.core).token(other) }
    }

    @Test func pageOfAnotherWorkspaceIsReportedAsConflictAndNotTaken() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let fake = try #require(app.graph)
        let a = try app.createTenant()
        let b = try app.createTenant(slug: "beta", name: "Beta", adminEmail: "admin@beta.test")
        let page = fake.addPage(id: "333000333", name: "Shared Page", instagramID: "17841400000003")
        let inA = OAuthDriver(app: app, session: try app.login(email: "admin@acme.test", tenant: "acme"))
        #expect(try inA.connect([["page_id": page.id, "include_instagram": true]]).allSatisfy { $0["status"] as? String == "connected" })

        let inB = OAuthDriver(app: app, session: try app.login(email: "admin@beta.test", tenant: "beta"))
        let picker = try inB.pickerID()
        let shown = try inB.session.get("/api/v1/oauth/meta/pickers/\(picker)")
        #expect((shown.json["pages"] as? [[String: Any]])?.first?["connected"] as? String == "other_workspace")
        let results = try #require(try inB.session.post("/api/v1/oauth/meta/pickers/\(picker)/connect",
                                                         ["pages": [["page_id": page.id, "include_instagram": true]]]).json["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0["status"] as? String == "conflict" })
        #expect(try ChannelStore(core: app.core).list(tenantID: b.tenant.id).isEmpty)
        #expect(try ChannelStore(core: app.core).route(RouteKey(provider: "messenger", externalID: page.id))?.tenantID == a.tenant.id)
        let kept = try #require(try ChannelStore(core: app.core).list(tenantID: a.tenant.id).first { $0.kind == .messenger })
        #expect(kept.status == "active")
        #expect(try ChannelStore(core: app.core).token(kept) == page.accessToken)
    }

    @Test func reconnectingRefreshesTheTokenAndReactivates() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let fake = try #require(app.graph)
        let t = try app.createTenant()
        let page = fake.addPage(id: "444000444", name: "Bakery")
        let driver = OAuthDriver(app: app, session: try app.login(email: "admin@acme.test"))
        let first = try driver.connect([["page_id": page.id]])
        let id = try #require(first.first?["channel_id"] as? Int)
        try ChannelStore(core: app.core).markNeedsReauth(tenantID: t.tenant.id, id: Int64(id), reason: "token died")
        // The page gets a new token (e.g. after a password change) and the admin logs in again.
        var renewed = page
        renewed.accessToken = "EAAPageRenewed0000000000000001"
        fake.addPage(renewed)
        let second = try driver.connect([["page_id": page.id]])
        #expect(second.first?["status"] as? String == "connected")
        #expect(second.first?["channel_id"] as? Int == id)
        let ch = try #require(try ChannelStore(core: app.core).get(tenantID: t.tenant.id, id: Int64(id)))
        #expect(ch.status == "active")
        #expect(ch.lastError == nil)
        #expect(try ChannelStore(core: app.core).token(ch) == renewed.accessToken)
        #expect(try ChannelStore(core: app.core).list(tenantID: t.tenant.id).count == 1)
    }

    @Test func failedSubscriptionLeavesThePageUnconnected() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let fake = try #require(app.graph)
        let t = try app.createTenant()
        let page = fake.addPage(id: "555000555", name: "Florist")
        let driver = OAuthDriver(app: app, session: try app.login(email: "admin@acme.test"))
        let picker = try driver.pickerID()
        fake.inject(.fail(.permission("The user must have the MODERATE task")), method: "POST", pathContains: "/subscribed_apps")
        let r = try driver.session.post("/api/v1/oauth/meta/pickers/\(picker)/connect", ["pages": [["page_id": page.id]]])
        let result = try #require((r.json["results"] as? [[String: Any]])?.first)
        #expect(result["status"] as? String == "failed")
        #expect((result["message"] as? String)?.contains("permission") == true)
        #expect(try ChannelStore(core: app.core).list(tenantID: t.tenant.id).isEmpty)
        #expect(try ChannelStore(core: app.core).route(RouteKey(provider: "messenger", externalID: page.id)) == nil)
    }
}
