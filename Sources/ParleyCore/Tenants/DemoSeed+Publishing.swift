#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// Sample publishing data for `parley demo`: a business profile, four pictures in the library and a few posts — one
/// published yesterday (with engagement numbers), two scheduled, a draft and one waiting for review — on the sandbox
/// page and account, so the Publish pages and the calendar show what they are for in the first minute.
extension DemoSeed {
    /// A demo picture: file name, library folder, tags, description.
    static let pictures: [(file: String, folder: String, tags: [String], description: String)] = [
        ("cinnamon-buns.jpg", "Food", ["buns", "bakery"], "Morning cinnamon buns"),
        ("latte.jpg", "Drinks", ["coffee"], "Latte art"),
        ("terrace.jpg", "Place", ["terrace", "summer"], "The Downtown terrace"),
        ("pumpkin-soup.jpg", "Seasonal", ["autumn", "soup"], "Pumpkin soup, autumn menu"),
    ]

    /// Adds the samples; `pictures` are the embedded files by name (missing ones are skipped).
    public static func seedPublishing(_ core: Core, tenant: Tenant, pictures files: [String: [UInt8]]) throws {
        let db = try core.tenants.database(tenant.id)
        _ = try BusinessProfile.save(BusinessProfile(name: "Café Luna", description:
            "Neighbourhood café with two locations, Downtown and by the Harbour; known for cinnamon buns, latte art and a sunny terrace."), db: db)
        let (admin, agent) = try db.read { c in
            (try c.scalar("SELECT min(id) FROM users WHERE role = 'admin'", as: Int64.self),
             try c.scalar("SELECT id FROM users WHERE email = 'agent@demo.parley'", as: Int64.self))
        }
        let folders = Dictionary(try AssetFolderStore(db: db).list().map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        let assets = AssetStore(core: core, tenantID: tenant.id, db: db)
        var ids: [String: Int64] = [:]
        for p in pictures {
            guard let bytes = files[p.file] else { continue }
            let temp = core.data.tmpDir + "/demo-\(p.file)"
            let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { continue }
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            guard written == bytes.count else { unlink(temp); continue }
            ids[p.file] = try assets.add(.init(tempPath: temp, originalName: p.file, folderID: folders[p.folder], tags: p.tags,
                                               description: p.description, userID: admin)).0.id
        }
        let channels = try ChannelStore(core: core).list(tenantID: tenant.id).filter { $0.kind == .messenger || $0.kind == .instagram }.map(\.id)
        let posts = PostStore(core: core, tenantID: tenant.id, db: db)
        let boss = PostStore.Actor(userID: admin ?? 0, canPublish: true, plan: tenant.plan)
        let day: Int64 = 86_400_000
        let morning = (Clock.nowMillis() / day) * day + 8 * 3_600_000  // 08:00 UTC today
        func picture(_ f: String) -> [Int64] { ids[f].map { [$0] } ?? [] }

        // Published yesterday, with numbers as the engagement job would have fetched them.
        let yesterday = try posts.create(.init(text: "Fresh cinnamon buns every morning from 7 ☕ Come early, they go fast! #cinnamonbuns #cafeluna",
                                               assetIDs: picture("cinnamon-buns.jpg"), channelIDs: channels, scheduledAt: nil), by: boss, asDraft: true)
        try db.write { c in
            let at = morning - day
            try c.run("UPDATE posts SET state = 'published', scheduled_at = ?, submitted_at = ? WHERE id = ?", [at, at, yesterday.id])
            for (i, t) in yesterday.targets.enumerated() {
                try c.run("""
                    UPDATE post_targets SET state = 'published', external_id = ?, published_at = ?, likes = ?, comments = ?, shares = ?,
                      reach = ?, views = ?, engagement_at = ? WHERE id = ?
                    """, ["sandbox_\(yesterday.id)_\(t.id)", at, Int64(42 + 31 * i), Int64(6 + 3 * i), i == 0 ? Int64(4) : nil,
                          Int64(610 + 280 * i), Int64(940 + 400 * i), Clock.nowMillis(), t.id])
            }
        }
        // Scheduled: the sandbox publishes them when due, like a real page would.
        _ = try posts.create(.init(text: "Pumpkin soup is back on the autumn menu 🎃 With toasted seeds and sourdough. #autumn #soupseason",
                                   assetIDs: picture("pumpkin-soup.jpg"), channelIDs: channels, scheduledAt: morning + 2 * day + 3 * 3_600_000), by: boss)
        _ = try posts.create(.init(text: "Latte art Saturday: our baristas take requests all morning. What should they draw? 👇 #latteart",
                                   assetIDs: picture("latte.jpg"), channelIDs: channels, scheduledAt: morning + 5 * day + 2 * 3_600_000), by: boss)
        _ = try posts.create(.init(text: "The Downtown terrace opens for the season on Friday. Blankets provided!",
                                   assetIDs: picture("terrace.jpg"), channelIDs: channels, scheduledAt: nil), by: boss, asDraft: true)
        if let agent {
            _ = try posts.create(.init(text: "Happy hour on the terrace, Mon–Fri 5–7 pm: spritz and small plates.",
                                       assetIDs: picture("terrace.jpg"), channelIDs: channels.prefix(1).map { $0 }, scheduledAt: nil),
                                 by: .init(userID: agent, canPublish: false, plan: tenant.plan))
        }
    }
}
