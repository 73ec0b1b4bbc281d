import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

@Suite struct IngestChannelTests {
    @Test func connectSealsTheTokenWritesTheRouteAndReconnectsWithoutDuplicates() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let store = ChannelStore(core: h.core)
        let ch = try store.connect(tenantID: h.tenant.id, kind: .messenger, externalID: "PAGE7", name: "Page 7", token: "EAAB-page-token")
        #expect(ch.hasToken)
        #expect(try store.token(ch) == "EAAB-page-token")
        let sealed = try h.tenantDB.read { c in try c.scalar("SELECT token_sealed FROM channels WHERE id = ?", [ch.id], as: String.self) } ?? ""
        #expect(!sealed.contains("EAAB"))
        #expect(try store.route(RouteKey(provider: "messenger", externalID: "PAGE7"))?.channelID == ch.id)

        let again = try store.connect(tenantID: h.tenant.id, kind: .messenger, externalID: "PAGE7", name: "Renamed", token: nil)
        #expect(again.id == ch.id)
        #expect(again.name == "Renamed")
        #expect(try store.token(again) == "EAAB-page-token")
        #expect(try store.list(tenantID: h.tenant.id).count == 1)

        // Another tenant cannot take over the page's webhooks.
        let other = try Provisioning.createTenant(h.core, slug: "other", name: "Other", adminEmail: "a@other.example", adminPassword: "correct horse battery").tenant
        #expect(throws: CoreError.self) { try store.connect(tenantID: other.id, kind: .messenger, externalID: "PAGE7", name: "X", token: nil) }

        try store.disconnect(tenantID: h.tenant.id, id: ch.id)
        #expect(try store.route(RouteKey(provider: "messenger", externalID: "PAGE7")) == nil)
        #expect(try store.get(tenantID: h.tenant.id, id: ch.id)?.status == "disconnected")
        #expect(throws: CoreError.self) { try store.token(ch) }
    }
}
