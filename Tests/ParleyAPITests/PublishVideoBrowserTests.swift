import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// A video in the composer, in real headless Chromium: the Reel rules show in the Instagram preview before anything
/// is sent, the video shows as a video with its length, and a valid clip is published to both the Page and Instagram.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
struct PublishVideoBrowserTests {
    @Test func aTooShortReelIsExplainedAndAGoodOnePublishes() throws {
        let f = try PublishBrowserFixture.start()
        defer { f.h.stop() }
        let (_, blink) = try f.h.upload(AssetFixtures.mp4(width: 1080, height: 1920, millis: 2_500), name: "blink.mp4")
        let (_, clip) = try f.h.upload(AssetFixtures.mp4(width: 1080, height: 1920, millis: 14_000), name: "latte-art.mp4")
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(f.t.baseURL, email: "admin@acme.test", path: "/publish?tab=compose")
        try browser.type(into: try browser.waitFor("#compose-text"), "Latte art, start to finish #latteart")
        try browser.click("#target-\(f.ig.id)")
        try browser.click("#target-\(f.page.id)")

        // The 2.5 s clip: Instagram's preview names the problem; Facebook takes it.
        try browser.click("#compose-add-media")
        try browser.click(try browser.waitFor(".picker .asset-card[data-id='\(blink["id"] as? Int ?? 0)'] .asset-open"))
        try browser.click("#picker-add")
        try browser.waitFor(".preview-card[data-channel='\(f.ig.id)'] .preview-problems")
        #expect(try browser.text(of: ".preview-card[data-channel='\(f.ig.id)'] .preview-problems").contains("2.5 seconds long; Instagram Reels must be at least 3 seconds"))
        try browser.waitFor(".preview-card[data-channel='\(f.page.id)'] .preview-ok")
        #expect(try browser.text(of: ".preview-card[data-channel='\(f.page.id)']").contains("Video · 0:03"))

        // Swap for the 14 s clip: both previews are fine, and it publishes as a Page video and a Reel.
        try browser.execute("document.querySelector('.media-item button[aria-label^=\"Remove\"]')?.click()")
        try browser.waitUntil("return document.querySelectorAll('.media-item').length === 0")
        try browser.click("#compose-add-media")
        try browser.click(try browser.waitFor(".picker .asset-card[data-id='\(clip["id"] as? Int ?? 0)'] .asset-open"))
        try browser.click("#picker-add")
        try browser.waitFor(".preview-card[data-channel='\(f.ig.id)'] .preview-ok")
        try browser.waitFor(".preview-card[data-channel='\(f.page.id)'] .preview-ok")
        try browser.screenshot(named: "compose-video-1280")
        _ = try browser.execute("document.querySelector(\".preview-card[data-channel='\(f.ig.id)']\").scrollIntoView({block: 'start'})")
        // A Reel previews upright (9:16), narrower than the card.
        let box = try browser.execute("const r = document.querySelector('.ig-media--reel').getBoundingClientRect(); return [r.width, r.height]") as? [Double] ?? []
        #expect(box.count == 2 && abs(box[1] / box[0] - 16.0 / 9.0) < 0.02, "\(box)")
        try browser.screenshot(named: "compose-video-ig-1280")
        try browser.click("#compose-submit")
        try browser.waitUntil("""
            const c = document.querySelector('.post-card'); return !!c && c.dataset.state === 'published'
              && c.querySelectorAll('.post-target[data-state=published] a.permalink').length === 2
            """, timeout: 30)
        #expect(f.h.fake.posts.contains { $0.edge == "videos" && $0.message == "Latte art, start to finish #latteart" })
        #expect(f.h.fake.containers.first?.mediaType == "REELS")
    }
}
