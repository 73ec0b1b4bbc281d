import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

/// The channels API: manual WhatsApp connect, list without token material, edit, disconnect, health, access.
@Suite struct ChannelAPITests {
    @Test func whatsappWithABadTokenIsRefusedAndNothingIsStored() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let t = try app.createTenant()
        let s = try app.login(email: "admin@acme.test")
        let r = try s.post("/api/v1/channels", ["kind": "whatsapp", "phone_number_id": "106540352242922", "waba_id": "102290129340398",
                                                "token": "EAAG-not-a-real-token", "name": "Support line"])
        #expect(r.status == 422)
        let fields = (r.json["error"] as? [String: Any])?["fields"] as? [String: String]
        #expect(fields?["token"]?.contains("did not accept this access token") == true)
        #expect(try ChannelStore(core: app.core).list(tenantID: t.tenant.id).isEmpty)
        #expect(try ChannelTestData.controlCount(app, "routes") == 0)
        #expect(ChannelTestData.filesContaining("EAAG-not-a-real-token", in: app.dataDir).isEmpty)
        #expect(try #require(app.graph).requests("POST", path: "/102290129340398/subscribed_apps").isEmpty)
        // Sandbox channels cannot be made through the API; pages go through Facebook Login.
        #expect(try s.post("/api/v1/channels", ["kind": "sandbox", "name": "x"]).status == 422)
        #expect(try s.post("/api/v1/channels", ["kind": "messenger", "name": "x"]).status == 422)
        #expect(try ChannelTestData.auditActions(app, tenantID: t.tenant.id).contains("channel.connect"))
    }

    @Test func whatsappWithAValidTokenIsSubscribedAndStoredSealed() throws {
        let phone = "106540352242922", waba = "102290129340398", token = "EAAGsystemUserToken000000000000000000"
        let stub = try StubServer([
            "GET /v23.0/\(phone)": { req in
                req.query["access_token"] == token ? .json("{\"display_phone_number\":\"+1 555 0100\",\"verified_name\":\"Acme\",\"id\":\"\(phone)\"}")
                    : .json("{\"error\":{\"message\":\"Invalid OAuth access token\",\"type\":\"OAuthException\",\"code\":190}}", status: 400)
            },
            "POST /v23.0/\(waba)/subscribed_apps": { _ in .json("{\"success\":true}") },
        ])
        defer { stub.stop() }
        let app = try TestApp { $0.metaGraphURL = stub.baseURL }
        defer { app.stop() }
        let t = try app.createTenant()
        let s = try app.login(email: "admin@acme.test")
        let loc = try s.post("/api/v1/locations", ["name": "Harbour", "address": "3 Pier Rd"])
        #expect(loc.status == 201)
        let locID = try #require((loc.json["location"] as? [String: Any])?["id"] as? Int)
        let r = try s.post("/api/v1/channels", ["kind": "whatsapp", "phone_number_id": phone, "waba_id": waba, "token": token,
                                                "name": "Support line", "location_id": locID])
        #expect(r.status == 201, "\(r.text)")
        let ch = try #require(r.json["channel"] as? [String: Any])
        #expect(ch["kind"] as? String == "whatsapp")
        #expect(ch["location_name"] as? String == "Harbour")
        #expect(stub.requests.contains { $0.method == "POST" && $0.path == "/v23.0/\(waba)/subscribed_apps" })
        let list = try s.get("/api/v1/channels")
        #expect(!list.text.contains(token) && !list.text.contains("token_sealed") && !list.text.contains("access_token"))
        #expect(ChannelTestData.filesContaining(token, in: app.dataDir).isEmpty)
        let stored = try #require(try ChannelStore(core: app.core).list(tenantID: t.tenant.id).first)
        #expect(try ChannelStore(core: app.core).token(stored) == token)
    }

    @Test func editDisconnectAndLocations() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let t = try app.createTenant()
        let s = try app.login(email: "admin@acme.test")
        let page = try #require(app.graph).addPage(id: "700000007", name: "Deli")
        let id = try #require(try OAuthDriver(app: app, session: s).connect([["page_id": page.id]]).first?["channel_id"] as? Int)
        let conv = try ChannelTestData.conversation(app, tenantID: t.tenant.id, channelID: Int64(id), psid: "PSID-1", name: "Ann")

        let loc = try #require((try s.post("/api/v1/locations", ["name": "Downtown"]).json["location"] as? [String: Any])?["id"] as? Int)
        #expect(try s.post("/api/v1/locations", ["name": "downtown"]).status == 422)
        let patched = try s.patch("/api/v1/channels/\(id)", ["name": "Deli (main)", "location_id": loc])
        #expect((patched.json["channel"] as? [String: Any])?["name"] as? String == "Deli (main)")
        #expect((patched.json["channel"] as? [String: Any])?["location_id"] as? Int == loc)
        #expect(try s.patch("/api/v1/channels/\(id)", ["location_id": 999]).status == 422)
        let cleared = try s.patch("/api/v1/channels/\(id)", ["location_id": NSNull()])
        #expect((cleared.json["channel"] as? [String: Any])?["location_id"] == nil)
        #expect(try s.get("/api/v1/locations").json["locations"] as? [[String: Any]] != nil)
        #expect(try s.delete("/api/v1/locations/\(loc)").status == 204)

        #expect(try s.delete("/api/v1/channels/\(id)").status == 204)
        let after = try #require((try s.get("/api/v1/channels").json["channels"] as? [[String: Any]])?.first)
        #expect(after["status"] as? String == "disconnected")
        #expect(try ChannelStore(core: app.core).route(RouteKey(provider: "messenger", externalID: page.id)) == nil)
        #expect(try s.get("/api/v1/conversations/\(conv.conversation)").status == 200)  // history kept
        let actions = try ChannelTestData.auditActions(app, tenantID: t.tenant.id)
        #expect(actions.contains("channel.update") && actions.contains("channel.disconnect") && actions.contains("location.create"))
    }

    @Test func healthWithARevokedTokenMarksNeedsReauth() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let fake = try #require(app.graph)
        let t = try app.createTenant()
        let s = try app.login(email: "admin@acme.test")
        let page = fake.addPage(id: "800000008", name: "Garage")
        let id = try #require(try OAuthDriver(app: app, session: s).connect([["page_id": page.id]]).first?["channel_id"] as? Int)

        let healthy = try s.get("/api/v1/channels/\(id)/health")
        #expect(healthy.status == 200)
        #expect((healthy.json["token"] as? [String: Any])?["valid"] as? Bool == true)
        #expect((healthy.json["subscription"] as? [String: Any])?["present"] as? Bool == true)
        #expect((healthy.json["problems"] as? [String])?.isEmpty == true)

        fake.revokeToken(page.accessToken, subcode: 460)
        let sick = try s.get("/api/v1/channels/\(id)/health")
        #expect(sick.json["status"] as? String == "needs_reauth")
        #expect((sick.json["problems"] as? [String])?.first?.contains("Reconnect") == true)
        let listed = try #require((try s.get("/api/v1/channels").json["channels"] as? [[String: Any]])?.first)
        #expect(listed["status"] as? String == "needs_reauth")
        #expect((listed["last_error"] as? String)?.isEmpty == false)
        #expect(try ChannelStore(core: app.core).get(tenantID: t.tenant.id, id: Int64(id))?.status == "needs_reauth")
    }

    @Test func agentsSeeOnlyGrantedChannelsAndAccessChangesAreAudited() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let t = try app.createTenant()
        let admin = try app.login(email: "admin@acme.test")
        let page = try #require(app.graph).addPage(id: "600000006", name: "Tailor")
        let id = try #require(try OAuthDriver(app: app, session: admin).connect([["page_id": page.id]]).first?["channel_id"] as? Int)
        let conv = try ChannelTestData.conversation(app, tenantID: t.tenant.id, channelID: Int64(id), psid: "PSID-9")
        let agentUser = try app.addUser(tenant: t.tenant, email: "agent@acme.test", role: .agent)
        let agent = try app.login(email: "agent@acme.test")

        #expect(try agent.get("/api/v1/conversations/\(conv.conversation)").status == 404)
        #expect((try agent.get("/api/v1/channels").json["channels"] as? [[String: Any]])?.isEmpty == true)
        #expect(try agent.get("/api/v1/channels/\(id)/health").status == 404)
        #expect(try agent.put("/api/v1/channels/\(id)/access", ["user_ids": [agentUser.id]]).status == 403)
        #expect(try admin.get("/api/v1/conversations/\(conv.conversation)").status == 200)

        let put = try admin.put("/api/v1/channels/\(id)/access", ["user_ids": [agentUser.id], "team_ids": []])
        #expect(put.status == 200)
        #expect(put.json["user_ids"] as? [Int] == [Int(agentUser.id)])
        #expect(try admin.get("/api/v1/channels/\(id)/access").json["user_ids"] as? [Int] == [Int(agentUser.id)])
        #expect(try agent.get("/api/v1/conversations/\(conv.conversation)").status == 200)
        #expect((try agent.get("/api/v1/channels").json["channels"] as? [[String: Any]])?.count == 1)
        #expect(try admin.put("/api/v1/channels/\(id)/access", ["user_ids": [424242]]).status == 422)
        #expect(try ChannelTestData.auditActions(app, tenantID: t.tenant.id).contains("channel.access"))
    }
}
