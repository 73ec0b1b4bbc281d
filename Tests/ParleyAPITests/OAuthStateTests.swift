import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

/// RELIABILITY.md row 22: missing, wrong, replayed, expired and foreign `state` values are all refused with a readable
/// page, and nothing is stored.
@Suite struct OAuthStateTests {
    /// A refusal: an HTML page without script, no picker, no channel, no token exchange.
    func expectRefused(_ r: RawResponse, _ app: TestApp, status: Int, mentions: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(r.status == status, "\(r.text)", sourceLocation: sourceLocation)
        #expect(r.header("content-type")?.hasPrefix("text/html") == true, sourceLocation: sourceLocation)
        #expect(r.text.contains(mentions), "\(r.text)", sourceLocation: sourceLocation)
        #expect(!r.text.lowercased().contains("<script"), sourceLocation: sourceLocation)
        #expect(r.text.contains("href=\"/settings/channels\""), sourceLocation: sourceLocation)
        #expect(r.header("content-security-policy")?.contains("script-src 'self'") == true, sourceLocation: sourceLocation)
        #expect(try ChannelTestData.controlCount(app, "oauth_pickers") == 0, sourceLocation: sourceLocation)
        #expect(try ChannelTestData.controlCount(app, "routes") == 0, sourceLocation: sourceLocation)
    }

    func setup() throws -> (TestApp, OAuthDriver) {
        let app = try TestApp(fakeGraph: true)
        try app.createTenant()
        app.graph?.addPage(id: "900000001", name: "Page One")
        return (app, OAuthDriver(app: app, session: try app.login(email: "admin@acme.test")))
    }

    @Test func missingAndUnknownStatesAreRefused() throws {
        let (app, d) = try setup()
        defer { app.stop() }
        let code = try #require(app.graph).issueCode(redirectURI: app.baseURL + "/oauth/meta/callback")
        try expectRefused(try d.session.get("/oauth/meta/callback?code=\(code)"), app, status: 400, mentions: "security check")
        try expectRefused(try d.session.get("/oauth/meta/callback?code=\(code)&state=forged-state-value-000000000000"), app, status: 400, mentions: "security check")
        // Without any session as well.
        try expectRefused(try app.client.request("GET", "/oauth/meta/callback?code=\(code)&state=x"), app, status: 400, mentions: "security check")
        #expect(try #require(app.graph).requests("GET", path: "/oauth/access_token").isEmpty)
    }

    @Test func replayedStateIsRefused() throws {
        let (app, d) = try setup()
        defer { app.stop() }
        let callback = try d.dialog(try d.start())
        #expect(try d.session.get(callback).status == 303)
        try app.core.control.write { c in try c.run("DELETE FROM oauth_pickers", []) }
        try expectRefused(try d.session.get(callback), app, status: 400, mentions: "already used")
        #expect(try #require(app.graph).requests("GET", path: "/oauth/access_token").count == 2)  // the first round only
    }

    @Test func expiredStateIsRefused() throws {
        let (app, d) = try setup()
        defer { app.stop() }
        let callback = try d.dialog(try d.start())
        try app.core.control.write { c in try c.run("UPDATE oauth_states SET expires_at = ?", [Clock.nowSeconds() - 1]) }
        try expectRefused(try d.session.get(callback), app, status: 400, mentions: "expired")
        #expect(try #require(app.graph).requests("GET", path: "/oauth/access_token").isEmpty)
    }

    @Test func stateOfAnotherTenantsUserIsRefusedInThisSession() throws {
        let (app, d) = try setup()
        defer { app.stop() }
        try app.createTenant(slug: "beta", name: "Beta", adminEmail: "admin@beta.test")
        let other = try app.login(email: "admin@beta.test", tenant: "beta")
        let callback = try d.dialog(try d.start())
        try expectRefused(try other.get(callback), app, status: 403, mentions: "another Parley user")
        // …and the state is burnt, so the rightful user cannot be tricked into finishing it later either.
        try expectRefused(try d.session.get(callback), app, status: 400, mentions: "already used")
    }

    @Test func userWhoDeniesSeesAReadablePage() throws {
        let (app, d) = try setup()
        defer { app.stop() }
        try #require(app.graph).update { $0.dialogDenies = true }
        let callback = try d.dialog(try d.start())
        #expect(callback.contains("error=access_denied"))
        try expectRefused(try d.session.get(callback), app, status: 200, mentions: "cancelled")
        #expect(try #require(app.graph).requests("GET", path: "/oauth/access_token").isEmpty)
    }

    @Test func pickerIsOnlyVisibleToItsUser() throws {
        let (app, d) = try setup()
        defer { app.stop() }
        let picker = try d.pickerID()
        let tenant = try #require(try app.core.tenantStore.tenant(slug: "acme"))
        let manager = try app.addUser(tenant: tenant, email: "manager@acme.test", role: .manager)
        _ = manager
        let other = try app.login(email: "manager@acme.test")
        #expect(try other.get("/api/v1/oauth/meta/pickers/\(picker)").status == 404)
        #expect(try other.post("/api/v1/oauth/meta/pickers/\(picker)/connect", ["pages": [["page_id": "900000001"]]]).status == 404)
        let agent = try app.addUser(tenant: tenant, email: "agent@acme.test", role: .agent)
        _ = agent
        #expect(try app.login(email: "agent@acme.test").post("/api/v1/oauth/meta/start").status == 403)
        #expect(try d.session.get("/api/v1/oauth/meta/pickers/\(picker)").status == 200)
    }
}
