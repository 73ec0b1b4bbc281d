import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Video posts against the fake Graph API, which downloads the file from Parley's public media URL and requires an MP4:
/// a Facebook Page video (`/{page}/videos` with `file_url`) and an Instagram Reel (REELS container, polled while
/// IN_PROGRESS, then `media_publish` exactly once), the rules checked before scheduling, and failures in plain words.
@Suite struct PublishVideoTests {
    func finished(_ post: [String: Any]) -> Bool { ["published", "failed", "uncertain", "partially_published"].contains(post["state"] as? String ?? "") }
    func target(_ post: [String: Any], _ channel: Channel) -> [String: Any] {
        (post["targets"] as? [[String: Any]] ?? []).first { $0["channel_id"] as? Int == Int(channel.id) } ?? [:]
    }
    func publishNow(_ h: PublishingHarness, text: String, asset: Int, channels: [Channel]) throws -> Int {
        let c = try h.admin.post("/api/v1/posts", ["text": text, "asset_ids": [asset], "channel_ids": channels.map { Int($0.id) }])
        let id = try #require((c.json["post"] as? [String: Any])?["id"] as? Int, "\(c.text)")
        let p = try h.admin.post("/api/v1/posts/\(id)/publish")
        #expect(p.status == 202, "\(p.text)")
        return id
    }
    func problems(_ r: RawResponse) -> [String: String] { (r.json["error"] as? [String: Any])?["fields"] as? [String: String] ?? [:] }

    @Test func facebookVideoAndInstagramReelArePublished() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let (_, clip) = try h.upload(AssetFixtures.mp4(width: 1080, height: 1920, millis: 12_000), name: "latte.mp4")
        #expect(clip["duration_ms"] as? Int == 12_000)
        let started = Date()
        let id = try publishNow(h, text: "Latte art in 12 seconds #coffee", asset: clip["id"] as? Int ?? 0, channels: [h.pageChannel, h.igChannel])
        let post = try h.waitForPost(id, until: finished)
        let latency = Date().timeIntervalSince(started)
        #expect(post["state"] as? String == "published", "\(post)")

        // Facebook: one /videos call whose file_url Meta downloaded from the public media URL; the permalink points at the video.
        let fb = target(post, h.pageChannel)
        let videoID = try #require(fb["external_id"] as? String)
        #expect(fb["permalink"] as? String == "https://www.facebook.com/\(PublishingHarness.pageID)/videos/\(videoID)/")
        let videos = h.fake.posts.filter { $0.edge == "videos" }
        #expect(videos.count == 1 && videos.first?.message == "Latte art in 12 seconds #coffee")
        #expect(videos.first?.url?.hasPrefix(h.t.baseURL + "/media/") == true)
        #expect(h.fake.posts.filter { $0.edge != "videos" }.isEmpty)

