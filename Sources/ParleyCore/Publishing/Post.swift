/// A social post with its per-channel targets, as the API shows it.
public struct Post: Codable, Sendable {
    /// Row id.
    public var id: Int64
    /// Text (caption).
    public var text: String
    /// draft, pending_review, scheduled, publishing, published, partially_published, failed, uncertain.
    public var state: String
    /// When to publish (ISO), if scheduled.
    public var scheduledAt: String?
    /// Attached assets in order.
    public var assetIDs: [Int64]
    /// One entry per channel.
    public var targets: [PostTarget]
    /// Author.
    public var createdBy: Int64?
    /// Who approved it.
    public var approvedBy: Int64?
    /// A reviewer's note when sent back.
    public var reviewComment: String?
    /// Calendar that drafted it.
    public var calendarID: Int64?
    /// The kind of post the calendar drafted (promotional, product_showcase, weekend_driver, engagement_poll, customer_appreciation).
    public var planKind: String?
    /// ISO.
    public var createdAt: String
    /// ISO.
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, text, state, targets
        case scheduledAt = "scheduled_at", assetIDs = "asset_ids", createdBy = "created_by", approvedBy = "approved_by"
        case reviewComment = "review_comment", calendarID = "calendar_id", planKind = "plan_kind", createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// Where one post goes (a Facebook Page or an Instagram account) and how that went.
public struct PostTarget: Codable, Sendable {
    /// Row id.
    public var id: Int64
    /// Channel.
    public var channelID: Int64
    /// Channel name.
    public var channelName: String
    /// messenger (Facebook Page) or instagram.
    public var kind: String
    /// pending, queued, publishing, processing, published, failed, uncertain.
    public var state: String
    /// Meta's post/media id.
    public var externalID: String?
    /// Link to the published post.
    public var permalink: String?
    /// Plain-language problem.
    public var error: String?
    /// ISO time published.
    public var publishedAt: String?
    /// Reactions/likes, when fetched.
    public var likes: Int64?
    /// Comments.
    public var comments: Int64?
    /// Shares.
    public var shares: Int64?
    /// Accounts that saw it (Facebook: post_total_media_view_unique; Instagram: reach), when Meta's insights answer.
    public var reach: Int64?
    /// Times it was seen or played (Facebook: post_media_view / total_video_views; Instagram: views).
    public var views: Int64?
    /// When engagement was last fetched (ISO).
    public var engagementAt: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, state, permalink, error, likes, comments, shares, reach, views
        case channelID = "channel_id", channelName = "channel_name", externalID = "external_id", publishedAt = "published_at"
        case engagementAt = "engagement_updated_at"
    }
}
