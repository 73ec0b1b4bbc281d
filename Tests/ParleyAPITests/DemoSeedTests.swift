import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// `parley demo`'s sample data: the Publish pages have pictures, posts in every state and a calendar from the start,
/// and the sandbox publishes the scheduled ones without calling Meta.
@Suite struct DemoSeedTests {
    @Test func theDemoHasPicturesPostsAndAPublishedPostWithNumbers() throws {
        let t = try TestApp(fakeGraph: true)
        defer { t.stop() }
        let tenant = try t.createTenant(slug: "demo", adminEmail: "admin@demo.parley").tenant
        try DemoSeed.seed(t.core, tenant: tenant)
        let pictures = DemoPictures.embedded()
        #expect(pictures.keys.sorted() == ["cinnamon-buns.jpg", "latte.jpg", "pumpkin-soup.jpg", "terrace.jpg"])
        try DemoSeed.seedPublishing(t.core, tenant: tenant, pictures: pictures)
        let admin = try t.login(email: "admin@demo.parley", tenant: "demo")

        // Four real JPEGs in their folders, with sizes read from their headers.
        let assets = try admin.get("/api/v1/assets").json["assets"] as? [[String: Any]] ?? []
        #expect(assets.count == 4)
        #expect(assets.allSatisfy { $0["media_type"] as? String == "image/jpeg" && $0["width"] as? Int == 1080 && $0["folder_id"] as? Int != nil })
        #expect(try admin.get("/api/v1/settings/business").json["name"] as? String == "Café Luna")

        // Posts in each state; the published one carries engagement numbers on both sandbox targets.
        let posts = try admin.get("/api/v1/posts").json["posts"] as? [[String: Any]] ?? []
        #expect(posts.compactMap { $0["state"] as? String }.sorted() == ["draft", "pending_review", "published", "scheduled", "scheduled"])
        let published = try #require(posts.first { $0["state"] as? String == "published" })
        let targets = published["targets"] as? [[String: Any]] ?? []
        #expect(targets.count == 2 && targets.allSatisfy { ($0["likes"] as? Int ?? 0) > 0 && ($0["reach"] as? Int ?? 0) > 0 })
        // Nothing went to Meta while seeding.
        #expect(t.graph?.requests.isEmpty == true)
    }

    @Test(.enabled(if: WebDriver.isAvailable, "needs chromium and chromium-driver"))
    func theDemoPublishPagesShowThePicturesAndTheCalendar() throws {
        let t = try TestApp()
        defer { t.stop() }
        let tenant = try t.createTenant(slug: "demo", adminEmail: "admin@demo.parley").tenant
        try DemoSeed.seed(t.core, tenant: tenant)
        try DemoSeed.seedPublishing(t.core, tenant: tenant, pictures: DemoPictures.embedded())
        let browser = try WebDriver(width: 1280, height: 900)
        defer { browser.quit() }
        try browser.publishSignIn(t.baseURL, email: "admin@demo.parley", path: "/publish?tab=posts")
        try browser.waitUntil("return document.querySelectorAll('.post-card').length === 5", timeout: 15)
        // Every thumbnail decoded (a broken JPEG would have naturalWidth 0).
        try browser.waitUntil("return [...document.querySelectorAll('.post-card .post-media img')].length === 5 && [...document.querySelectorAll('.post-card .post-media img')].every(i => i.complete && i.naturalWidth > 0)")
        #expect(try browser.count(".post-card[data-state=published] .engagement-chart") == 1)
        try browser.screenshot(named: "demo-posts-1280")
        try browser.click("#tab-calendar")
        try browser.waitFor(".cal-post--published")
        try browser.screenshot(named: "demo-calendar-1280")
        try browser.navigate(t.baseURL + "/assets")
        try browser.waitUntil("const i = [...document.querySelectorAll('.asset-card img')]; return i.length === 4 && i.every(x => x.complete && x.naturalWidth > 0)", timeout: 15)
        try browser.screenshot(named: "demo-assets-1280")
    }
}
