import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The Compose tab's "Caption log" in real headless Chromium: a caption written from a template shows up newest first,
/// with its source, topic and the request folded out; an agent (no publish rights) has no button.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct PublishBrowserCaptionLogTests {
    @Test func captionLogListsRecentCaptionRequests() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/publish?tab=compose")
        for topic in ["Autumn menu launch", "Live jazz on Friday"] {
            try browser.click(try browser.waitFor("#compose-ai"))
            try browser.type(into: try browser.waitFor("#caption-topic"), topic)
            try browser.click("dialog[open] button[type=submit]")
            try browser.waitUntil("return !document.querySelector('dialog[open]') && document.querySelector('#compose-text').value.length > 0", timeout: 15)
        }
        try browser.click("#compose-caption-log")
        try browser.waitUntil("return document.querySelectorAll('#caption-log .caption-log-item').length === 2", timeout: 10)
        let topics = try browser.execute("return [...document.querySelectorAll('#caption-log .caption-log-topic')].map(p => p.textContent)") as? [String]
        #expect(topics == ["Live jazz on Friday", "Autumn menu launch"], "newest first: \(topics ?? [])")
        #expect(try browser.text(of: "#caption-log .caption-log-source") == "Template")
        #expect(try browser.text(of: "#caption-log .caption-log-caption").isEmpty == false)
        // The request text folds out (for a template it names the template used).
        try browser.click("#caption-log .caption-log-details summary")
        let request = try browser.text(of: "#caption-log .caption-log-text")
        #expect(request.contains("template:"), "\(request)")
        try browser.screenshot(named: "caption-log-1280")

        // An agent cannot read the log, so the button is hidden.
        try browser.execute("document.querySelector('dialog[open]').close()")
        try browser.click("#sign-out")
        try browser.waitUntil("return location.pathname === '/login'")
        try browser.publishSignIn(f.t.baseURL, email: f.agentEmail, path: "/publish?tab=compose")
        try browser.waitFor("#compose-text")
        #expect(try browser.execute("return document.getElementById('compose-caption-log').hidden") as? Bool == true)
    }
}
