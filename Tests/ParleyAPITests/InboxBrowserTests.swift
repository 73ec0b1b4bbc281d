import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The inbox page in real headless Chromium against a real server: live updates, replies with delivery state,
/// filters and search, canned replies, assignment and resolving, per-page access, screenshots at two sizes.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct InboxBrowserTests {
    /// Finds a conversation id by the preview of its last message (API side).
    static func conversationID(_ f: InboxBrowserFixture, preview: String) throws -> Int {
        var id = 0
        try Wait.until("conversation '\(preview)'") {
            id = try f.conversations().first { ($0["last_message_preview"] as? String ?? "").contains(preview) }?["id"] as? Int ?? 0
            return id > 0
        }
        return id
    }

    @Test func adminWorksAConversationLiveFromFirstMessageToResolved() throws {
        let f = try InboxBrowserFixture.start()
        defer { f.t.stop() }
        let graph = try #require(f.t.graph)
        try f.inbound(page: "111", psid: "psid-ana", text: "Hi! Do you have oat milk?")
        try f.inbound(page: "222", psid: "psid-ben", text: "Table for six on Friday?")
        let ana = try Self.conversationID(f, preview: "oat milk")
        let ben = try Self.conversationID(f, preview: "Table for six")

        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.signIn(f.t.baseURL, email: "admin@acme.test")
        try browser.waitForList([ana, ben])
        try browser.waitFor(".live-state.is-live", timeout: 10)
        try browser.screenshot(named: "inbox-list-1280")

        // Filters and search narrow the list; clearing them brings everything back.
        try browser.choose("#filter-channel", value: String(f.harbour.id))
        try browser.waitForList([ben])
        try browser.choose("#filter-channel", value: "")
        try browser.waitForList([ana, ben])
        try browser.type(into: "#inbox-search", "oat")
        try browser.waitForList([ana])
        try browser.clear(try browser.find("#inbox-search"))
        try browser.execute("document.querySelector('#inbox-search').dispatchEvent(new Event('input'))")
        try browser.waitForList([ana, ben])

        // Open a conversation: the URL remembers it, the unread badge goes.
        try browser.openConversation(ana)
        #expect(try browser.text(of: ".thread-log").contains("Do you have oat milk?"))
        try browser.waitUntil("return !document.querySelector(\".conv[data-id='\(ana)'] .badge--unread\")")

        // A webhook while the inbox is open: the thread and the list update without a reload; a new customer appears.
        try f.inbound(page: "111", psid: "psid-ana", text: "Also, are you open on Sunday?")
        try browser.waitUntil("return [...document.querySelectorAll('.msg--in')].some(m => m.textContent.includes('open on Sunday'))")
        try browser.waitUntil("return document.querySelector(\".conv[data-id='\(ana)'] .conv-preview\")?.textContent.includes('open on Sunday')")
        try f.inbound(page: "111", psid: "psid-cleo", text: "Do you deliver?")
        let cleo = try Self.conversationID(f, preview: "Do you deliver")
        try browser.waitForList([ana, ben, cleo])
        #expect(try browser.listIDs().first == cleo, "newest conversation first")

        // Reply with Enter: shown at once as queued/sent, then delivered after Meta's delivery webhook.
        let reply = try browser.find(".composer-input")
        try browser.type(into: reply, "Yes, oat milk and soy milk.\u{E007}")
        try browser.waitFor(".msg--out", timeout: 5)
        let firstState = try browser.execute("return document.querySelector('.msg--out').dataset.status") as? String ?? ""
        #expect(["queued", "sending", "sent"].contains(firstState))
        try Wait.until("the Send API call") { !graph.sentMessages.isEmpty }
        #expect(graph.sentMessages.first?.text == "Yes, oat milk and soy milk.")
        try browser.waitFor(".msg--out[data-status='sent']", timeout: 10)
        var mid = ""
        try Wait.until("the provider id") {
            let thread = try f.admin.get("/api/v1/conversations/\(ana)/messages").json["messages"] as? [[String: Any]] ?? []
            mid = thread.first { $0["direction"] as? String == "out" }?["external_id"] as? String ?? ""
            return !mid.isEmpty
        }
        try f.delivered(page: "111", psid: "psid-ana", mid: mid)
        try browser.waitFor(".msg--out[data-status='delivered']", timeout: 10)
        #expect(try browser.text(of: ".msg--out .msg-status").contains("Delivered"))
        #expect(try browser.property(reply, "value") as? String == "")

        // Canned reply: "/" opens the picker, typing searches, Enter picks.
        try browser.type(into: reply, "/hou")
        try browser.waitFor(".canned-picker .canned-option", timeout: 5, visible: true)
        try browser.type(into: reply, "\u{E007}")
        try browser.waitUntil("return document.querySelector('.composer-input').value === 'We are open every day from 8 to 18.'")
        try browser.type(into: reply, "\u{E007}")
        try browser.waitUntil("return [...document.querySelectorAll('.msg--out')].some(m => m.textContent.includes('every day from 8 to 18'))")

        // A private note: yellow, labelled, never sent to Meta.
        try browser.click(".composer-note-toggle")
        try browser.type(into: reply, "Regular customer, likes window seats.\u{E007}")
        try browser.waitFor(".note", timeout: 5)
        #expect(try browser.text(of: ".note").contains("Private note"))
        #expect(!graph.sentMessages.contains { ($0.text ?? "").contains("window seats") })
        try browser.click(".composer-note-toggle")
        try browser.screenshot(named: "inbox-conversation-1280")

        // Assign to me from the side panel ("a" focuses it); the Mine filter shows it.
        try browser.pressShortcut("a")
        #expect(try browser.execute("return document.activeElement.id") as? String == "assign-user")
        let me = try #require(try f.admin.get("/api/v1/auth/me").json["user"] as? [String: Any])
        try browser.choose("#assign-user", value: String(try #require(me["id"] as? Int)))
        try Wait.until("the assignment") {
            try f.admin.get("/api/v1/conversations/\(ana)").json["conversation"].flatMap { ($0 as? [String: Any])?["assignee_id"] as? Int } == me["id"] as? Int
        }
        try browser.click(".segment[data-assignee='me']")
        try browser.waitForList([ana])

        // Resolve with "e": it leaves the Open tab and shows under Resolved.
        try browser.pressShortcut("e")
        try browser.waitForList([])
        #expect(try browser.text(of: ".thread-resolve") == "Reopen")
        try browser.click(".status-tab[data-status='resolved']")
        try browser.waitForList([ana])

        // Reload keeps the open conversation (?c=).
        try browser.navigate(f.t.baseURL + "/inbox?c=\(ana)")
        try browser.waitUntil("return document.querySelector('.thread-title')?.textContent.length > 0 && document.querySelectorAll('.msg').length >= 4")

        // The shortcut overlay.
        try browser.pressShortcut("?")
        try browser.waitFor("dialog#shortcuts[open]", timeout: 5)
        try browser.execute("document.querySelector('dialog#shortcuts').close()")

        // Phone width: one pane at a time, with a back button.
        try browser.setWindowSize(width: 390, height: 844)
        try browser.waitFor(".thread-back", timeout: 5, visible: true)
        #expect(try !browser.isDisplayed(try browser.find(".inbox-list-pane")))
        try browser.screenshot(named: "inbox-conversation-390")
        try browser.click(".thread-back")
        try browser.waitFor(".inbox-list-pane", timeout: 5, visible: true)
        try browser.click(".segment[data-assignee='all']")
        try browser.click(".status-tab[data-status='open']")
        try browser.waitForList([ben, cleo])
        try browser.screenshot(named: "inbox-list-390")
        #expect(try browser.execute("return document.documentElement.scrollWidth <= innerWidth") as? Bool == true, "no sideways scrolling")
    }

    @Test func agentNeverSeesConversationsOfAPageTheyCannotAccess() throws {
        let f = try InboxBrowserFixture.start()
        defer { f.t.stop() }
        try f.inbound(page: "111", psid: "psid-ana", text: "Downtown question")
        try f.inbound(page: "222", psid: "psid-ben", text: "Harbour secret")
        let ana = try Self.conversationID(f, preview: "Downtown question")
        let ben = try Self.conversationID(f, preview: "Harbour secret")

        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.signIn(f.t.baseURL, email: f.agentEmail)
        try browser.waitForList([ana])
        try browser.waitFor(".live-state.is-live", timeout: 10)

        // A new Harbour message arrives live: still invisible; a Downtown one shows up.
        try f.inbound(page: "222", psid: "psid-ben", text: "Harbour again")
        try f.inbound(page: "111", psid: "psid-dia", text: "Downtown news")
        let dia = try Self.conversationID(f, preview: "Downtown news")
        try browser.waitForList([ana, dia])
        #expect(try !browser.text(of: ".conv-list").contains("Harbour"))

        // Search and a direct link do not leak it either.
        try browser.type(into: "#inbox-search", "Harbour")
        try browser.waitUntil("return document.querySelector('.conv-list-status')?.textContent.includes('No conversations')")
        try browser.navigate(f.t.baseURL + "/inbox?c=\(ben)")
        try browser.waitUntil("return document.querySelector('.inbox-thread .panel-message.is-error, .inbox-thread .is-error') !== null || document.querySelector('.inbox-thread')?.textContent.includes('not available')")
        #expect(try !browser.text(of: ".inbox").contains("Harbour secret"))
        // The agent cannot simulate customers or see other pages in the page filter.
        #expect(try browser.execute("return [...document.querySelectorAll('#filter-channel option')].map(o => o.textContent).includes('Harbour')") as? Bool == false)
    }
}
