import Foundation
import ParleyCore
import ParleySQLite
import ParleyTestSupport
import Testing

/// Drives the browser legs of Facebook Login against a TestApp and its FakeGraphAPI.
struct OAuthDriver {
    let app: TestApp
    let session: APISession
    var fake: FakeGraphAPI { app.graph! }

    /// `POST /api/v1/oauth/meta/start` → the dialog URL.
    func start() throws -> URLComponents {
        let r = try session.post("/api/v1/oauth/meta/start")
        guard r.status == 200, let url = r.json["url"] as? String, let c = URLComponents(string: url) else {
            throw TestError("start failed: \(r.status) \(r.text)")
        }
        return c
    }

    /// Opens the dialog on the fake; returns the callback path+query it redirects to (fragment dropped).
    func dialog(_ start: URLComponents) throws -> String {
        let path = start.percentEncodedPath + "?" + (start.percentEncodedQuery ?? "")
        let r = try LoopbackClient(port: fake.port).request("GET", path)
        guard r.status == 302, let location = r.header("location"), let back = URLComponents(string: location) else {
            throw TestError("dialog did not redirect: \(r.status) \(r.text)")
        }
        #expect(location.hasPrefix(app.baseURL + "/oauth/meta/callback?"))
        return back.percentEncodedPath + "?" + (back.percentEncodedQuery ?? "")
    }

    /// Full round trip up to the picker id.
    func pickerID() throws -> String {
        let cb = try session.get(try dialog(try start()))
        guard cb.status == 303, let loc = cb.header("location"), let c = URLComponents(string: loc),
              c.path == "/settings/channels", let id = c.queryItems?.first(where: { $0.name == "picker" })?.value else {
            throw TestError("callback did not redirect to the picker: \(cb.status) \(cb.text)")
        }
        return id
    }

    /// Connects pages from a new login; returns the per-account outcomes.
    func connect(_ pages: [[String: Any]]) throws -> [[String: Any]] {
        let id = try pickerID()
        let r = try session.post("/api/v1/oauth/meta/pickers/\(id)/connect", ["pages": pages])
        guard r.status == 200, let results = r.json["results"] as? [[String: Any]] else { throw TestError("connect failed: \(r.status) \(r.text)") }
        return results
    }
}

enum ChannelTestData {
    /// Every file under the data folder (databases, WAL files, backups) that contains `needle` (keys/ excluded).
    static func filesContaining(_ needle: String, in dir: String) -> [String] {
        let fm = FileManager.default
        let bytes = Data(needle.utf8)
        var hits: [String] = []
        guard let e = fm.enumerator(atPath: dir) else { return [] }
        for case let rel as String in e where !rel.hasPrefix("keys") {
            let path = dir + "/" + rel
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue, let data = fm.contents(atPath: path) else { continue }
            if data.range(of: bytes) != nil { hits.append(rel) }
        }
        return hits
    }

    /// Count of rows in a control table.
    static func controlCount(_ app: TestApp, _ table: String) throws -> Int64 {
        try app.core.control.read { c in try c.scalar("SELECT count(*) FROM \(table)", as: Int64.self) } ?? -1
    }

    /// Adds a contact and an open conversation on a channel; returns the conversation id.
    static func conversation(_ app: TestApp, tenantID: Int64, channelID: Int64, psid: String, name: String = "") throws -> (conversation: Int64, contact: Int64) {
        try app.core.tenants.database(tenantID).write { c in
            try c.run("INSERT INTO contacts (name, created_at) VALUES (?, ?)", [name, Clock.iso()])
            let contact = c.lastInsertRowID
            try c.run("INSERT INTO contact_identities (channel_id, external_id, contact_id) VALUES (?, ?, ?)", [channelID, psid, contact])
            try c.run("INSERT INTO conversations (channel_id, contact_id, last_message_at, last_message_preview, created_at) VALUES (?, ?, ?, 'hi', ?)",
                      [channelID, contact, Clock.nowMillis(), Clock.iso()])
            return (c.lastInsertRowID, contact)
        }
    }

    /// Audit actions of a tenant, oldest first.
    static func auditActions(_ app: TestApp, tenantID: Int64) throws -> [String] {
        try app.core.tenants.database(tenantID).read { c in try c.query("SELECT action FROM audit_log ORDER BY id").map { try $0.string("action") } }
    }

    /// A signed_request as Meta builds it.
    static func signedRequest(userID: String, secret: String = "test-app-secret", algorithm: String = "HMAC-SHA256") -> String {
        SignedRequest.sign("{\"algorithm\":\"\(algorithm)\",\"expires\":1291840400,\"issued_at\":1291836800,\"user_id\":\"\(userID)\"}", appSecret: secret)
    }

    /// POSTs a form body to a Meta callback path.
    static func postForm(_ app: TestApp, _ path: String, _ fields: [(String, String)]) throws -> RawResponse {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try app.client.request("POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
    }
}
