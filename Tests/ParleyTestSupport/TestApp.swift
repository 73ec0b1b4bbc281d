import Foundation
import ParleyAPI
import ParleyCore

/// A real Parley server for one test: a fresh data folder, a real listening port on 127.0.0.1 and, optionally,
/// a fake Graph API behind `META_GRAPH_URL`/`META_DIALOG_URL`. Each test makes its own; call `stop()` at the end.
public final class TestApp: Sendable {
    /// The running app.
    public let app: App
    /// Its core (databases, tenants, key ring).
    public let core: Core
    /// The fake Graph API the app talks to, if any.
    public let graph: FakeGraphAPI?
    /// The temporary folder holding `data/`.
    public let directory: TempDirectory
    private let ownsGraph: Bool

    /// Starts an app. `graph`: a fake to point Meta URLs at; `fakeGraph: true` makes (and owns) one.
    /// `configure` runs last and may change anything (the port is picked first so `publicURL` can name it).
    public init(graph: FakeGraphAPI? = nil, fakeGraph: Bool = false, configure: (inout Config) -> Void = { _ in }) throws {
        let dir = TempDirectory("parley-app")
        let fake: FakeGraphAPI?
        do { fake = try graph ?? (fakeGraph ? FakeGraphAPI() : nil) } catch { dir.remove(); throw error }
        var lastError: Error = TestError("no attempt")
        // The port is chosen before listening so PARLEY_PUBLIC_URL (OAuth redirect_uri, media URLs) names it;
        // another process could grab it in between, so a failed listen is retried with a new port.
        for _ in 0..<5 {
            var c = Config()
            let port = (try? FreePort.pick()) ?? 0
            c.listenPort = port
            c.publicURL = "http://127.0.0.1:\(port)"
            c.dataDir = dir.path + "/data"
            c.metaAppID = fake?.settings.appID ?? "1234567890"
            c.metaAppSecret = "test-app-secret"
            c.metaVerifyToken = "test-verify-token"
            c.logFormat = "text"
            if let fake {
                c.metaGraphURL = fake.baseURL
                c.metaDialogURL = fake.baseURL
            }
            configure(&c)
            var core: Core?
            do {
                let opened = try Core(config: c)
                core = opened
                let app = try App(core: opened)
                self.app = app
                self.core = opened
                self.graph = fake
                self.directory = dir
                self.ownsGraph = graph == nil && fake != nil
                return
            } catch {
                core?.close()
                lastError = error
            }
        }
        if graph == nil { fake?.stop() }
        dir.remove()
        throw lastError
    }

    /// The bound port.
    public var port: UInt16 { app.port }
    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// A raw client for this server.
    public var client: LoopbackClient { LoopbackClient(port: port) }
    /// The data folder.
    public var dataDir: String { core.config.dataDir }

    /// Creates a tenant with its database and first admin.
    @discardableResult
    public func createTenant(slug: String = "acme", name: String = "Acme", adminEmail: String = "admin@acme.test",
                             adminPassword: String = TestApp.defaultPassword) throws -> Provisioning.Result {
        try Provisioning.createTenant(core, slug: slug, name: name, adminEmail: adminEmail, adminPassword: adminPassword)
    }

    /// Adds a user to a tenant.
    @discardableResult
    public func addUser(tenant: Tenant, email: String, role: Role = .agent, password: String = TestApp.defaultPassword,
                        name: String? = nil) throws -> User {
        let db = try core.tenants.database(tenant.id)
        return try UserStore(db: db).create(email: email, name: name ?? email.split(separator: "@").first.map(String.init) ?? "User",
                                            role: role, password: password)
    }

    /// A password that passes Parley's rules.
    public static let defaultPassword = "correct horse battery"

    /// Stops the server, closes databases, stops an owned fake and deletes the folder.
    public func stop() {
        app.stop(grace: .seconds(2))
        if ownsGraph { graph?.stop() }
        directory.remove()
    }
}

/// Free TCP ports on 127.0.0.1.
public enum FreePort {
    /// Binds port 0, reads the port the kernel chose and releases it.
    public static func pick() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestError("socket failed: errno \(errno)") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else { throw TestError("bind failed: errno \(errno)") }
        var out = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &out) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return UInt16(bigEndian: out.sin_port)
    }
}
