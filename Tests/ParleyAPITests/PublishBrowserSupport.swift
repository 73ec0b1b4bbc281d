import Foundation
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The publish browser tests' set-up: a running app with the fake Graph API, one Facebook Page and its Instagram
/// account connected (PublishingHarness), plus a manager and an agent (no publish_posts) who may use both channels.
struct PublishBrowserFixture {
    let h: PublishingHarness
    let agentEmail = "agent@acme.test"
    let managerEmail = "manager@acme.test"
    var t: TestApp { h.t }
    var page: Channel { h.pageChannel }
    var ig: Channel { h.igChannel }

    /// Starts the app and seeds it; `configure` adjusts the server's Config (for example a fake OpenAI base URL).
    static func start(configure: (inout Config) -> Void = { _ in }) throws -> PublishBrowserFixture {
        let h = try PublishingHarness(configure: configure)
        do {
            let db = try h.t.core.tenants.database(h.tenant.id)
            let agent = try h.t.addUser(tenant: h.tenant, email: "agent@acme.test", role: .agent, name: "Alex Agent")
            _ = try h.t.addUser(tenant: h.tenant, email: "manager@acme.test", role: .manager, name: "Mia Manager")
            for ch in [h.pageChannel, h.igChannel] { try ChannelAccess(db: db).set(channelID: ch.id, userIDs: [agent.id], teamIDs: []) }
            return PublishBrowserFixture(h: h)
        } catch {
            h.stop()
            throw error
        }
    }

    /// The posts the admin API lists.
    func posts(state: String = "all") throws -> [[String: Any]] {
        try h.admin.get("/api/v1/posts?state=\(state)").json["posts"] as? [[String: Any]] ?? []
    }

    /// A calendar's progress as the admin API reports it (`GET /api/v1/calendars/{id}`).
    func calendar(_ id: Int) throws -> [String: Any] {
        try h.admin.get("/api/v1/calendars/\(id)").json
    }

    /// A post's scheduled time as the admin API reports it.
    func scheduledAt(_ id: Int) throws -> Date {
        let raw = (try h.admin.get("/api/v1/posts/\(id)").json["post"] as? [String: Any])?["scheduled_at"] as? String ?? ""
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let d = ISO8601DateFormatter().date(from: raw) ?? fractional.date(from: raw) else { throw TestError("post \(id) scheduled_at \(raw)") }
        return d
    }


    /// A temp file with these bytes; returns its path.
    static func tempFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A small SVG (refused by the library: markup can carry scripts).
    static let svg = Array(##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="30" fill="#4f46e5"/></svg>"##.utf8)
}

/// Browser steps of the publish tests (names differ from the inbox helpers in this module).
extension WebDriver {
    /// Signs in through the real login page and lands on `path`.
    func publishSignIn(_ base: String, email: String, path: String, password: String = TestApp.defaultPassword) throws {
        let pathname = path.split(separator: "?").first.map(String.init) ?? path
        try signIn(base, email: email, password: password, next: path,
                   ready: "location.pathname === '\(pathname)' && !document.querySelector('#view > .loading')")
    }

    /// A real JPEG drawn on a canvas by the browser itself (decodable, so thumbnails and previews render).
    func canvasJPEG(width: Int, height: Int, label: String) throws -> [UInt8] {
        let script = """
            const c = document.createElement('canvas'); c.width = arguments[0]; c.height = arguments[1];
            const g = c.getContext('2d');
            const grad = g.createLinearGradient(0, 0, c.width, c.height);
            grad.addColorStop(0, '#8b5a2b'); grad.addColorStop(0.5, '#d2a26b'); grad.addColorStop(1, '#f3e2c7');
            g.fillStyle = grad; g.fillRect(0, 0, c.width, c.height);
            g.fillStyle = '#fff8ee'; g.beginPath(); g.ellipse(c.width / 2, c.height / 2, c.width / 4, c.height / 5, 0, 0, 2 * Math.PI); g.fill();
            g.fillStyle = '#5a3414'; g.font = 'bold ' + Math.round(c.width / 12) + 'px sans-serif'; g.textAlign = 'center';
            g.fillText(arguments[2], c.width / 2, c.height / 2 + c.width / 36);
            return c.toDataURL('image/jpeg', 0.85).split(',')[1];
            """
        guard let b64 = try execute(script, [width, height, label]) as? String, let data = Data(base64Encoded: b64) else {
            throw TestError("the browser did not draw a JPEG")
        }
        return Array(data)
    }

    /// Gives a file to an `<input type=file>` (WebDriver sends the path as keys; the input may be visually hidden).
    func chooseFile(_ css: String, path: String) throws {
        try type(into: try waitFor(css), path)
    }

    /// Drops a real File on the element (dragenter, dragover, drop with a DataTransfer built in the page, since
    /// WebDriver's pointer actions do not drive HTML5 drag and drop); returns whether the dragover was accepted.
    @discardableResult
    func dropFile(on css: String, name: String, bytes: [UInt8], type: String) throws -> Bool {
        try execute("""
            const bin = atob(arguments[1]);
            const data = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
            const dt = new DataTransfer();
            dt.items.add(new File([data], arguments[2], {type: arguments[3]}));
            const zone = document.querySelector(arguments[0]);
            const fire = (type) => zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
            fire('dragenter');
            const accepted = !fire('dragover');
            fire('drop');
            return accepted;
            """, [css, Data(bytes).base64EncodedString(), name, type]) as? Bool ?? false
    }

    /// Drags the element `source` onto `target` with HTML5 drag events in the page; returns whether the dragover
    /// was accepted and whether the target was highlighted during it.
    func drag(_ source: String, onto target: String) throws -> (accepted: Bool, highlighted: Bool) {
        let r = try execute("""
            const from = document.querySelector(arguments[0]), to = document.querySelector(arguments[1]);
            if (!from || !to) return [false, false];
            const dt = new DataTransfer();
            const fire = (node, type) => node.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
            fire(from, 'dragstart');
            fire(to, 'dragenter');
            const accepted = !fire(to, 'dragover');
            const highlighted = to.classList.contains('is-drop-target');
            fire(to, 'drop');
            fire(from, 'dragend');
            return [accepted, highlighted];
            """, [source, target]) as? [Bool] ?? []
        return (r.first ?? false, r.last ?? false)
    }

    /// Number of elements matching a selector.
    func count(_ css: String) throws -> Int {
        try execute("return document.querySelectorAll(arguments[0]).length", [css]) as? Int ?? 0
    }

    /// Sets a form control's value and fires input/change (for date, month and number inputs).
    func setValue(_ css: String, _ value: String) throws {
        let ok = try execute("""
            const e = document.querySelector(arguments[0]); if (!e) return false; e.value = arguments[1];
            e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return e.value === arguments[1];
            """, [css, value]) as? Bool ?? false
        guard ok else { throw TestError("could not set \(css) to \(value)") }
    }
}