        // Instagram: a REELS container (video_url fetched as an MP4), polled through two IN_PROGRESS answers, published once.
        let ig = target(post, h.igChannel)
        #expect((ig["permalink"] as? String)?.hasPrefix("https://www.instagram.com/p/") == true)
        let container = try #require(h.fake.containers.first)
        #expect(container.mediaType == "REELS" && container.caption == "Latte art in 12 seconds #coffee")
        let create = try #require(h.fake.requests.first { $0.path.hasSuffix("/media") })
        // The same stored file through Parley's public media URL (each target signs its own, expiring token).
        let videoURL = create.params["video_url"] ?? ""
        #expect(videoURL.hasPrefix(h.t.baseURL + "/media/") && videoURL.split(separator: "/").last == videos.first?.url?.split(separator: "/").last,
                "\(videoURL) vs \(videos.first?.url ?? "")")
        #expect(create.params["share_to_feed"] == "true" && create.params["image_url"] == nil)
        let polls = h.fake.requests.filter { $0.method == "GET" && $0.path.hasSuffix("/\(container.id)") }
        #expect(polls.count == 3)  // IN_PROGRESS, IN_PROGRESS, FINISHED
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.count == 1)
        #expect(h.fake.fetches.count == 2 && h.fake.fetches.allSatisfy { $0.status == 200 })
        print("publish latency (FB video + IG Reel with 2 IN_PROGRESS polls at 100 ms, fake Graph): \(Int(latency * 1000)) ms")
    }

    @Test func rulesAreCheckedBeforeScheduling() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let short = try h.upload(AssetFixtures.mp4(width: 1080, height: 1920, millis: 2_500), name: "blink.mp4").1["id"] as? Int ?? 0
        let long = try h.upload(AssetFixtures.mp4(width: 1920, height: 1080, millis: 16 * 60_000), name: "talk.mp4").1["id"] as? Int ?? 0
        let photo = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080)).1["id"] as? Int ?? 0
        let both = [Int(h.igChannel.id), Int(h.pageChannel.id)]

        let r1 = try h.admin.post("/api/v1/posts", ["text": "x", "asset_ids": [short], "channel_ids": both, "scheduled_at": later])
        #expect(r1.status == 422)
        #expect(problems(r1)["targets.\(h.igChannel.id)"]?.contains("2.5 seconds long; Instagram Reels must be at least 3 seconds") == true)
        #expect(problems(r1)["targets.\(h.pageChannel.id)"] == nil)  // Facebook takes short videos

        let r2 = try h.admin.post("/api/v1/posts", ["text": "x", "asset_ids": [long], "channel_ids": both, "scheduled_at": later])
        #expect(problems(r2)["targets.\(h.igChannel.id)"]?.contains("16 minutes long; Instagram Reels can be 15 minutes at most") == true)
        #expect(problems(r2)["targets.\(h.pageChannel.id)"] == nil)

        let r3 = try h.admin.post("/api/v1/posts", ["text": "x", "asset_ids": [photo, long], "channel_ids": both, "scheduled_at": later])
        #expect(problems(r3)["targets.\(h.igChannel.id)"]?.contains("A Reel is one video on its own") == true)
        #expect(problems(r3)["targets.\(h.pageChannel.id)"]?.contains("A Facebook video is posted on its own") == true)

        // The same long video to Facebook alone is fine.
        #expect(try h.admin.post("/api/v1/posts", ["text": "x", "asset_ids": [long], "channel_ids": [Int(h.pageChannel.id)], "scheduled_at": later]).status == 201)
    }

    @Test func reelMetaCannotProcessFailsPlainlyAndPublishesNothing() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        h.fake.update { $0.containerFinalStatus = "ERROR" }
        let clip = try h.upload(AssetFixtures.mp4(width: 1080, height: 1920, millis: 8_000)).1["id"] as? Int ?? 0
        let post = try h.waitForPost(try publishNow(h, text: "x", asset: clip, channels: [h.igChannel]), until: finished)
        #expect(post["state"] as? String == "failed")
        let error = target(post, h.igChannel)["error"] as? String ?? ""
        #expect(error.contains("status ERROR") && error.contains("Reels need MP4 or MOV") && error.contains("nothing was published"), "\(error)")
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.isEmpty)
    }

    @Test func reelStillProcessingAfterTheBoundFailsWithoutPublishing() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        h.fake.update { $0.reelInProgressPolls = 1_000 }
        h.t.app.publishing.worker.configure { $0.videoPollTimeoutMillis = 600 }
        let clip = try h.upload(AssetFixtures.mp4(width: 1080, height: 1920, millis: 8_000)).1["id"] as? Int ?? 0
        let post = try h.waitForPost(try publishNow(h, text: "x", asset: clip, channels: [h.igChannel]), until: finished)
        #expect(post["state"] as? String == "failed")
        #expect((target(post, h.igChannel)["error"] as? String)?.contains("still processing") == true)
        #expect(h.fake.containers.first?.status == "IN_PROGRESS")
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.isEmpty)
    }

    @Test func facebookVideoMetaCannotDownloadIsExplained() throws {
        // Meta cannot reach PARLEY_PUBLIC_URL: the fake's download of file_url fails with (#351).
        let h = try PublishingHarness(configure: { $0.publicURL = "http://127.0.0.1:9" })
        defer { h.stop() }
        let clip = try h.upload(AssetFixtures.mp4(width: 1280, height: 720, millis: 30_000)).1["id"] as? Int ?? 0
        let post = try h.waitForPost(try publishNow(h, text: "Tour of the kitchen", asset: clip, channels: [h.pageChannel]), until: finished)
        #expect(post["state"] as? String == "failed", "\(post)")
        #expect((target(post, h.pageChannel)["error"] as? String)?.contains("Facebook could not use the video file") == true)
        #expect(h.fake.posts.isEmpty)
    }

    @Test func aReelStillProcessingWhenParleyStopsIsPublishedOnceAfterTheRestart() throws {
        let h = try PublishingHarness()
        // The first look at the container is 2 s away when Parley stops; the restarted process keeps that time.
        h.t.app.publishing.worker.configure { $0.pollIntervalMillis = 2_000 }
        h.fake.update { $0.reelInProgressPolls = 0 }
        let clip = try h.upload(AssetFixtures.mp4(width: 1080, height: 1920, millis: 8_000)).1["id"] as? Int ?? 0
        let id = try publishNow(h, text: "Restart-proof reel", asset: clip, channels: [h.igChannel])
        let processing = try h.waitForPost(id) { ($0["targets"] as? [[String: Any]])?.first?["state"] as? String == "processing" }
        #expect(target(processing, h.igChannel)["state"] as? String == "processing", "\(processing)")
        // Restart on the same data folder: the container is polled again (not created again) and published once.
        let (_, store, cleanup) = try h.restart()
        defer { cleanup() }
        var post = try store.get(Int64(id))
        for _ in 0..<200 where post?.state != "published" {
            Thread.sleep(forTimeInterval: 0.05)
            post = try store.get(Int64(id))
        }
        #expect(post?.state == "published")
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media") }.count == 1)
        #expect(h.fake.requests.filter { $0.path.hasSuffix("/media_publish") }.count == 1)
    }
}
