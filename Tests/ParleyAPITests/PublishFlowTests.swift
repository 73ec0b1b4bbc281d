import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Publishing end to end against the fake Graph API: Facebook feed/photos, Instagram container → poll → media_publish,
/// Meta errors in plain words, and at-most-once across a crash (RELIABILITY.md §1.3 item 5).
@Suite(.serialized) struct PublishFlowTests {
    func state(_ post: [String: Any]) -> String { post["state"] as? String ?? "" }
    func targets(_ post: [String: Any]) -> [[String: Any]] { post["targets"] as? [[String: Any]] ?? [] }
    func finished(_ post: [String: Any]) -> Bool { ["published", "failed", "uncertain", "partially_published"].contains(post["state"] as? String ?? "") }

    func publishNow(_ h: PublishingHarness, text: String, assets: [Int], channels: [Int64]) throws -> Int {
        let c = try h.admin.post("/api/v1/posts", ["text": text, "asset_ids": assets, "channel_ids": channels.map { Int($0) }])
        #expect(c.status == 201, "\(c.text)")
        let id = try #require((c.json["post"] as? [String: Any])?["id"] as? Int)
        #expect((c.json["post"] as? [String: Any])?["state"] as? String == "draft")
        let p = try h.admin.post("/api/v1/posts/\(id)/publish")
        #expect(p.status == 202, "\(p.text)")
        return id
    }

    @Test func facebookTextAndPhotoPostsArePublished() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let started = Date()
        let textID = try publishNow(h, text: "Soup of the day: pumpkin. https://example.com/menu", assets: [], channels: [h.pageChannel.id])
        let text = try h.waitForPost(textID, until: finished)
        let latency = Date().timeIntervalSince(started)
        #expect(state(text) == "published", "\(text)")
        let t0 = try #require(targets(text).first)
        let postID = try #require(t0["external_id"] as? String)
        #expect(postID.hasPrefix(PublishingHarness.pageID + "_"))
        #expect(t0["permalink"] as? String == "https://www.facebook.com/\(postID)")
        let feed = h.fake.posts.filter { $0.edge == "feed" }
        #expect(feed.count == 1 && feed.first?.message?.hasPrefix("Soup of the day") == true && feed.first?.url == "https://example.com/menu")

