import Foundation
import ParleyAPI
import ParleyCore
import ParleyCrypto
import ParleySQLite
import ParleyTestSupport

/// A real App on 127.0.0.1:<random> over a temp data dir, with one tenant and helpers to sign and POST webhooks.
final class WebhookHarness: @unchecked Sendable {
    static let secret = "test-app-secret-0123456789"
    static let verifyToken = "verify-token-abc"

    let dir: TempDirectory
    let core: Core
    let app: App
    let client: LoopbackClient
    let tenant: Tenant

    init(appSecret: String = WebhookHarness.secret, verifyToken: String = WebhookHarness.verifyToken) throws {
        dir = TempDirectory("parley-ingest")
        var config = Config()
        config.listenPort = 0
        config.dataDir = dir.path
        config.metaAppSecret = appSecret
        config.metaVerifyToken = verifyToken
        config.logFormat = "text"
        core = try Core(config: config)
        app = try App(core: core)
        client = LoopbackClient(port: app.port)
        tenant = try Provisioning.createTenant(core, slug: "cafe", name: "Café", adminEmail: "admin@cafe.example",
                                               adminPassword: "correct horse battery").tenant
    }

    func close() {
        app.stop(grace: .seconds(2))
        dir.remove()
    }

    var tenantDB: Database { get throws { try core.tenants.database(tenant.id) } }

    @discardableResult
    func connect(_ kind: ChannelKind, _ externalID: String, name: String = "Channel", token: String? = "tok-secret-123") throws -> Channel {
        try ChannelStore(core: core).connect(tenantID: tenant.id, kind: kind, externalID: externalID, name: name, token: token)
    }

    static func sign(_ body: [UInt8], secret: String = WebhookHarness.secret) -> String {
        "sha256=" + HMACSHA256.hex(key: Array(secret.utf8), message: body)
    }

    /// POSTs exact bytes with the given signature header (nil = no header).
    func post(_ body: [UInt8], signature: String?) throws -> RawResponse {
        var headers = [("Content-Type", "application/json")]
        if let signature { headers.append(("X-Hub-Signature-256", signature)) }
        return try client.request("POST", "/webhooks/meta", headers: headers, body: body)
    }

    /// Signs and POSTs a JSON text.
    func post(_ json: String) throws -> RawResponse {
        let body = Array(json.utf8)
        return try post(body, signature: Self.sign(body))
    }

    func ingestScalar(_ sql: String) throws -> Int64 {
        try core.ingest.read { c in try c.scalar(sql, as: Int64.self) ?? 0 }
    }

    func tenantScalar(_ sql: String, _ args: [any SQLBindable] = []) throws -> Int64 {
        try tenantDB.read { c in try c.scalar(sql, args, as: Int64.self) ?? 0 }
    }

    func inboundRows() throws -> [(status: String, error: String?)] {
        try core.ingest.read { c in
            try c.query("SELECT status, last_error FROM inbound ORDER BY id").map { (try $0.string("status"), try $0.optionalString("last_error")) }
        }
    }

    /// Waits until nothing is pending and the worker has had a moment; false on timeout.
    func waitForIngest(timeout: Double = 8) -> Bool {
        waitUntil(timeout: timeout) { (try? self.ingestScalar("SELECT count(*) FROM inbound WHERE status = 'pending'")) == 0 }
    }

    /// Polls `condition` every 20 ms.
    func waitUntil(timeout: Double = 8, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// Webhook bodies in Meta's shapes (meta-platform.md §4); text arguments must already be JSON-escaped.
enum MetaBodies {
    static func messagingItem(page: String, psid: String, mid: String, text: String, time: Int64) -> String {
        #"{"sender":{"id":"\#(psid)"},"recipient":{"id":"\#(page)"},"timestamp":\#(time),"message":{"mid":"\#(mid)","text":"\#(text)"}}"#
    }

    static func entry(_ id: String, time: Int64, items: [String]) -> String {
        #"{"id":"\#(id)","time":\#(time),"messaging":[\#(items.joined(separator: ","))]}"#
    }

    static func page(_ entries: [String], object: String = "page") -> String {
        #"{"object":"\#(object)","entry":[\#(entries.joined(separator: ","))]}"#
    }

    static func messengerText(page: String, psid: String, mid: String, text: String, time: Int64 = 1_760_000_000_000) -> String {
        Self.page([entry(page, time: time, items: [messagingItem(page: page, psid: psid, mid: mid, text: text, time: time)])])
    }

    static func whatsApp(phoneID: String, value: String) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"WABA1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550000000","phone_number_id":"\#(phoneID)"},\#(value)}}]}]}"#
    }
}
