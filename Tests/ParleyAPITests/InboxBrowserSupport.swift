import Foundation
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// A running app with two Messenger pages, an admin, an agent who may see only the first page and a canned reply:
/// the shared set-up of the inbox browser tests.
struct InboxBrowserFixture {
    let t: TestApp
    let tenant: Tenant
    let downtown: Channel
    let harbour: Channel
    let admin: APISession
    let agentEmail = "agent@acme.test"

    /// Starts the app and seeds it.
    static func start() throws -> InboxBrowserFixture {
        let t = try TestApp(fakeGraph: true)
        do {
            let tenant = try t.createTenant().tenant
            guard let graph = t.graph else { throw TestError("no fake Graph API") }
            graph.addPage(id: "111", name: "Downtown", accessToken: "page-token-111")
            graph.addPage(id: "222", name: "Harbour", accessToken: "page-token-222")
            let store = ChannelStore(core: t.core)
            let downtown = try store.connect(tenantID: tenant.id, kind: .messenger, externalID: "111", name: "Downtown", token: "page-token-111")
            let harbour = try store.connect(tenantID: tenant.id, kind: .messenger, externalID: "222", name: "Harbour", token: "page-token-222")
            let db = try t.core.tenants.database(tenant.id)
            _ = try LabelStore(db: db).saveCanned(id: nil, shortcut: "hours", text: "We are open every day from 8 to 18.")
            let agent = try t.addUser(tenant: tenant, email: "agent@acme.test", role: .agent, name: "Alex Agent")
            try ChannelAccess(db: db).set(channelID: downtown.id, userIDs: [agent.id], teamIDs: [])
            let admin = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)
            return InboxBrowserFixture(t: t, tenant: tenant, downtown: downtown, harbour: harbour, admin: admin)
        } catch {
            t.stop()
            throw error
        }
    }

    /// Delivers a signed Messenger text webhook from a customer to a page.
    func inbound(page: String, psid: String, text: String, mid: String = "m_" + UUID().uuidString) throws {
        t.graph?.recordInbound(page: page, psid: psid)
        let r = try MetaWebhookSender.deliver(MetaWebhookSender.messengerText(pageID: page, psid: psid, text: text, mid: mid), to: t.client)
        guard r.status == 200 else { throw TestError("webhook answered \(r.status)") }
    }

    /// Delivers a Messenger delivery receipt for a sent message id.
    func delivered(page: String, psid: String, mid: String) throws {
        let now = MetaWebhookSender.millis(Date())
        let payload: [String: Any] = ["object": "page", "entry": [["id": page, "time": now, "messaging": [[
            "sender": ["id": psid], "recipient": ["id": page], "timestamp": now,
            "delivery": ["mids": [mid], "watermark": now]]]]]]
        let r = try MetaWebhookSender.deliver(payload, to: t.client)
        guard r.status == 200 else { throw TestError("delivery webhook answered \(r.status)") }
    }

    /// The conversations the admin API lists (all statuses).
    func conversations() throws -> [[String: Any]] {
        try admin.get("/api/v1/conversations?status=all").json["conversations"] as? [[String: Any]] ?? []
    }

}

/// Inbox-specific browser steps.
extension WebDriver {
    /// Signs in through the real login page and waits for the inbox list.
    func signIn(_ base: String, email: String, password: String = TestApp.defaultPassword) throws {
        try signIn(base, email: email, password: password, ready: "location.pathname === '/inbox' && !!document.querySelector('.inbox .conv-list')")
    }

    /// The list's conversation ids, top to bottom.
    func listIDs() throws -> [Int] {
        try execute("return [...document.querySelectorAll('.conv')].map(e => Number(e.dataset.id))") as? [Int] ?? []
    }

    /// Waits until the list shows exactly these conversations (order-insensitive).
    func waitForList(_ ids: Set<Int>, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [Int] = []
        repeat {
            last = try listIDs()
            if Set(last) == ids && last.count == ids.count { return }
            usleep(100_000)
        } while Date() < deadline
        throw TestError("list stayed \(last), wanted \(ids.sorted())")
    }

    /// Sets a select's value the way a user's choice does (a change event).
    func choose(_ css: String, value: String) throws {
        let ok = try execute("""
            const s = document.querySelector(arguments[0]); if (!s) return false;
            s.value = arguments[1]; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value === arguments[1];
            """, [css, value]) as? Bool ?? false
        guard ok else { throw TestError("\(css) has no option \(value)") }
    }

    /// Presses an inbox shortcut key with focus outside any input.
    func pressShortcut(_ key: String) throws {
        try execute("""
            if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
            document.body.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], bubbles: true}));
            """, [key])
    }

    /// Opens a conversation from the list and waits for its messages.
    func openConversation(_ id: Int) throws {
        try click(try waitFor(".conv[data-id='\(id)']"))
        try waitUntil("return new URLSearchParams(location.search).get('c') === '\(id)' && !document.querySelector('.thread-log .loading') && !document.querySelector('.thread-body').hidden")
    }

    /// A JavaScript string literal.
    static func jsString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
