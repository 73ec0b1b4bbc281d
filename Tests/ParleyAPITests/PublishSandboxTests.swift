import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The demo's sandbox page and account take posts too: the whole flow runs and nothing is sent to Meta.
@Suite struct SandboxPublishingTests {
    @Test func sandboxChannelsPublishWithoutCallingMeta() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let store = ChannelStore(core: h.t.core)
        let page = try store.connect(tenantID: h.tenant.id, kind: .messenger, externalID: "sandbox-page-demo", name: "Demo page", token: nil)
        let ig = try store.connect(tenantID: h.tenant.id, kind: .instagram, externalID: "sandbox-ig-demo", name: "@demo", token: nil)
        let photo = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080)).1["id"] as? Int ?? 0
        let c = try h.admin.post("/api/v1/posts", ["text": "Demo post", "asset_ids": [photo], "channel_ids": [Int(page.id), Int(ig.id)]])
        let id = try #require((c.json["post"] as? [String: Any])?["id"] as? Int, "\(c.text)")
        #expect(try h.admin.post("/api/v1/posts/\(id)/publish").status == 202)
        let post = try h.waitForPost(id) { $0["state"] as? String == "published" }
        #expect(post["state"] as? String == "published", "\(post)")
        let targets = post["targets"] as? [[String: Any]] ?? []
        #expect(targets.count == 2 && targets.allSatisfy { ($0["external_id"] as? String)?.hasPrefix("sandbox_") == true })
        #expect(h.fake.requests.isEmpty && h.fake.fetches.isEmpty)
        // Rules still apply: Instagram refuses a PNG on the sandbox account as it would for real.
        let png = try h.upload(AssetFixtures.png(width: 1080, height: 1080)).1["id"] as? Int ?? 0
        #expect(try h.admin.post("/api/v1/posts", ["text": "x", "asset_ids": [png], "channel_ids": [Int(ig.id)],
                                                   "scheduled_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))]).status == 422)
    }
}
