import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

/// The periodic job (subscriptions, dead tokens) and the contact-name filler.
@Suite struct ChannelMaintenanceTests {
    @Test func vanishedSubscriptionIsRestoredAndDeadTokensAreMarked() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let fake = try #require(app.graph)
        let t = try app.createTenant()
        let a = fake.addPage(id: "130000013", name: "Bike Shop", instagramID: "17841400000013")
        let b = fake.addPage(id: "140000014", name: "Book Shop")
        let results = try OAuthDriver(app: app, session: try app.login(email: "admin@acme.test"))
            .connect([["page_id": a.id, "include_instagram": true], ["page_id": b.id]])
        #expect(results.count == 3)

        // Meta dropped page A's subscription (e.g. after webhook failures).
        let drop = try LoopbackClient(port: fake.port).request("DELETE", "/v23.0/\(a.id)/subscribed_apps?access_token=\(a.accessToken)")
        #expect(drop.status == 200)
        #expect(fake.subscribedFields(page: a.id) == nil)
        fake.clearRequests()
        let first = app.app.channelMaintenance.runOnce()
        #expect(first.checked == 2)  // one lookup per page: the Instagram account shares page A's
        #expect(first.resubscribed == 1)
        #expect(first.needsReauth == 0)
        #expect(fake.subscribedFields(page: a.id)?.contains("messages") == true)
        #expect(fake.requests("GET", path: "/\(a.id)/subscribed_apps").count == 1)
        #expect(fake.requests("GET", path: "/debug_token").isEmpty)  // the periodic pass stays cheap
        let checked = try MetaLinkStore(db: app.core.control).links(tenantID: t.tenant.id)
        #expect(checked.filter { $0.checkedAt != nil }.count == 2)

        fake.revokeToken(b.accessToken, subcode: 492)
        let second = app.app.channelMaintenance.runOnce()
        #expect(second.needsReauth == 1)
        let bookShop = try #require(try ChannelStore(core: app.core).list(tenantID: t.tenant.id).first { $0.externalID == b.id })
        #expect(bookShop.status == "needs_reauth")
        #expect(bookShop.lastError?.contains("Reconnect") == true)
        // needs_reauth channels are not polled again until someone reconnects them.
        fake.clearRequests()
        #expect(app.app.channelMaintenance.runOnce().checked == 1)
        #expect(fake.requests("GET", path: "/\(b.id)/subscribed_apps").isEmpty)
    }

    @Test func profileNamesAreFilledAndRefusalsLeaveThemEmpty() throws {
        let app = try TestApp(fakeGraph: true)
        defer { app.stop() }
        let fake = try #require(app.graph)
        let t = try app.createTenant()
        let page = fake.addPage(id: "150000015", name: "Gym", instagramID: "17841400000015")
        let results = try OAuthDriver(app: app, session: try app.login(email: "admin@acme.test"))
            .connect([["page_id": page.id, "include_instagram": true]])
        let messengerID = try #require(results.first { $0["kind"] as? String == "messenger" }?["channel_id"] as? Int)
        let igID = try #require(results.first { $0["kind"] as? String == "instagram" }?["channel_id"] as? Int)
        let sandbox = try ChannelStore(core: app.core).connect(tenantID: t.tenant.id, kind: .messenger, externalID: "sandbox-page", name: "Demo", token: "sandbox-token")

        fake.addProfile(id: "PSID-PETER", fields: ["first_name": "Peter", "last_name": "Chang"])
        fake.addProfile(id: "IGSID-MIA", fields: ["name": "", "username": "mia.rose"])
        let peter = try ChannelTestData.conversation(app, tenantID: t.tenant.id, channelID: Int64(messengerID), psid: "PSID-PETER")
        let mia = try ChannelTestData.conversation(app, tenantID: t.tenant.id, channelID: Int64(igID), psid: "IGSID-MIA")
        let phoneOnly = try ChannelTestData.conversation(app, tenantID: t.tenant.id, channelID: Int64(messengerID), psid: "PSID-PHONE")
        let demo = try ChannelTestData.conversation(app, tenantID: t.tenant.id, channelID: sandbox.id, psid: "PSID-DEMO")
        fake.inject(.fail(GraphFailure(code: 100, subcode: 2018218, message: "No profile available for this user.")), method: "GET", pathContains: "PSID-PHONE")

        let filled = app.app.channelMaintenance.profiles.pass()
        #expect(filled == 2)
        let db = try app.core.tenants.database(t.tenant.id)
        func name(_ id: Int64) throws -> String { try ContactStore(db: db).contact(id: id)?.name ?? "?" }
        #expect(try name(peter.contact) == "Peter Chang")
        #expect(try name(mia.contact) == "@mia.rose")
        #expect(try name(phoneOnly.contact) == "")
        #expect(try name(demo.contact) == "")
        #expect(fake.requests(path: "/PSID-DEMO").isEmpty)
        #expect(fake.requests("GET", path: "/PSID-PETER").first?.params["fields"] == "first_name,last_name,profile_pic")
        #expect(fake.requests("GET", path: "/IGSID-MIA").first?.params["fields"] == "name,username")

        // A refusal is not asked again on the next minute's pass.
        fake.clearRequests()
        #expect(app.app.channelMaintenance.profiles.pass() == 0)
        #expect(fake.requests(path: "/PSID-PHONE").isEmpty)
    }
}
