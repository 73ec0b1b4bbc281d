import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Settings in real headless Chromium against a real server: users and per-role sections, API tokens shown once
/// and revoked, Facebook Login through the FakeGraphAPI's dialog into the page picker, and the audit log.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct SettingsBrowserTests {
    @Test func adminAddsAnAgentInUsersAndTheAgentSeesOnlyTheirSections() throws {
        let (t, browser) = try SettingsBrowserFixture.signedInAdmin()
        defer { browser.quit(); t.stop() }
        try browser.settingsOpen(t.baseURL, "/settings/users")
        #expect(try browser.settingsSections() == ["account", "users", "teams", "channels", "business", "locations", "labels", "canned", "tokens", "audit", "webhooks", "system"])
        try browser.waitFor("#users-table")

        // Local checks first: an empty form is refused in place, with the messages under the fields.
        try browser.click("#user-add")
        try browser.waitFor("#user-form", visible: true)
        try browser.click("#user-save")
        try browser.waitUntil("return document.querySelectorAll('#user-form [aria-invalid=\"true\"]').length === 3")
        // The server's own field errors land under the field too (a taken e-mail).
        try browser.type(into: "#user-name-input", "Alex Agent")
        try browser.type(into: "#user-email", "admin@acme.test")
        try browser.type(into: "#user-password", "a long enough password")
        try browser.click("#user-save")
        try browser.waitUntil("return !!document.querySelector('#user-form .alert').textContent || [...document.querySelectorAll('#user-form .field-error')].some(e => !e.hidden)")
        try browser.screenshot(named: "settings-users-form-1280")
        try browser.clear(try browser.find("#user-email"))
        try browser.type(into: "#user-email", "alex@acme.test")
        try browser.settingsSet("#user-role-select", "agent")
        try browser.click("#user-save")
        try browser.waitUntil("return !document.querySelector('#user-form') && document.querySelector('#users-table').textContent.includes('alex@acme.test')")
        #expect(try browser.text(of: ".toast").contains("Alex Agent"))
        try browser.settingsScreenshot("settings-users-1280", width: 1280)
        try browser.settingsScreenshot("settings-users-390", width: 390, height: 844)

        let admin = try t.login(email: "admin@acme.test")
        let users = try admin.get("/api/v1/users").json["users"] as? [[String: Any]] ?? []
        let alex = try #require(users.first { $0["email"] as? String == "alex@acme.test" })
        #expect(alex["role"] as? String == "agent")
        #expect(alex["active"] as? Bool == true)

        // Sign out; the new agent signs in with the password the admin set and sees only their own sections.
        try browser.click("#sign-out")
        try browser.waitUntil("return location.pathname === '/login'")
        try browser.settingsSignIn(t.baseURL, email: "alex@acme.test", password: "a long enough password")
        try browser.settingsOpen(t.baseURL, "/settings")
        let sections = try browser.settingsSections()
        #expect(sections == ["account", "tokens"])
        #expect(!sections.contains("users") && !sections.contains("audit"))
        #expect(try browser.text(of: ".settings-panel").contains("alex@acme.test"))
        // Typing the Users address still shows only what the agent may use.
        try browser.settingsOpen(t.baseURL, "/settings/users")
        #expect(try browser.execute("return location.pathname") as? String == "/settings/account")
        #expect(try browser.findAll("#users-table").isEmpty)
    }

    @Test func businessProfileSavesTheNameAndTheAISwitch() throws {
        let (t, browser) = try SettingsBrowserFixture.signedInAdmin()
        defer { browser.quit(); t.stop() }
        try browser.settingsOpen(t.baseURL, "/settings/business")
        try browser.waitFor("#business-form")
        // No AI server in this configuration: the page says templates are used either way.
        #expect(try browser.text(of: "#business-ai-state").contains("No AI server is configured"))
        #expect(try browser.execute("return document.querySelector('#business-ai').checked") as? Bool == true)
        try browser.clear(try browser.find("#business-name"))
        try browser.type(into: "#business-name", "Cafe Luna Harbour")
        try browser.type(into: "#business-description", "Family café by the harbour.")
        try browser.click("#business-ai")
        try browser.click("#business-save")
        try browser.waitUntil("return !!document.querySelector('.toast') && document.querySelector('.toast').textContent.includes('saved')")
        let saved = try t.login(email: "admin@acme.test").get("/api/v1/settings/business").json
        #expect(saved["name"] as? String == "Cafe Luna Harbour" && saved["description"] as? String == "Family café by the harbour.")
        #expect(saved["ai_captions"] as? Bool == false)
        // A reload shows what was stored.
        try browser.settingsOpen(t.baseURL, "/settings/business")
        try browser.waitFor("#business-form")
        #expect(try browser.execute("return document.querySelector('#business-ai').checked") as? Bool == false)
        #expect(try browser.execute("return document.querySelector('#business-name').value") as? String == "Cafe Luna Harbour")
        try browser.settingsScreenshot("settings-business-1280", width: 1280)
    }

    @Test func aTokenIsShownOnceAndStopsWorkingWhenRevoked() throws {
        let t = try TestApp()
        defer { t.stop() }
        let tenant = try t.createTenant().tenant
        try t.addUser(tenant: tenant, email: "sam@acme.test", role: .agent, name: "Sam")
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.settingsSignIn(t.baseURL, email: "sam@acme.test")
        try browser.settingsOpen(t.baseURL, "/settings/tokens")
        try browser.waitFor(".settings-empty")

        try browser.click("#token-create")
        try browser.waitUntil("return document.querySelector('#token-form [aria-invalid=\"true\"]') !== null")
        try browser.type(into: "#token-name", "Zapier")
        try browser.click("#token-create")
        let secretField = try browser.waitFor("#token-secret", visible: true)
        let secret = try browser.property(secretField, "value") as? String ?? ""
        #expect(secret.count >= 20)
        #expect(try browser.text(of: ".token-reveal").contains("won’t see it again"))
        try browser.waitFor("#tokens-table tr[data-token-id]")
        try browser.screenshot(named: "settings-token-1280")

        let bearer = t.bearer(secret)
        #expect(try bearer.get("/api/v1/auth/me").status == 200)

        // After a reload the secret is gone from the page for good.
        try browser.settingsOpen(t.baseURL, "/settings/tokens")
        try browser.waitFor("#tokens-table tr[data-token-id]")
        #expect(try browser.findAll("#token-secret").isEmpty)
        #expect(!(try browser.source().contains(secret)))

        // Revoke asks first; after confirming, the token is marked revoked and the API refuses it.
        try browser.click(".token-revoke")
        try browser.waitFor(".settings-dialog--confirm", visible: true)
        try browser.click(".confirm-ok")
        try browser.waitUntil("return document.querySelector('#tokens-table').textContent.includes('Revoked') && !document.querySelector('.token-revoke')")
        #expect(try bearer.get("/api/v1/auth/me").status == 401)
    }

    @Test func facebookConnectGoesThroughTheDialogAndThePickerToActiveChannels() throws {
        let t = try TestApp(fakeGraph: true)
        defer { t.stop() }
        let graph = try #require(t.graph)
        try t.createTenant()
        graph.addPage(id: "111000111", name: "Corner Shop", instagramID: "17841400000001")
        graph.addPage(id: "222000222", name: "Cafe Harbour")
        let admin = try t.login(email: "admin@acme.test")
        let loc = try admin.post("/api/v1/locations", ["name": "Downtown", "address": "1 Main Street"])
        let locationID = try #require((loc.json["location"] as? [String: Any])?["id"] as? Int)

        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.settingsSignIn(t.baseURL, email: "admin@acme.test")
        try browser.settingsOpen(t.baseURL, "/settings/channels")
        try browser.waitFor(".settings-empty")

        // Connect → the fake's dialog grants at once and redirects to the callback → back to the picker.
        try browser.click("#connect-facebook")
        try browser.waitUntil("return location.pathname === '/settings/channels' && new URLSearchParams(location.search).has('picker')", timeout: 15)
        try browser.waitFor("#picker .picker-page[data-page-id='222000222']", timeout: 10)
        #expect(try browser.findAll("#picker .picker-page").count == 2)
        #expect(try browser.property(try browser.find("#picker-connect"), "disabled") as? Bool == true)

        // Choose Corner Shop with its Instagram account, in Downtown; leave Cafe Harbour out.
        try browser.click("[data-page-id='111000111'] .picker-page-box")
        let ig = try browser.find("[data-page-id='111000111'] .picker-ig-box")
        #expect(try browser.property(ig, "checked") as? Bool == true)
        #expect(try browser.property(ig, "disabled") as? Bool == false)
        try browser.settingsSet("[data-page-id='111000111'] .picker-location", String(locationID))
        #expect(try browser.text(of: ".picker-count").contains("1 page"))
        try browser.settingsScreenshot("settings-channels-picker-1280", width: 1280)
        try browser.settingsScreenshot("settings-channels-picker-390", width: 390, height: 844, scrollTo: "#picker")

        try browser.click("#picker-connect")
        try browser.waitFor("#picker-results li", timeout: 15)
        let statuses = try browser.execute("return [...document.querySelectorAll('#picker-results li')].map(li => li.dataset.status)") as? [String] ?? []
        #expect(statuses == ["connected", "connected"])
        try browser.click("#picker-done")
        try browser.waitUntil("return !document.querySelector('#picker') && location.search === ''")
        try browser.waitUntil("return document.querySelectorAll('#channels-list .channel-row[data-status=\"active\"]').length === 2")
        let kinds = try browser.execute("return [...document.querySelectorAll('#channels-list .channel-row')].map(r => r.dataset.kind).sort()") as? [String] ?? []
        #expect(kinds == ["instagram", "messenger"])
        #expect(try browser.text(of: "#channels-list").contains("Downtown"))
        try browser.settingsScreenshot("settings-channels-1280", width: 1280)
        try browser.settingsScreenshot("settings-channels-390", width: 390, height: 844)

        let channels = try admin.get("/api/v1/channels").json["channels"] as? [[String: Any]] ?? []
        #expect(channels.count == 2)
        #expect(channels.allSatisfy { $0["status"] as? String == "active" && $0["location_id"] as? Int == locationID })
        #expect(graph.subscribedFields(page: "111000111") != nil)
        #expect(graph.subscribedFields(page: "222000222") == nil)

        // Check health explains itself in words.
        try browser.click("#channels-list .channel-row[data-kind='messenger'] .channel-health")
        try browser.waitFor("#health-verdict", timeout: 15)
        #expect(!(try browser.text(of: "#health-verdict")).isEmpty)
    }

    @Test func auditLogShowsTheSignInAndTheUserCreation() throws {
        let (t, browser) = try SettingsBrowserFixture.signedInAdmin()
        defer { browser.quit(); t.stop() }
        let admin = try t.login(email: "admin@acme.test")
        let made = try admin.post("/api/v1/users", ["email": "dana@acme.test", "name": "Dana", "role": "viewer", "password": "a long enough password"])
        #expect(made.status == 201)

        try browser.settingsOpen(t.baseURL, "/settings/audit")
        try browser.waitFor("#audit-table")
        let actions = try browser.execute("return [...document.querySelectorAll('#audit-table tbody tr')].map(r => r.dataset.action)") as? [String] ?? []
        #expect(actions.contains("auth.login"))
        #expect(actions.contains("user.create"))
        #expect(try browser.text(of: "#audit-table").contains("dana@acme.test as viewer"))

        // The action filter narrows the table to the creation.
        try browser.type(into: "#audit-action", "user.create")
        try browser.click(".audit-filters button[type='submit']")
        try browser.waitUntil("return [...document.querySelectorAll('#audit-table tbody tr')].every(r => r.dataset.action === 'user.create')")
        #expect(try browser.findAll("#audit-table tbody tr").count == 1)
        try browser.settingsScreenshot("settings-audit-1280", width: 1280)
    }

    @Test func systemTabShowsTheServerAndSavesAndRunsBackups() throws {
        let (t, browser) = try SettingsBrowserFixture.signedInAdmin()
        defer { browser.quit(); t.stop() }
        try browser.settingsOpen(t.baseURL, "/settings/system")
        try browser.waitFor("#system-facts")
        let facts = try browser.text(of: "#system-facts")
        #expect(facts.contains("Version") && facts.contains("Running for") && facts.contains("Scheduler delay"))
        #expect(try browser.text(of: "#system-webhooks").contains("Webhook health"))

        // One business on this server: the schedule form saves through the API.
        try browser.waitFor("#backup-form", visible: true)
        try browser.settingsSet("#backup-form [name='interval_hours']", "6")
        try browser.settingsSet("#backup-form [name='keep']", "3")
        try browser.click("#backup-form button[type='submit']")
        let admin = try t.login(email: "admin@acme.test")
        try Wait.until("backup schedule saved") {
            let page = try admin.get("/api/v1/system").json
            let settings = (page["backups"] as? [String: Any])?["settings"] as? [String: Any]
            return settings?["interval_hours"] as? Int == 6 && settings?["keep"] as? Int == 3
        }

        // "Back up now" shows the new result (ok or failed with its reason) in place of "no backup yet".
        #expect(try browser.text(of: "#backup-last").contains("No backup"))
        try browser.click("#backup-run")
        try browser.waitUntil("return !!document.querySelector('#backup-last .s-badge')", timeout: 30)
        #expect(try browser.text(of: "#backup-last").contains("Last backup"))
        try browser.settingsScreenshot("settings-system-1280", width: 1280)
    }
}
