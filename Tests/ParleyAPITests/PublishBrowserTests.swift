import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The Assets and Publish pages in real headless Chromium against a real server and the fake Graph API:
/// upload with refusals and dedupe, compose to a Facebook Page and its Instagram account, publish until both show
/// permalinks, plan a month on the calendar, review by a manager; screenshots at 1280 and 390 wide.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct PublishBrowserTests {
    @Test func adminUploadsComposesAndPublishesToFacebookAndInstagram() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/assets")
        try browser.waitFor(".folder-item[data-folder='']")
        #expect(try browser.count(".folder-item") == 5, "All files + the four default folders")

        // Upload a real JPEG through the hidden file input: progress row, then a thumbnail in the grid.
        let jpeg = try PublishBrowserFixture.tempFile("latte.jpg", try browser.canvasJPEG(width: 1080, height: 1080, label: "Latte art"))
        try browser.chooseFile(".asset-file-input", path: jpeg)
        try browser.waitFor(".upload-item.is-new", timeout: 15)
        try browser.waitFor(".asset-card .asset-open img")
        #expect(try browser.text(of: ".asset-card .asset-name") == "latte.jpg")
        try browser.waitUntil("const i = document.querySelector('.asset-card img'); return i && i.complete && i.naturalWidth === 1080")

        // An SVG is refused with the server's reason; the same JPEG again is noticed, not stored twice.
        try browser.chooseFile(".asset-file-input", path: try PublishBrowserFixture.tempFile("logo.svg", PublishBrowserFixture.svg))
        try browser.waitFor(".upload-item.is-failed", timeout: 10)
        let refusal = try browser.text(of: ".upload-item.is-failed .upload-status")
        #expect(refusal.contains("SVG"), "\(refusal)")
        try browser.chooseFile(".asset-file-input", path: jpeg)
        try browser.waitFor(".upload-item.is-duplicate", timeout: 10)
        #expect(try browser.text(of: ".upload-item.is-duplicate .upload-status").contains("Already in the library"))
        #expect(try browser.count(".asset-card") == 1)

        // Tags in the editor, then filter by one.
        try browser.click(".asset-card .asset-open")
        try browser.clear(try browser.waitFor("#asset-tags"))
        try browser.type(into: "#asset-tags", "Latte, coffee")
        try browser.type(into: "#asset-description", "Taken at the counter")
        try browser.click(".asset-editor button[type=submit]")
        try browser.waitUntil("return !document.querySelector('dialog[open]') && document.querySelectorAll('.asset-card .tag').length === 2")
        try browser.click(".asset-card .tag--button")
        try browser.waitUntil("return ['latte', 'coffee'].includes(new URLSearchParams(location.search).get('tag')) && document.querySelectorAll('.asset-card').length === 1")
        try browser.screenshot(named: "assets-1280")

        // Compose: Instagram alone complains about the missing picture in its preview.
        try browser.navigate(f.t.baseURL + "/publish?tab=compose")
        try browser.waitFor("#compose-text")
        try browser.type(into: "#compose-text", "New latte art on the menu today #coffee #latte")
        try browser.click("#target-\(f.ig.id)")
        try browser.waitFor(".preview-card[data-channel='\(f.ig.id)'] .preview-problems")
        #expect(try browser.text(of: ".preview-card[data-channel='\(f.ig.id)'] .preview-problems").contains("at least one picture"))
        #expect(try browser.text(of: ".compose-counts").contains("2 / 30"), "hashtag count")
        try browser.click("#target-\(f.page.id)")

        // Attach the picture from the picker.
        try browser.click("#compose-add-media")
        try browser.click(try browser.waitFor(".picker .asset-card .asset-open"))
        try browser.click("#picker-add")
        try browser.waitFor(".media-item")
        try browser.waitFor(".preview-card[data-channel='\(f.ig.id)'] .preview-ok")
        try browser.waitFor(".preview-card[data-channel='\(f.page.id)'] .preview-ok")
        #expect(try browser.count(".ig-media--square img") == 1)
        try browser.screenshot(named: "compose-1280")

        // Publish now: both targets end published with permalinks.
        #expect(try browser.text(of: "#compose-submit").contains("Publish now"))
        try browser.click("#compose-submit")
        try browser.waitUntil("return location.search === '' && !!document.querySelector('.post-card')", timeout: 10)
        try browser.waitUntil("""
            const c = document.querySelector('.post-card'); return !!c && c.dataset.state === 'published'
              && c.querySelectorAll('.post-target[data-state=published] a.permalink').length === 2
            """, timeout: 30)
        let links = try browser.execute("return [...document.querySelectorAll('.post-card a.permalink')].map(a => a.href)") as? [String] ?? []
        #expect(links.contains { $0.hasPrefix("https://www.facebook.com/") }, "\(links)")
        #expect(links.contains { $0.hasPrefix("https://www.instagram.com/p/") }, "\(links)")
        #expect(f.h.fake.posts.contains { $0.edge == "photos" && $0.message?.hasPrefix("New latte art") == true })
        #expect(f.h.fake.requests.contains { $0.path.hasSuffix("/media_publish") })
        let post = try #require(try f.posts().first)
        #expect(post["asset_ids"] as? [Int] != nil && (post["asset_ids"] as? [Int])?.count == 1)

        // Calendar: the published post is on today; "Plan a month" drafts five posts with progress, then shows them.
        try browser.click("#tab-calendar")
        try browser.waitFor(".cal-post--published")
        try browser.click("#plan-month")
        let next = Calendar.current.date(byAdding: .month, value: 1, to: Date()) ?? Date()
        let comps = Calendar.current.dateComponents([.year, .month], from: next)
        let month = String(format: "%04d-%02d", comps.year ?? 2026, comps.month ?? 1)
        try browser.setValue("#plan-month-input", month)
        try browser.setValue("#plan-count", "5")
        try browser.click("#plan-ai")
        try browser.click("#plan-submit")
        try browser.waitUntil("return !document.querySelector('dialog[open]') && document.querySelectorAll('.cal-day:not(.is-other) .cal-post--draft').length === 5", timeout: 20)
        #expect(try f.posts(state: "draft").count == 5)
        try browser.screenshot(named: "calendar-1280")

        // Phone width: the same three screens.
        try browser.setWindowSize(width: 390, height: 844)
        try browser.navigate(f.t.baseURL + "/assets")
        try browser.waitFor(".asset-card img")
        try browser.waitUntil("const i = document.querySelector('.asset-card img'); return i.complete && i.naturalWidth > 0")
        try browser.screenshot(named: "assets-390")
        try browser.navigate(f.t.baseURL + "/publish?tab=compose")
        try browser.type(into: try browser.waitFor("#compose-text"), "Weekend brunch: pancakes, berries and our house roast. #brunch")
        // The phone's fixed bottom bar may cover a checkbox scrolled to the bottom edge: click through the DOM.
        try browser.execute("document.getElementById('target-\(f.page.id)').click(); document.getElementById('target-\(f.ig.id)').click()")
        try browser.execute("window.scrollTo(0, 0)")
        try browser.screenshot(named: "compose-390")
        try browser.navigate(f.t.baseURL + "/publish?tab=calendar")
        try browser.waitFor(".cal-agenda-day .cal-post")
        try browser.screenshot(named: "calendar-390")
    }

    @Test func agentSubmitsForReviewAndManagerApprovesOrSendsBack() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let (_, asset) = try f.h.upload(AssetFixtures.jpeg(width: 1080, height: 1080), name: "terrace.jpg")
        #expect(asset["id"] as? Int != nil)
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }

        // The agent has no publish rights: the button reads "Submit for review" and there is no Review tab.
        try browser.publishSignIn(f.t.baseURL, email: f.agentEmail, path: "/publish?tab=compose")
        try browser.waitFor("#compose-text")
        #expect(try browser.text(of: "#compose-submit") == "Submit for review")
        #expect(try browser.count("#tab-review") == 0)
        for text in ["Terrace opens Friday", "Happy hour 5-7"] {
            try browser.type(into: "#compose-text", text)
            try browser.click("#target-\(f.page.id)")
            try browser.click("#compose-submit")
            try browser.waitUntil("return [...document.querySelectorAll('.post-card[data-state=pending_review] .post-text')].some(p => p.textContent === \(WebDriver.jsString(text)))", timeout: 10)
            try browser.click("#new-post")
        }
        #expect(try f.posts(state: "pending_review").count == 2)

        // A manager sees both under Review, sends one back with a comment and approves the other.
        try browser.click("#sign-out")
        try browser.waitUntil("return location.pathname === '/login'")
        try browser.publishSignIn(f.t.baseURL, email: f.managerEmail, path: "/publish?tab=review")
        try browser.waitUntil("return document.querySelectorAll('.review-card').length === 2")
        #expect(try browser.text(of: "#tab-review .tab-count") == "2")
        let happy = try #require(try f.posts(state: "pending_review").first { $0["text"] as? String == "Happy hour 5-7" }?["id"] as? Int)
        let terrace = try #require(try f.posts(state: "pending_review").first { $0["text"] as? String == "Terrace opens Friday" }?["id"] as? Int)
        try browser.click(".review-card[data-id='\(happy)'] .review-back")
        try browser.click(".review-card[data-id='\(happy)'] .review-send")
        #expect(try browser.text(of: ".review-card[data-id='\(happy)'] .review-error").contains("Say what should change"))
        try browser.type(into: "#review-comment-\(happy)", "Please add the prices.")
        try browser.click(".review-card[data-id='\(happy)'] .review-send")
        try browser.waitUntil("return document.querySelectorAll('.review-card').length === 1")
        try browser.click(".review-card[data-id='\(terrace)'] .review-approve")
        try browser.waitFor(".review-list .panel-message")

        // The approved post publishes; the sent-back one is a draft carrying the comment.
        try browser.click("#tab-posts")
        try browser.waitUntil("return !!document.querySelector(\".post-card[data-id='\(terrace)'][data-state=published] a.permalink\")", timeout: 30)
        try browser.waitFor(".post-card[data-id='\(happy)'][data-state=draft] .review-note")
        #expect(try browser.text(of: ".post-card[data-id='\(happy)'] .review-note").contains("Please add the prices."))
        #expect(f.h.fake.posts.contains { $0.message == "Terrace opens Friday" })

        // The agent edits the sent-back draft and submits it again: the same post goes back to review.
        try browser.click("#sign-out")
        try browser.waitUntil("return location.pathname === '/login'")
        try browser.publishSignIn(f.t.baseURL, email: f.agentEmail, path: "/publish?tab=posts")
        try browser.waitFor(".post-card[data-id='\(happy)'][data-state=draft] .review-note")
        _ = try browser.execute("[...document.querySelectorAll(\".post-card[data-id='\(happy)'] .post-actions button\")].find(b => b.textContent === 'Edit').click()")
        try browser.waitUntil("return document.querySelector('#compose-text')?.value === 'Happy hour 5-7'")
        #expect(try browser.text(of: ".edit-banner .review-note").contains("Please add the prices."))
        try browser.type(into: "#compose-text", ", drinks 4 €")
        try browser.click("#compose-submit")
        try browser.waitFor(".post-card[data-id='\(happy)'][data-state=pending_review]", timeout: 10)
        let resubmitted = try #require(try f.posts(state: "pending_review").first { $0["id"] as? Int == happy })
        #expect(resubmitted["text"] as? String == "Happy hour 5-7, drinks 4 €")
        #expect(try f.posts(state: "draft").isEmpty)  // no copy left behind
    }
}
