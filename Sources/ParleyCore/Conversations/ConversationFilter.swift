/// What the inbox list is narrowed by (all optional).
public struct ConversationFilter: Sendable {
    /// Whose conversations.
    public enum Assignee: Sendable, Equatable {
        /// Assigned to the caller.
        case me
        /// Nobody assigned.
        case unassigned
        /// A given user.
        case user(Int64)
    }
    /// open, pending, snoozed, resolved.
    public var status: String?
    /// One channel.
    public var channelID: Int64?
    /// messenger, instagram, whatsapp…
    public var kind: String?
    /// Channels of one location.
    public var locationID: Int64?
    /// Assignee filter.
    public var assignee: Assignee?
    /// Team.
    public var teamID: Int64?
    /// Label name.
    public var label: String?
    /// Full-text search over message text and contact names.
    public var query: String?
    /// Opaque cursor from the previous page.
    public var cursor: String?
    /// Page size (1–100).
    public var limit = 50
    /// No filter.
    public init() {}
}

/// A conversation as the inbox list shows it.
public struct ConversationItem: Sendable, Encodable {
    /// The conversation.
    public let conversation: Conversation
    /// Its channel (kind, name, location).
    public let channel: ConversationChannel
    /// The contact.
    public let contact: ContactSummary
    /// Label names.
    public let labels: [String]

    public func encode(to encoder: any Encoder) throws {
        try conversation.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(channel, forKey: .channel)
        try c.encode(contact, forKey: .contact)
        try c.encode(labels, forKey: .labels)
    }
    enum Keys: String, CodingKey { case channel, contact, labels }
}

/// Channel fields the list needs.
public struct ConversationChannel: Sendable, Codable {
    /// Id.
    public let id: Int64
    /// Kind.
    public let kind: String
    /// Page/account name.
    public let name: String
    /// Location id.
    public let location_id: Int64?
    /// Location name.
    public let location: String?
}

/// Contact fields the list needs.
public struct ContactSummary: Sendable, Codable {
    /// Id.
    public let id: Int64
    /// Display name ("" when unknown).
    public let name: String
}

/// A private note inside a conversation.
public struct Note: Sendable, Codable {
    /// Id.
    public let id: Int64
    /// Author.
    public let author_user_id: Int64?
    /// Author's name.
    public let author_name: String?
    /// Text.
    public let text: String
    /// Created (UTC).
    public let created_at: String
}
