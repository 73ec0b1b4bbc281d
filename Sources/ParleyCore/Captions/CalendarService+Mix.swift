import FoundationEssentials
import ParleySQLite

/// The mix of posts a content plan drafts, and a suggested picture from the asset library for each.
extension CalendarService {
    /// A kind of post in a plan: how it is written and which library folders or tags suit it.
    public struct PostKind: Sendable, Equatable {
        /// Stored on the post ("weekend_driver").
        public let id: String
        /// Caption tone.
        let tone: String
        /// Topics rotated through.
        let topics: [String]
        /// A line added to the caption (the poll's question, the thank-you).
        let details: String?
        /// Folder names or tags whose pictures suit it, best first.
        let assetHints: [String]
    }

    /// Promotional, product showcase, weekend driver, engagement poll, customer appreciation (in plan order).
    public static let kinds: [PostKind] = [
        PostKind(id: "product_showcase", tone: "professional",
                 topics: ["our dish of the week", "our best-loved dessert", "the coffee we serve", "fresh local ingredients"],
                 details: nil, assetHints: ["food", "dish", "menu"]),
        PostKind(id: "promotional", tone: "promotional", topics: ["happy hour", "a seasonal special", "our lunch offer", "a new drink on the menu"],
                 details: nil, assetHints: ["seasonal", "drinks", "offer"]),
        PostKind(id: "weekend_driver", tone: "casual", topics: ["the weekend brunch", "a lazy Sunday with us", "Friday evening plans"],
                 details: "Open all weekend: no booking needed for small groups.", assetHints: ["place", "brunch", "terrace"]),
        PostKind(id: "engagement_poll", tone: "humorous", topics: ["coffee or tea", "sweet or savoury breakfast", "the dessert that should never leave the menu"],
                 details: "Which one are you? Tell us in the comments 👇", assetHints: ["drinks", "food"]),
        PostKind(id: "customer_appreciation", tone: "friendly", topics: ["a thank-you to our regulars", "a customer favourite", "meet the team"],
                 details: "Thank you for being part of our story.", assetHints: ["place", "team", "people"]),
    ]

    /// The kind of the plan's `index`-th post: the kinds in turn, so any plan of five or more holds every kind.
    static func kind(at index: Int) -> PostKind { kinds[index % kinds.count] }

    /// A picture for a post of `kind`: an image in a folder named like one of its hints, or tagged so, used least in
    /// posts so far (JPEG first, since Instagram takes nothing else); `avoiding` keeps one plan from repeating a picture.
    static func suggestAsset(_ c: Connection, for kind: PostKind, avoiding: Set<Int64>) throws -> Int64? {
        let rows = try c.query("""
            SELECT a.id, a.media_type, a.tags, lower(coalesce(f.name, '')) AS folder,
                   (SELECT count(*) FROM post_assets pa WHERE pa.asset_id = a.id) AS used
            FROM assets a LEFT JOIN asset_folders f ON f.id = a.folder_id
            WHERE a.media_type LIKE 'image/%'
            ORDER BY used, a.media_type <> 'image/jpeg', a.id DESC LIMIT 500
            """)
        var fallback: Int64?
        for r in rows {
            let id = try r.int64("id")
            if avoiding.contains(id) { continue }
            let folder = try r.string("folder"), tags = try r.string("tags").lowercased()
            if kind.assetHints.contains(where: { folder.contains($0) || tags.contains(",\($0)") }) { return id }
            if fallback == nil { fallback = id }
        }
        return fallback
    }
}
