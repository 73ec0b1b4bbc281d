import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Engagement (likes/comments/shares, reach/views from insights) fetched after publishing, in bounded rounds, shown in GET /api/v1/posts.
@Suite struct PublishEngagementTests {
    @Test func facebookAndInstagramCountsAreFetchedAndShown() throws {
        let graph = try StubServer([
            "GET /v23.0/111_222": { req in
                #expect(req.query["fields"]?.contains("reactions.summary(total_count)") == true)
                return .json("{\"id\":\"111_222\",\"reactions\":{\"data\":[],\"summary\":{\"total_count\":12}},\"comments\":{\"data\":[],\"summary\":{\"total_count\":3}},\"shares\":{\"count\":2}}")
            },
            "GET /v23.0/999": { _ in .json("{\"id\":\"999\",\"like_count\":40,\"comments_count\":5}") },
            "GET /v23.0/111_222/insights": { req in
                #expect(req.query["metric"] == "post_total_media_view_unique,post_media_view")
                return .json("{\"data\":[{\"name\":\"post_total_media_view_unique\",\"period\":\"lifetime\",\"values\":[{\"value\":340}]},{\"name\":\"post_media_view\",\"period\":\"lifetime\",\"values\":[{\"value\":512}]}]}")
            },
            // Instagram answers in the newer total_value shape; a metric Meta does not return stays unknown.
            "GET /v23.0/999/insights": { _ in
                .json("{\"data\":[{\"name\":\"reach\",\"period\":\"lifetime\",\"total_value\":{\"value\":90}},{\"name\":\"shares\",\"period\":\"lifetime\",\"values\":[{\"value\":4}]}]}")
            },
        ])
        defer { graph.stop() }
        let t = try TestApp(configure: { $0.metaGraphURL = graph.baseURL })
        defer { t.stop() }
        let tenant = try t.createTenant().tenant
        let store = ChannelStore(core: t.core)
        let fb = try store.connect(tenantID: tenant.id, kind: .messenger, externalID: "111", name: "Page", token: "page-token")
        let ig = try store.connect(tenantID: tenant.id, kind: .instagram, externalID: "17841", name: "IG", token: "page-token")
        t.app.publishing.worker.configure { $0.engagementDelaysMillis = [0, 3_600_000] }
        let db = try t.core.tenants.database(tenant.id)
        let now = Clock.nowMillis()
        try db.write { c in
            _ = try c.run("INSERT INTO posts (text, state, created_at, updated_at) VALUES ('hi', 'published', ?, ?)", [Clock.iso(), Clock.iso()])
            let post = c.lastInsertRowID
            for (ch, ext) in [(fb.id, "111_222"), (ig.id, "999")] {
                _ = try c.run("""
                    INSERT INTO post_targets (post_id, channel_id, state, external_id, published_at, engagement_due_at) VALUES (?, ?, 'published', ?, ?, ?)
                    """, [post, ch, ext, now, now])
            }
        }
        t.app.publishing.worker.noteDue(tenantID: tenant.id, atMillis: now)
        let s = try t.login(email: "admin@acme.test")
        var targets: [[String: Any]] = []
        for _ in 0..<100 {
            targets = ((try s.get("/api/v1/posts").json["posts"] as? [[String: Any]])?.first?["targets"] as? [[String: Any]]) ?? []
            if targets.allSatisfy({ $0["engagement_updated_at"] is String }) && targets.count == 2 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let f = try #require(targets.first { $0["kind"] as? String == "messenger" })
        #expect(f["likes"] as? Int == 12 && f["comments"] as? Int == 3 && f["shares"] as? Int == 2)
        #expect(f["reach"] as? Int == 340 && f["views"] as? Int == 512)
        let i = try #require(targets.first { $0["kind"] as? String == "instagram" })
        #expect(i["likes"] as? Int == 40 && i["comments"] as? Int == 5 && i["shares"] as? Int == 4)
        #expect(i["reach"] as? Int == 90 && i["views"] == nil)
        // Next round is scheduled an hour after publishing; the series ends after the configured rounds.
        let (round, due) = try db.read { c in
            (try c.scalar("SELECT max(engagement_round) FROM post_targets", as: Int64.self), try c.scalar("SELECT min(engagement_due_at) FROM post_targets", as: Int64.self))
        }
        #expect(round == 1 && due == now + 3_600_000)
        #expect(graph.requests.count == 4)
    }
}
