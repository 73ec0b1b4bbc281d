import Foundation
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Tiny but structurally valid images built in the test (headers are what Parley reads), and multipart bodies.
enum AssetFixtures {
    /// SOI, a comment segment (to vary the bytes), a baseline frame header (SOF0), a scan header and EOI.
    static func jpeg(width: Int, height: Int, comment: String = UUID().uuidString, padding: Int = 0) -> [UInt8] {
        var b: [UInt8] = [0xFF, 0xD8]
        let com = Array(comment.utf8)
        b += [0xFF, 0xFE, UInt8((com.count + 2) >> 8), UInt8((com.count + 2) & 0xFF)] + com
        b += [0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 0xFF), UInt8(width >> 8), UInt8(width & 0xFF), 0x03,
              0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]
        b += [0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]
        if padding > 0 { b += [UInt8](repeating: 0x55, count: padding) }
        b += [0xFF, 0xD9]
        return b
    }

    /// Signature, IHDR (with a real CRC) and IEND.
    static func png(width: Int, height: Int) -> [UInt8] {
        func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let td = Array(type.utf8) + data
            return be(data.count) + td + be(Int(crc32(td)))
        }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", be(width) + be(height) + [8, 2, 0, 0, 0]) + chunk("IEND", [])
    }

    /// ftyp, an `mdat` (before `moov`, as cameras write it), then `moov` with `mvhd` (length) and an audio and a video `trak`
    /// whose `tkhd` holds the size; `rotated` sets a quarter-turn matrix as phones do for portrait clips; `version1` uses
    /// 64-bit header times.
    static func mp4(width: Int, height: Int, millis: Int, rotated: Bool = false, version1: Bool = false, brand: String = "isom",
                    salt: String = UUID().uuidString) -> [UInt8] {
        func be(_ v: Int, _ n: Int = 4) -> [UInt8] { (0..<n).reversed().map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
        func box(_ type: String, _ payload: [UInt8]) -> [UInt8] { be(payload.count + 8) + Array(type.utf8) + payload }
        let scale = 600
        let units = millis * scale / 1000
        let mvhd = version1 ? [1, 0, 0, 0] + be(0, 8) + be(0, 8) + be(scale) + be(units, 8) + [UInt8](repeating: 0, count: 80)
            : [0, 0, 0, 0] + be(0) + be(0) + be(scale) + be(units) + [UInt8](repeating: 0, count: 80)
        func tkhd(_ w: Int, _ h: Int) -> [UInt8] {
            let matrix = rotated ? be(0) + be(0x10000) + be(0) + be(-0x10000) + be(0) + be(0) + be(0) + be(0) + be(0x4000_0000)
                : be(0x10000) + be(0) + be(0) + be(0) + be(0x10000) + be(0) + be(0) + be(0) + be(0x4000_0000)
            let times = version1 ? be(0, 8) + be(0, 8) + be(1) + be(0) + be(units, 8) : be(0) + be(0) + be(1) + be(0) + be(units)
            return box("tkhd", [version1 ? 1 : 0, 0, 0, 3] + times + be(0, 8) + be(0, 2) + be(0, 2) + be(0, 2) + be(0, 2) + matrix + be(w << 16) + be(h << 16))
        }
        let audio = box("trak", tkhd(0, 0))
        let video = box("trak", tkhd(width, height) + box("mdia", []))
        return box("ftyp", Array(brand.utf8) + be(0x200) + Array("isomiso2avc1mp41".utf8)) + box("mdat", Array(salt.utf8) + [UInt8](repeating: 7, count: 512))
            + box("moov", box("mvhd", mvhd) + audio + video)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        }
        return c ^ 0xFFFF_FFFF
    }

    /// A multipart/form-data body with one file part and text fields.
    static func multipart(file: [UInt8], filename: String, fields: [(String, String)] = [], contentType: String = "application/octet-stream") -> (body: [UInt8], contentType: String) {
        let boundary = "----parley" + UUID().uuidString
        var b: [UInt8] = []
        for (k, v) in fields {
            b += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
        }
        b += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
        b += file
        b += Array("\r\n--\(boundary)--\r\n".utf8)
        return (b, "multipart/form-data; boundary=\(boundary)")
    }
}

/// A running app with a tenant, an admin session, a fake Graph API with one Page + linked Instagram account,
/// and both connected as channels.
struct PublishingHarness {
    let t: TestApp
    let fake: FakeGraphAPI
    let tenant: Tenant
    let admin: APISession
    let pageChannel: Channel
    let igChannel: Channel
    static let pageID = "104000000000001"
    static let igID = "17841400000000077"

    init(fastPolls: Bool = true, configure: (inout Config) -> Void = { _ in }) throws {
        let t = try TestApp(fakeGraph: true, configure: configure)
        self.t = t
        guard let fake = t.graph else { throw TestError("no fake graph") }
        self.fake = fake
        let page = fake.addPage(id: Self.pageID, name: "Cafe Luna", instagramID: Self.igID)
        self.tenant = try t.createTenant().tenant
        self.admin = try t.login(email: "admin@acme.test")
        let store = ChannelStore(core: t.core)
        pageChannel = try store.connect(tenantID: tenant.id, kind: .messenger, externalID: Self.pageID, name: "Cafe Luna", token: page.accessToken)
        igChannel = try store.connect(tenantID: tenant.id, kind: .instagram, externalID: Self.igID, name: "cafeluna", token: page.accessToken)
        if fastPolls {
            t.app.publishing.worker.configure { s in
                s.pollIntervalMillis = 100
                s.pollTimeoutMillis = 20_000
                s.retryBaseMillis = 100
            }
        }
    }

    /// Uploads bytes; returns the asset JSON.
    @discardableResult
    func upload(_ bytes: [UInt8], name: String = "photo.jpg", fields: [(String, String)] = []) throws -> (RawResponse, [String: Any]) {
        let mp = AssetFixtures.multipart(file: bytes, filename: name, fields: fields)
        let r = try admin.raw("POST", "/api/v1/assets", body: mp.body, contentType: mp.contentType)
        return (r, r.json["asset"] as? [String: Any] ?? [:])
    }

    /// Polls the post until `done` says so (or 20 s pass); returns the last post JSON.
    func waitForPost(_ id: Int, timeout: Double = 20, until done: ([String: Any]) -> Bool) throws -> [String: Any] {
        let end = Date().addingTimeInterval(timeout)
        var last: [String: Any] = [:]
        while Date() < end {
            last = try admin.get("/api/v1/posts/\(id)").json["post"] as? [String: Any] ?? [:]
            if done(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return last
    }

    func stop() { t.stop() }

    /// Stops the app (as a crash would leave the data folder) and starts a new one on the same folder, with the fake
    /// Graph API still running. Returns the new app and this tenant's posts in it; `cleanup` stops both and removes the data.
    func restart() throws -> (app: App, posts: PostStore, cleanup: () -> Void) {
        let config = t.core.config
        t.app.stop(grace: .seconds(1))
        let core = try Core(config: config)
        let app = try App(core: core)
        let posts = PostStore(core: core, tenantID: tenant.id, db: try core.tenants.database(tenant.id))
        return (app, posts, { app.stop(grace: .seconds(1)); fake.stop(); t.directory.remove() })
    }
}
