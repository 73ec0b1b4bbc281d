import ParleySQLite

/// Migrations of each tenants/<id>.sqlite. Append only; each step says why it exists.
/// The SQL of each step lives in TenantSchema+People/Inbox/Publishing.swift, next to what it is for.
public enum TenantSchema {
    /// The tenant database's migrator.
    public static let migrator = Migrator(kind: "tenant", migrations: [
        Migration(id: 1, name: "people and access", sql: people),
        Migration(id: 2, name: "channels, contacts, conversations, messages", sql: inbox),
        Migration(id: 3, name: "publishing: assets, posts, targets, calendars, captions", sql: publishing),
        Migration(id: 4, name: "caption log: model, request, response, error", sql: captionLog),
        Migration(id: 5, name: "calendars: cancelled state", sql: calendarCancel),
        Migration(id: 6, name: "assets: video length for Reels and Facebook video rules", sql: assetDuration),
        Migration(id: 7, name: "post targets: reach and views from Meta's insights", sql: targetReach),
        Migration(id: 8, name: "posts: the kind of post a content plan drafted", sql: postPlanKind),
        Migration(id: 9, name: "messages: the customer's reaction", sql: messageReaction),
    ])
}
