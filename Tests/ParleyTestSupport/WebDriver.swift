import Foundation

/// A minimal W3C WebDriver client: starts Debian's chromedriver on a free port and opens one headless Chromium session.
/// Commands are JSON over HTTP via LoopbackClient; WebDriver errors surface as `WebDriverError` with the driver's message.
// SAFETY: @unchecked Sendable: only `commandTimeout` is mutable; one test drives one browser at a time.
public final class WebDriver: @unchecked Sendable {
    /// chromedriver's port.
    public let port: UInt16
    /// The session id.
    public let sessionID: String
    let process: ChildProcess
    let client: LoopbackClient
    /// Seconds a single command may take (navigation included).
    public var commandTimeout = 60

    /// Whether chromedriver and Chromium are installed where Debian puts them.
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: driverPath) && FileManager.default.isExecutableFile(atPath: browserPath)
    }
    /// chromedriver's path.
    public static let driverPath = "/usr/bin/chromedriver"
    /// Chromium's path.
    public static let browserPath = "/usr/bin/chromium"

    /// Starts chromedriver and a headless browser with a 1280×900 window.
    public init(width: Int = 1280, height: Int = 900) throws {
        guard Self.isAvailable else {
            throw WebDriverError(error: "not installed", message: "\(Self.driverPath) or \(Self.browserPath) is missing (apt-get install chromium chromium-driver)")
        }
        let port = try FreePort.pick()
        let p = try ChildProcess(path: Self.driverPath, arguments: ["--port=\(port)", "--log-level=WARNING"])
        let client = LoopbackClient(port: port)
        // Wait for the driver to answer /status (it takes ~100 ms).
        let deadline = Date().addingTimeInterval(10)
        var ready = false
        while Date() < deadline {
            if let r = try? client.request("GET", "/status", timeoutSeconds: 2), r.status == 200 { ready = true; break }
            usleep(50_000)
        }
        guard ready else {
            p.terminate(grace: 2)
            throw WebDriverError(error: "driver not ready", message: "chromedriver did not answer on port \(port) within 10 s")
        }
        let caps: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": Self.browserPath,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=\(width),\(height)"],
            ],
        ]]]
        do {
            let value = try Self.command(client, "POST", "/session", caps, timeout: 60)
            guard let id = (value as? [String: Any])?["sessionId"] as? String else {
                throw WebDriverError(error: "bad answer", message: "no sessionId in \(String(describing: value))")
            }
            sessionID = id
        } catch {
            p.terminate(grace: 2)
            throw error
        }
        self.port = port
        self.process = p
        self.client = client
    }

    deinit {
        if process.isRunning { process.terminate(grace: 2) }
    }

    /// Ends the session and stops chromedriver (and with it the browser).
    public func quit() {
        _ = try? Self.command(client, "DELETE", "/session/\(sessionID)", nil, timeout: 20)
        // Ending the session closes the browser; then the driver itself (it exits on SIGTERM; SIGKILL if not).
        process.terminate(grace: 3)
    }

    /// Runs a session command (`path` relative to `/session/<id>`); returns the `value` field.
    @discardableResult
    public func command(_ method: String, _ path: String, _ body: Any? = nil) throws -> Any? {
        try Self.command(client, method, "/session/\(sessionID)\(path)", body, timeout: commandTimeout)
    }

    static func command(_ client: LoopbackClient, _ method: String, _ path: String, _ body: Any?, timeout: Int) throws -> Any? {
        var bytes: [UInt8] = []
        var headers: [(String, String)] = []
        if method == "POST" {
            bytes = Array(try JSONSerialization.data(withJSONObject: body ?? [String: Any]()))
            headers = [("Content-Type", "application/json; charset=utf-8")]
        }
        let r = try client.request(method, path, headers: headers, body: bytes, timeoutSeconds: timeout)
        guard r.status != 0 else { throw WebDriverError(error: "no answer", message: "\(method) \(path): chromedriver closed the connection or timed out") }
        let obj = (try? JSONSerialization.jsonObject(with: Data(r.body), options: [.fragmentsAllowed])) as? [String: Any]
        let value = obj?["value"]
        if r.status >= 400 || (value as? [String: Any])?["error"] != nil {
            let v = value as? [String: Any]
            let message = (v?["message"] as? String ?? r.text).split(separator: "\n").first.map(String.init) ?? ""
            throw WebDriverError(error: v?["error"] as? String ?? "http \(r.status)", message: "\(method) \(path): \(message)")
        }
        return value is NSNull ? nil : value
    }

    /// Opens a URL and waits for the page load.
    public func navigate(_ url: String) throws { try command("POST", "/url", ["url": url]) }
    /// The current URL.
    public func currentURL() throws -> String { try command("GET", "/url") as? String ?? "" }
    /// The page title.
    public func title() throws -> String { try command("GET", "/title") as? String ?? "" }
    /// The page source.
    public func source() throws -> String { try command("GET", "/source") as? String ?? "" }

    /// Runs synchronous JavaScript (`return …` gives the result).
    @discardableResult
    public func execute(_ script: String, _ args: [Any] = []) throws -> Any? {
        try command("POST", "/execute/sync", ["script": script, "args": args])
    }

    /// Sets the window size.
    public func setWindowSize(width: Int, height: Int) throws { try command("POST", "/window/rect", ["width": width, "height": height]) }

    /// Saves a PNG screenshot; returns its path.
    @discardableResult
    public func screenshot(to path: String) throws -> String {
        guard let b64 = try command("GET", "/screenshot") as? String, let data = Data(base64Encoded: b64) else {
            throw WebDriverError(error: "bad answer", message: "screenshot was not base64 PNG")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Saves a screenshot as `<repo>/artifacts/<name>.png`; returns its path.
    @discardableResult
    public func screenshot(named name: String) throws -> String {
        try screenshot(to: RepoPaths.artifacts + "/\(name).png")
    }
}

/// A WebDriver error answer (`value.error`, `value.message`) or a plumbing failure.
public struct WebDriverError: Error, CustomStringConvertible {
    /// The W3C error code ("no such element", "timeout"…).
    public let error: String
    /// The first line of the driver's message.
    public let message: String
    /// Creates one (helpers built on WebDriver throw these too).
    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
    public var description: String { "WebDriver \(error): \(message)" }
}

/// Paths inside the repository, found from this file's location.
public enum RepoPaths {
    /// The repository root (two folders above Tests/ParleyTestSupport).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    /// `<repo>/artifacts` (git-ignored): screenshots and logs from tests.
    public static var artifacts: String { root + "/artifacts" }
}