        let (_, asset) = try h.upload(AssetFixtures.jpeg(width: 1200, height: 900))
        let photoID = try publishNow(h, text: "Fresh bread", assets: [asset["id"] as? Int ?? 0], channels: [h.pageChannel.id])
        let photo = try h.waitForPost(photoID, until: finished)
        #expect(state(photo) == "published", "\(photo)")
        let photos = h.fake.posts.filter { $0.edge == "photos" }
        #expect(photos.count == 1 && photos.first?.message == "Fresh bread")
        // Meta fetched the picture through the public media URL (no login).
        #expect(photos.first?.url?.hasPrefix(h.t.baseURL + "/media/") == true)
        print("publish latency (FB text, API → published, fake Graph): \(Int(latency * 1000)) ms")
    }

    @Test func facebookMultiPhotoUsesUnpublishedPhotosAndAttachedMedia() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let a = try h.upload(AssetFixtures.jpeg(width: 600, height: 600)).1["id"] as? Int ?? 0
        let b = try h.upload(AssetFixtures.png(width: 600, height: 400)).1["id"] as? Int ?? 0
        let id = try publishNow(h, text: "Two views of the terrace", assets: [a, b], channels: [h.pageChannel.id])
        let post = try h.waitForPost(id, until: finished)
        #expect(state(post) == "published", "\(post)")
        let unpublished = h.fake.requests.filter { $0.path.hasSuffix("/photos") && $0.params["published"] == "false" }
        #expect(unpublished.count == 2)
        let feed = try #require(h.fake.requests.first { $0.path.hasSuffix("/feed") })
        #expect(feed.params["attached_media[0]"]?.contains("media_fbid") == true && feed.params["attached_media[1]"] != nil)
    }

    @Test func instagramSingleImagePollsThenPublishesExactlyOnce() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        h.fake.update { $0.containerInProgressPolls = 2 }
        let (_, asset) = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080))
        let started = Date()
        let id = try publishNow(h, text: "New latte art #coffee", assets: [asset["id"] as? Int ?? 0], channels: [h.igChannel.id])
        let post = try h.waitForPost(id, until: finished)
        let latency = Date().timeIntervalSince(started)
        #expect(state(post) == "published", "\(post)")
        let t0 = try #require(targets(post).first)
        #expect((t0["permalink"] as? String)?.hasPrefix("https://www.instagram.com/p/") == true)
        let ig = PublishingHarness.igID
        let calls = h.fake.requests.filter { $0.path.contains(ig) || $0.method == "GET" && $0.params["fields"]?.hasPrefix("status_code") == true }
            .map { r -> String in
                if r.path.hasSuffix("/content_publishing_limit") { return "limit" }
                if r.path.hasSuffix("/media_publish") { return "publish" }
                if r.path.hasSuffix("/media") { return "container" }
                return "poll"
            }
        #expect(calls == ["limit", "container", "poll", "poll", "poll", "publish"], "\(calls)")
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.count == 1)
        #expect(h.fake.containers.first?.caption == "New latte art #coffee")
        #expect(h.fake.fetches.first?.status == 200)
        print("publish latency (IG, 2 IN_PROGRESS polls at 100 ms, fake Graph): \(Int(latency * 1000)) ms")
    }

    @Test func instagramCarouselCreatesChildrenThenCarousel() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let ids = try (0..<3).map { i in try h.upload(AssetFixtures.jpeg(width: 1000 + i, height: 1000)).1["id"] as? Int ?? 0 }
        let id = try publishNow(h, text: "Three cakes", assets: ids, channels: [h.igChannel.id])
        let post = try h.waitForPost(id, until: finished)
        #expect(state(post) == "published", "\(post)")
        let creates = h.fake.requests.filter { $0.path.hasSuffix("/media") }
        #expect(creates.count == 4)
        #expect(creates.prefix(3).allSatisfy { $0.params["is_carousel_item"] == "true" })
        #expect(creates.last?.params["media_type"] == "CAROUSEL" && creates.last?.params["children"]?.split(separator: ",").count == 3)
    }

    @Test func instagramMediaFetchFailureIsExplainedInPlainWords() throws {
        // Meta cannot reach PARLEY_PUBLIC_URL: the fake's download of image_url fails (2207052).
        let h = try PublishingHarness(configure: { $0.publicURL = "http://127.0.0.1:9" })
        defer { h.stop() }
        let (_, asset) = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080))
        let id = try publishNow(h, text: "x", assets: [asset["id"] as? Int ?? 0], channels: [h.igChannel.id])
        let post = try h.waitForPost(id, until: finished)
        #expect(state(post) == "failed", "\(post)")
        let err = targets(post).first?["error"] as? String ?? ""
        #expect(err.contains("could not download the picture") && err.contains("PARLEY_PUBLIC_URL"))
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.isEmpty)
        // The same for a Facebook photo: Meta answers (#324) and nothing is posted.
        let fb = try h.waitForPost(try publishNow(h, text: "y", assets: [asset["id"] as? Int ?? 0], channels: [h.pageChannel.id]), until: finished)
        #expect(state(fb) == "failed", "\(fb)")
        let fbErr = targets(fb).first?["error"] as? String ?? ""
        #expect(fbErr.contains("Facebook could not download the picture") && fbErr.contains("PARLEY_PUBLIC_URL"), "\(fbErr)")
        #expect(h.fake.posts.isEmpty)
    }

    @Test func instagramQuotaExceededFailsWithoutPublishing() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        h.fake.update { $0.publishQuota = 0 }
        let (_, asset) = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080))
        let id = try publishNow(h, text: "x", assets: [asset["id"] as? Int ?? 0], channels: [h.igChannel.id])
        let post = try h.waitForPost(id, until: finished)
        #expect(state(post) == "failed")
        let error = targets(post).first?["error"] as? String
        #expect(error?.contains("limit of 0 posts") == true)
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") || $0.path.hasSuffix("/media") }.isEmpty)
    }

    @Test func ambiguousFailureOfThePublishingCallIsUncertainAndNotRetried() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        h.fake.inject(.fail(GraphFailure.transient), method: "POST", pathContains: "/feed", times: 5)
        let id = try publishNow(h, text: "Maybe posted", assets: [], channels: [h.pageChannel.id])
        let post = try h.waitForPost(id, until: finished)
        #expect(state(post) == "uncertain", "\(post)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/feed") }.count == 1)
    }

    @Test func targetLeftPublishingByACrashBecomesUncertainAfterRestart() throws {
        let h = try PublishingHarness()
        let id = try h.admin.post("/api/v1/posts", ["text": "crash test", "channel_ids": [Int(h.pageChannel.id)]]).json["post"] as? [String: Any]
        let postID = try #require(id?["id"] as? Int)
        // Simulate dying right after committing "publishing" and before Meta answered.
        let db = try h.t.core.tenants.database(h.tenant.id)
        try db.write { c in
            _ = try c.run("UPDATE post_targets SET state = 'publishing', attempts = 1 WHERE post_id = ?", [Int64(postID)])
            _ = try c.run("UPDATE posts SET state = 'publishing' WHERE id = ?", [Int64(postID)])
        }
        try Scheduling.markDue(h.t.core, tenantID: h.tenant.id, atMillis: Clock.nowMillis(), kind: .publishing)
        let dataDir = h.t.dataDir
        let (app2, store, cleanup) = try h.restart()
        defer { cleanup() }
        let core2 = app2.core
        let post = try #require(try store.get(Int64(postID)))
        #expect(post.state == "uncertain")
        #expect(post.targets.first?.state == "uncertain")
        #expect(post.targets.first?.error?.contains("Check the page") == true)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/feed") }.isEmpty)
        #expect(dataDir == core2.config.dataDir)
    }

    @Test func scheduledPostPublishesWhenDue() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        // Upload → compose for the Page and Instagram → schedule: nothing goes out before the time, both targets after it.
        let (_, asset) = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1350), name: "soup.jpg")
        // Whole seconds, as the ISO time sent carries no fraction.
        let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 1.2).rounded(.up))
        let c = try h.admin.post("/api/v1/posts", ["text": "Later today", "asset_ids": [asset["id"] as? Int ?? 0],
                                                   "channel_ids": [Int(h.pageChannel.id), Int(h.igChannel.id)],
                                                   "scheduled_at": ISO8601DateFormatter().string(from: due)])
        #expect(c.status == 201)
        let post = try #require(c.json["post"] as? [String: Any])
        #expect(state(post) == "scheduled")
        #expect(h.fake.posts.isEmpty && h.fake.containers.isEmpty)
        let done = try h.waitForPost(post["id"] as? Int ?? 0, until: finished)
        #expect(state(done) == "published", "\(done)")
        #expect(Date() >= due)
        #expect(h.fake.posts.filter { $0.edge == "photos" }.count == 1)
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.count == 1)
        // Meta fetched the picture from the public media URL for both (Instagram checks it is a JPEG).
        #expect(h.fake.fetches.count == 2 && h.fake.fetches.allSatisfy { $0.status == 200 })
    }

    @Test func containerCreationFailureIsRetriedBecauseNothingWasPublished() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        h.fake.inject(.fail(GraphFailure.transient), method: "POST", pathContains: "\(PublishingHarness.igID)/media", times: 1)
        let (_, asset) = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080))
        let id = try publishNow(h, text: "retry me", assets: [asset["id"] as? Int ?? 0], channels: [h.igChannel.id])
        let post = try h.waitForPost(id, until: finished)
        #expect(state(post) == "published", "\(post)")
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media") }.count == 2)
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.count == 1)
    }

    @Test func stalePublishingRowFoundLaterIsUncertainToo() throws {
        // The tenant had no publishing due time at startup: the first pass over it still reconciles.
        let h = try PublishingHarness()
        defer { h.stop() }
        let c = try h.admin.post("/api/v1/posts", ["text": "stale", "channel_ids": [Int(h.pageChannel.id)]])
        let postID = try #require((c.json["post"] as? [String: Any])?["id"] as? Int)
        let db = try h.t.core.tenants.database(h.tenant.id)
        try db.write { c in _ = try c.run("UPDATE post_targets SET state = 'publishing' WHERE post_id = ?", [Int64(postID)]) }
        h.t.app.publishing.worker.noteDue(tenantID: h.tenant.id, atMillis: 0)
        let post = try h.waitForPost(postID) { ($0["state"] as? String) == "uncertain" }
        #expect(state(post) == "uncertain")
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/feed") }.isEmpty)
    }
}
