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

    /// Fetches likes/comments/shares of a published target; a bounded number of rounds per post, failures just move on.
    func refreshEngagement(_ tenantID: Int64, _ db: Database, _ targetID: Int64) throws {
        guard let job = try db.read({ c in try Self.load(c, tenantID, core, targetID: targetID) }) else { return }
        var counts: (Int64?, Int64?, Int64?)?
        if let id = job.externalID, let token = job.token {
            switch job.kind {
            case "messenger":
                // A video id names a Video node, which has reactions and comments but no share count.
                let fields = "reactions.summary(total_count),comments.summary(total_count)" + (job.video == nil ? ",shares" : "")
                if let f = try? publisher.graph.get(id, token: token, query: [("fields", fields)], as: FacebookCounts.self) {
                    counts = (f.reactions?.summary?.total_count ?? 0, f.comments?.summary?.total_count ?? 0, job.video == nil ? f.shares?.count ?? 0 : nil)
                }
            case "instagram":
                if let i = try? publisher.graph.get(id, token: token, query: [("fields", "like_count,comments_count")], as: InstagramCounts.self) {
                    counts = (i.like_count, i.comments_count, nil)
                }
            default: break
            }
        }
        let delays = settings.engagementDelaysMillis
        let round = job.engagementRound + 1
        let next: Int64? = round < Int64(delays.count) ? (job.publishedAt ?? Clock.nowMillis()) + delays[Int(round)] : nil
        try db.write { c in
            if let counts {
                try c.run("UPDATE post_targets SET likes = ?, comments = ?, shares = ?, engagement_at = ? WHERE id = ?",
                          [counts.0, counts.1, counts.2, Clock.nowMillis(), targetID])
            }
            try c.run("UPDATE post_targets SET engagement_round = ?, engagement_due_at = ? WHERE id = ?", [round, next, targetID])
        }
    }
}
