import FoundationEssentials
import ParleySQLite

extension PublishWorker {
    struct FacebookCounts: Decodable {
        struct Summary: Decodable { let total_count: Int64? }
        struct Edge: Decodable { let summary: Summary? }
        struct Shares: Decodable { let count: Int64? }
        let reactions: Edge?
        let comments: Edge?
        let shares: Shares?
    }
    struct InstagramCounts: Decodable {
        let like_count: Int64?
        let comments_count: Int64?
    }
    /// An insights answer: `{"data":[{"name":"reach","values":[{"value":12}]}]}` (or `total_value` in newer shapes).
    struct Insights: Decodable {
        struct Value: Decodable { let value: Int64? }
        struct Metric: Decodable {
            let name: String
            let values: [Value]?
            let total_value: Value?
        }
        let data: [Metric]?

        func value(_ name: String) -> Int64? {
            guard let m = data?.first(where: { $0.name == name }) else { return nil }
            return m.values?.last?.value ?? m.total_value?.value
        }
    }

    /// What one round learned; nil fields were not answered (and keep their earlier value).
    struct Engagement {
        var likes: Int64?, comments: Int64?, shares: Int64?, reach: Int64?, views: Int64?
        var isEmpty: Bool { [likes, comments, shares, reach, views].allSatisfy { $0 == nil } }
    }

    /// Fetches likes/comments/shares and reach/views of a published target; a bounded number of rounds per post, and a
    /// failed call (no insights permission, a metric Meta retired) only leaves its numbers out.
    func refreshEngagement(_ tenantID: Int64, _ db: Database, _ targetID: Int64) throws {
        guard let job = try db.read({ c in try Self.load(c, tenantID, core, targetID: targetID) }) else { return }
        var e = Engagement()
        if let id = job.externalID, let token = job.token {
            let graph = publisher.graph
            switch job.kind {
            case "messenger":
                // A video id names a Video node, which has reactions and comments but no share count, and its own insights edge.
                let video = job.video != nil
                let fields = "reactions.summary(total_count),comments.summary(total_count)" + (video ? "" : ",shares")
                if let f = try? graph.get(id, token: token, query: [("fields", fields)], as: FacebookCounts.self) {
                    e.likes = f.reactions?.summary?.total_count ?? 0
                    e.comments = f.comments?.summary?.total_count ?? 0
                    if !video { e.shares = f.shares?.count ?? 0 }
                }
                if video, let i = try? graph.get("\(id)/video_insights", token: token, query: [("metric", "total_video_views,total_video_impressions_unique")],
                                                  as: Insights.self) {
                    (e.views, e.reach) = (i.value("total_video_views"), i.value("total_video_impressions_unique"))
                } else if !video, let i = try? graph.get("\(id)/insights", token: token, query: [("metric", "post_total_media_view_unique,post_media_view")],
                                                         as: Insights.self) {
                    (e.reach, e.views) = (i.value("post_total_media_view_unique"), i.value("post_media_view"))
                }
            case "instagram":
                if let i = try? graph.get(id, token: token, query: [("fields", "like_count,comments_count")], as: InstagramCounts.self) {
                    (e.likes, e.comments) = (i.like_count, i.comments_count)
                }
                if let i = try? graph.get("\(id)/insights", token: token, query: [("metric", "reach,views,shares")], as: Insights.self) {
                    (e.reach, e.views, e.shares) = (i.value("reach"), i.value("views"), i.value("shares"))
                }
            default: break
            }
        }
        let delays = settings.engagementDelaysMillis
        let round = job.engagementRound + 1
        let next: Int64? = round < Int64(delays.count) ? (job.publishedAt ?? Clock.nowMillis()) + delays[Int(round)] : nil
        try db.write { c in
            if !e.isEmpty {
                try c.run("""
                    UPDATE post_targets SET likes = coalesce(?, likes), comments = coalesce(?, comments), shares = coalesce(?, shares),
                      reach = coalesce(?, reach), views = coalesce(?, views), engagement_at = ? WHERE id = ?
                    """, [e.likes, e.comments, e.shares, e.reach, e.views, Clock.nowMillis(), targetID])
            }
            try c.run("UPDATE post_targets SET engagement_round = ?, engagement_due_at = ? WHERE id = ?", [round, next, targetID])
        }
    }
}
