#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// Sample data for `parley demo`: staff, locations, three sandbox channels and a few customer conversations.
public enum DemoSeed {
    /// Adds staff, locations and sandbox channels to a fresh demo tenant.
    public static func seed(_ core: Core, tenant: Tenant) throws {
        let db = try core.tenants.database(tenant.id)
        let users = UserStore(db: db)
        let agent = try users.create(email: "agent@demo.parley", name: "Alex Agent", role: .agent, password: "parley-demo-2026")
        let (downtown, harbour) = try db.write { c -> (Int64, Int64) in
            try c.run("INSERT INTO locations (name, address, created_at) VALUES ('Downtown', '12 Market St', ?)", [Clock.iso()])
            let d = c.lastInsertRowID
            try c.run("INSERT INTO locations (name, address, created_at) VALUES ('Harbour', '3 Pier Rd', ?)", [Clock.iso()])
            return (d, c.lastInsertRowID)
        }
        let store = ChannelStore(core: core)
        let page = try store.connect(tenantID: tenant.id, kind: .messenger, externalID: "sandbox-page-downtown", name: "Café Luna Downtown", token: nil, locationID: downtown)
        _ = try store.connect(tenantID: tenant.id, kind: .instagram, externalID: "sandbox-ig-cafeluna", name: "@cafeluna", token: nil, locationID: downtown)
        _ = try store.connect(tenantID: tenant.id, kind: .whatsapp, externalID: "sandbox-wa-harbour", name: "Café Luna Harbour (WhatsApp)", token: nil, locationID: harbour)
        // The demo agent answers the Downtown page only: the admin sees everything, the agent sees one page.
        try ChannelAccess(db: db).set(channelID: page.id, userIDs: [agent.id], teamIDs: [])
    }

    /// Simulates a few customers writing in (through the real ingest path).
    public static func simulateConversations(_ core: Core, journal: IngestJournal, tenant: Tenant) throws {
        let samples: [(String, String, String, String, String)] = [
            ("messenger", "sandbox-page-downtown", "psid-1001", "Maria Rossi", "Hi! Do you have oat milk? ☕"),
            ("messenger", "sandbox-page-downtown", "psid-1002", "Jonas Weber", "Can I book a table for 6 on Friday at 19:00?"),
            ("instagram", "sandbox-ig-cafeluna", "igsid-2001", "Aiko", "Love the new cinnamon buns 😍 are they vegan?"),
            ("whatsapp", "sandbox-wa-harbour", "15550001234", "Sam Carter", "Are you open on Sunday morning?"),
        ]
        var t = Clock.nowMillis() - 3_600_000
        for (kind, channel, sender, name, text) in samples {
            t += 600_000
            let body = Sandbox.inboundBody(kind: kind, channelID: channel, senderID: sender, senderName: name, text: text,
                                           mid: "sandbox.in.\(sender).\(t)", atMillis: t)
            try Sandbox.inject(body, journal: journal, appSecret: core.config.metaAppSecret)
        }
        // Messenger and Instagram never send names (Parley asks the profile API, which sandbox pages do not have):
        // name the demo customers once the worker has stored them, so the first screen looks like a real inbox.
        let db = try core.tenants.database(tenant.id)
        let channels = try ChannelStore(core: core).list(tenantID: tenant.id)
        for _ in 0..<50 {
            var named = 0
            for (_, channel, sender, name, _) in samples {
                guard let ch = channels.first(where: { $0.externalID == channel }),
                      let contact = try ContactStore(db: db).contact(channelID: ch.id, externalID: sender) else { continue }
                if contact.name.isEmpty {
                    _ = try db.write { c in try c.run("UPDATE contacts SET name = ? WHERE id = ? AND name = ''", [name, contact.id]) }
                }
                named += 1
            }
            if named == samples.count { return }
            usleep(100_000)
        }
    }
}
