import FoundationEssentials
import ParleySQLite

/// Anti-repetition: a caption too close to one of the tenant's recent posts is replaced by another one.
extension CaptionService {
    /// A recent post's id and text, compared against new captions.
    public struct RecentPost: Sendable, Equatable {
        /// Post id.
        public let id: Int64
        /// Post text.
        public let text: String
        /// Creates one.
        public init(id: Int64, text: String) {
            self.id = id
            self.text = text
        }
    }

    /// Word-set Jaccard similarity at or above which a caption counts as a repeat.
    public static let repeatThreshold = 0.6

    /// The texts of the tenant's last `limit` posts (newest first).
    public static func recentPosts(db: Database, limit: Int = 30) throws -> [RecentPost] {
        try db.read { c in
            try c.query("SELECT id, text FROM posts WHERE text <> '' ORDER BY id DESC LIMIT ?", [Int64(limit)]).map {
                RecentPost(id: try $0.int64("id"), text: try $0.string("text"))
            }
        }
    }

    /// Lower-cased words (letters and digits), as a set.
    static func words(_ s: String) -> Set<String> {
        Set(s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
    }

    /// |A ∩ B| / |A ∪ B| of the two texts' word sets (0 when both are empty).
    public static func similarity(_ a: String, _ b: String) -> Double {
        let (x, y) = (words(a), words(b))
        let union = x.union(y).count
        return union == 0 ? 0 : Double(x.intersection(y).count) / Double(union)
    }

    /// The recent post the text repeats (the most similar one at or over the threshold), if any.
    public static func repeated(_ text: String, in recent: [RecentPost]) -> RecentPost? {
        var best: (RecentPost, Double)?
        for p in recent {
            let s = similarity(text, p.text)
            if s >= repeatThreshold, s > (best?.1 ?? 0) { best = (p, s) }
        }
        return best?.0
    }

    /// A caption unlike the recent posts: the AI asked once more ("avoid repeating") and then each template variant;
    /// when nothing unique comes out, the first attempt with `similar_to_post_id` set.
    public func write(_ r: Request, useAI: Bool = true, avoiding recent: [RecentPost]) -> Result {
        let first = write(r, useAI: useAI)
        guard let twin = Self.repeated(first.caption, in: recent) else { return first }
        var trace = first.trace ?? CaptionTrace()
        if first.source == "ai" {
            var again = r
            let avoid = " Avoid repeating: \(String(twin.text.prefix(500)))"
            again.details = (r.details ?? "") + avoid
            var retry = CaptionTrace()
            if let text = try? ai(again, trace: &retry), let fitted = fit(text, platform: r.platform), Self.repeated(fitted, in: recent) == nil {
                return Result(caption: fitted, source: "ai", trace: retry)
            }
            trace = retry
            trace.error = "AI answer repeated post \(twin.id) twice"
        }
        let count = templates.byTone[r.tone]?.count ?? 0
        let start = Int.random(in: 0..<max(1, count))
        for i in 0..<count {
            let pick = (start + i) % count
            let text = template(r, pick: pick)
            if Self.repeated(text, in: recent) == nil {
                trace.template = "\(r.tone)#\(pick)"
                return Result(caption: text, source: "template", trace: trace)
            }
        }
        var out = first
        out.similarToPostID = twin.id
        return out
    }
}
