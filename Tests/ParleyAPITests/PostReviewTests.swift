import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Posts over HTTP: per-target validation, review/approval, editing rules, plan limit.
@Suite struct PostReviewTests {
    @Test func instagramRulesAreReportedPerTarget() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let png = try h.upload(AssetFixtures.png(width: 1000, height: 1000)).1["id"] as? Int ?? 0
        let tall = try h.upload(AssetFixtures.jpeg(width: 500, height: 1000)).1["id"] as? Int ?? 0
        let tags = (0..<31).map { "#t\($0)" }.joined(separator: " ")
        let r = try h.admin.post("/api/v1/posts", ["text": tags + String(repeating: "x", count: 2200), "asset_ids": [png, tall],
                                                   "channel_ids": [Int(h.igChannel.id), Int(h.pageChannel.id)],
                                                   "scheduled_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))])
        #expect(r.status == 422)
        let fields = (r.json["error"] as? [String: Any])?["fields"] as? [String: String] ?? [:]
        let ig = fields["targets.\(h.igChannel.id)"] ?? ""
        #expect(ig.contains("JPEG only") && ig.contains("PNG"))
        #expect(ig.contains("500×1000") && ig.contains("4:5"))
        #expect(ig.contains("31 hashtags") && ig.contains("characters"))
        #expect(fields["targets.\(h.pageChannel.id)"] == nil)  // Facebook accepts this post

        // No picture at all.
        let r2 = try h.admin.post("/api/v1/posts", ["text": "hi", "channel_ids": [Int(h.igChannel.id)],
                                                    "scheduled_at": ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))])
        #expect(((r2.json["error"] as? [String: Any])?["fields"] as? [String: String])?["targets.\(h.igChannel.id)"]?.contains("at least one picture") == true)
        // Drafts may be incomplete.
        #expect(try h.admin.post("/api/v1/posts", ["text": "hi", "channel_ids": [Int(h.igChannel.id)]]).status == 201)
    }

    @Test func agentPostsWaitForReviewAndManagerApproves() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        try h.t.addUser(tenant: h.tenant, email: "agent@acme.test", role: .agent)
        try h.t.addUser(tenant: h.tenant, email: "manager@acme.test", role: .manager)
        let agent = try h.t.login(email: "agent@acme.test")
        let manager = try h.t.login(email: "manager@acme.test")
        let c = try agent.post("/api/v1/posts", ["text": "Happy hour 5-7", "channel_ids": [Int(h.pageChannel.id)]])
        #expect(c.status == 201)
        let post = try #require(c.json["post"] as? [String: Any])
        let id = try #require(post["id"] as? Int)
        #expect(post["state"] as? String == "pending_review")
        // The agent cannot publish or approve their own post.
        #expect(try agent.post("/api/v1/posts/\(id)/publish").status == 403)
        #expect(try agent.post("/api/v1/posts/\(id)/approve").status == 403)
        // Sent back with a comment, then resubmitted by editing.
        let rej = try manager.post("/api/v1/posts/\(id)/reject", ["comment": "Say which days"])
        #expect((rej.json["post"] as? [String: Any])?["state"] as? String == "draft")
        #expect((rej.json["post"] as? [String: Any])?["review_comment"] as? String == "Say which days")
        let edited = try agent.patch("/api/v1/posts/\(id)", ["text": "Happy hour 5-7, Mon-Fri"])
        #expect((edited.json["post"] as? [String: Any])?["state"] as? String == "draft")
        // Submitting the same draft again puts it back in review (only drafts can be submitted).
        let resubmit = try agent.post("/api/v1/posts/\(id)/submit")
        #expect(resubmit.status == 200)
        #expect((resubmit.json["post"] as? [String: Any])?["state"] as? String == "pending_review")
        #expect(try agent.post("/api/v1/posts/\(id)/submit").status == 409)
        let audit = try h.admin.get("/api/v1/audit?action=post.submitted").json["entries"] as? [[String: Any]] ?? []
        #expect(audit.contains { $0["target"] as? String == "post:\(id)" && $0["result"] as? String == "ok" })
        let id2 = id
        let ok = try manager.post("/api/v1/posts/\(id2)/approve")
        #expect(ok.status == 200)
        let done = try h.waitForPost(id2) { ($0["state"] as? String) == "published" }
        #expect(done["state"] as? String == "published")
        #expect(done["approved_by"] as? Int != nil)
        #expect(h.fake.posts.first?.message == "Happy hour 5-7, Mon-Fri")
        // Published posts cannot be edited or deleted.
        #expect(try manager.patch("/api/v1/posts/\(id2)", ["text": "changed"]).status == 409)
        #expect(try manager.delete("/api/v1/posts/\(id2)").status == 409)
        #expect(try agent.delete("/api/v1/posts/\(id)").status == 409)
    }

    @Test func submittingADraftChecksItAndWhoAsks() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        try h.t.addUser(tenant: h.tenant, email: "agent@acme.test", role: .agent)
        try h.t.addUser(tenant: h.tenant, email: "viewer@acme.test", role: .viewer)
        let agent = try h.t.login(email: "agent@acme.test")
        let viewer = try h.t.login(email: "viewer@acme.test")
        // A draft for Instagram without a picture cannot go to review: 422 naming the target, and it stays a draft.
        let d = try agent.post("/api/v1/posts", ["text": "New menu", "channel_ids": [Int(h.igChannel.id)], "draft": true])
        let id = try #require((d.json["post"] as? [String: Any])?["id"] as? Int)
        let bad = try agent.post("/api/v1/posts/\(id)/submit")
        #expect(bad.status == 422)
        #expect(((bad.json["error"] as? [String: Any])?["fields"] as? [String: String])?["targets.\(h.igChannel.id)"]?.contains("at least one picture") == true)
        #expect((try agent.get("/api/v1/posts/\(id)").json["post"] as? [String: Any])?["state"] as? String == "draft")
        // Viewers cannot write posts; unknown posts are 404.
        #expect(try viewer.post("/api/v1/posts/\(id)/submit").status == 403)
        #expect(try agent.post("/api/v1/posts/999999/submit").status == 404)
        // Fixed (Facebook instead), it goes to review with its planned time kept.
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86400))
        #expect(try agent.patch("/api/v1/posts/\(id)", ["channel_ids": [Int(h.pageChannel.id)], "scheduled_at": later]).status == 200)
        let ok = try agent.post("/api/v1/posts/\(id)/submit")
        let post = try #require(ok.json["post"] as? [String: Any])
        #expect(post["state"] as? String == "pending_review")
        #expect(post["scheduled_at"] as? String != nil)
    }

    @Test func planLimitsPostsPerDay() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(7 * 86400))
        let limit = PlanLimits.postsPerDay(h.tenant.plan)
        for i in 0..<limit {
            let r = try h.admin.post("/api/v1/posts", ["text": "post \(i)", "channel_ids": [Int(h.pageChannel.id)], "scheduled_at": later])
            #expect(r.status == 201)
        }
        let over = try h.admin.post("/api/v1/posts", ["text": "one more", "channel_ids": [Int(h.pageChannel.id)], "scheduled_at": later])
        #expect(over.status == 429)
        #expect(over.header("retry-after") != nil)
        #expect(over.text.contains("\(limit) posts per 24 hours"))
        // Drafts are not limited.
        #expect(try h.admin.post("/api/v1/posts", ["text": "draft", "channel_ids": [Int(h.pageChannel.id)]]).status == 201)
        let list = try h.admin.get("/api/v1/posts?state=scheduled&limit=100").json["posts"] as? [[String: Any]] ?? []
        #expect(list.count == limit)
    }
}
