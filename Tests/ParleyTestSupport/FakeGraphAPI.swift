import Foundation
import ParleyHTTP
import ParleyHTTPClient
import Synchronization

/// A loopback stand-in for Meta's Graph API (meta-platform.md §5–7): records every request, keeps programmable pages,
/// tokens and publishing state, and answers with Meta's exact success and error shapes. Every path may carry a
/// `/vNN.N` version prefix. Point `META_GRAPH_URL` (and `META_DIALOG_URL`) at `baseURL`.
public final class FakeGraphAPI: Sendable {
    let store: Mutex<FakeGraphStore>
    private let server = Mutex<Server?>(nil)
    /// Fetches `image_url`s for Instagram containers (Meta downloads them at request time).
    let fetcher = HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(10)))

    /// Starts the fake on 127.0.0.1 with a free port.
    public init(settings: FakeGraphSettings = FakeGraphSettings()) throws {
        store = Mutex(FakeGraphStore(settings: settings))
        var router = Router()
        // One catch-all route per method: the fake does its own dispatch so it can strip version prefixes.
        for method in ["GET", "POST", "DELETE"] {
            router.add(method, "/{path...}", body: BodyPolicy(maxBytes: 16 << 20)) { [weak self] req in
                guard let self else { throw HTTPError.unavailable(retryAfter: 1, message: "fake stopped") }
                return self.handle(req)
            }
        }
        var config = ServerConfiguration()
        config.port = 0
        config.threads = 2
        let s = try Server(configuration: config, router: router, middleware: [])
        server.withLock { $0 = s }
    }

    deinit { stop() }

    /// The bound port.
    public var port: UInt16 { server.withLock { $0?.port ?? 0 } }
    /// `http://127.0.0.1:<port>` (no version; Parley appends `/vNN.N/...`).
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops serving (idempotent).
    public func stop() {
        let s = server.withLock { s -> Server? in let x = s; s = nil; return x }
        s?.stop(grace: .seconds(1))
    }

    // MARK: - Programming the fake

    /// The current settings.
    public var settings: FakeGraphSettings { store.withLock { $0.settings } }
    /// Changes settings (container polls, quotas, window enforcement, usage headers…).
    public func update(_ change: (inout FakeGraphSettings) -> Void) { store.withLock { change(&$0.settings) } }
    /// Pins the fake's clock (nil = real time); the 24 h window, token expiry and schedules use it.
    public func setNow(_ date: Date?) { store.withLock { $0.settings.fixedNow = date } }

    /// Adds a Facebook Page (and its linked Instagram account, if any); its page token becomes valid.
    public func addPage(_ page: FakePage) {
        store.withLock { s in
            s.pages.removeAll { $0.id == page.id }
            s.pages.append(page)
            s.tokens[page.accessToken] = FakeToken(kind: .page(page.id), userID: s.settings.userID, issuedAt: s.now, expiresAt: nil,
                                                   scopes: s.settings.grantedScopes)
        }
    }

    /// Adds a Page from its parts; returns it.
    @discardableResult
    public func addPage(id: String, name: String, accessToken: String? = nil, instagramID: String? = nil,
                        tasks: [String] = ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"]) -> FakePage {
        let page = FakePage(id: id, name: name, accessToken: accessToken ?? "EAAPage" + FakeIDs.alnum(24), tasks: tasks,
                            instagramID: instagramID)
        addPage(page)
        return page
    }

    /// Makes a token valid (e.g. a WhatsApp system-user token or a page token stored directly in a channel).
    public func addToken(_ token: String, kind: FakeToken.Kind = .system, expiresAt: Date? = nil) {
        store.withLock { s in
            s.tokens[token] = FakeToken(kind: kind, userID: s.settings.userID, issuedAt: s.now, expiresAt: expiresAt, scopes: s.settings.grantedScopes)
        }
    }

    /// Invalidates a token: later calls with it get code 190 with this subcode (460 password changed, 458 app removed, 463 expired…).
    public func revokeToken(_ token: String, subcode: Int = 460) {
        store.withLock { s in
            if s.tokens[token] == nil { s.tokens[token] = FakeToken(kind: .system, userID: s.settings.userID, issuedAt: s.now, expiresAt: nil, scopes: []) }
            s.tokens[token]?.revokedSubcode = subcode
        }
    }

    /// Registers the time of the last message FROM `psid` to `page` (opens the 24 h / 7 day window).
    /// For WhatsApp, `page` is the phone-number id and `psid` the wa_id.
    public func recordInbound(page: String, psid: String, at: Date = Date()) {
        store.withLock { $0.inbound["\(page)|\(psid)"] = at }
    }

    /// Makes sends to `psid` fail with 551/1545041 ("This person isn't available right now").
    public func markUnavailable(psid: String) { store.withLock { _ = $0.unavailable.insert(psid) } }

    /// Adds a User Profile API answer for a PSID/IGSID.
    public func addProfile(id: String, fields: [String: String]) { store.withLock { $0.profiles[id] = fields } }

    /// Makes the next `times` matching requests fail (or wait) instead of being answered normally.
    public func inject(_ action: FakeInjection.Action, method: String? = nil, pathContains: String? = nil, times: Int = 1) {
        store.withLock { $0.injections.append(FakeInjection(method: method?.uppercased(), pathContains: pathContains, remaining: times, action: action)) }
    }

    /// Forgets recorded requests (state such as pages and tokens stays).
    public func clearRequests() { store.withLock { $0.requests.removeAll() } }

    // MARK: - Reading what happened

    /// Every request received, oldest first.
    public var requests: [RecordedRequest] { store.withLock { $0.requests } }
    /// Requests whose path (version stripped) equals `path` or, if `suffix`, ends with it.
    public func requests(_ method: String? = nil, path: String, suffix: Bool = false) -> [RecordedRequest] {
        requests.filter { r in (method == nil || r.method == method!.uppercased()) && (suffix ? r.path.hasSuffix(path) : r.path == path) }
    }
    /// Messages accepted by the Send APIs (Messenger, Instagram, WhatsApp), oldest first.
    public var sentMessages: [FakeSentMessage] { store.withLock { $0.sent } }
    /// Facebook posts and photos created, oldest first.
    public var posts: [FakePost] { store.withLock { $0.posts } }
    /// Instagram containers by creation order.
    public var containers: [FakeContainer] { store.withLock { $0.containers } }
    /// Fields the app is subscribed to on a page (nil = not subscribed).
    public func subscribedFields(page: String) -> [String]? { store.withLock { $0.subscriptions[page] } }
    /// URLs the fake downloaded (Instagram `image_url`s) with the HTTP status it got (0 = no connection).
    public var fetches: [(url: String, status: Int)] { store.withLock { $0.fetches.map { ($0.url, $0.status) } } }

    // MARK: - Dispatch

    func handle(_ req: HTTPRequest) -> HTTPResponse {
        let rec = RecordedRequest(req)
        let action = store.withLock { s -> FakeInjection.Action? in
            s.requests.append(rec)
            return s.takeInjection(method: rec.method, path: rec.path)
        }
        switch action {
        case .fail(let failure)?:
            return failure.delay > 0 ? Self.later(after: failure.delay) { self.decorate(failure.response()) } : decorate(failure.response())
        case .delay(let seconds)?:
            return Self.later(after: seconds) { self.route(rec) }
        case nil:
            return route(rec)
        }
    }

    func route(_ rec: RecordedRequest) -> HTTPResponse {
        do {
            return decorate(try dispatch(rec))
        } catch let f as GraphFailure {
            return decorate(f.response())
        } catch {
            return decorate(GraphFailure(status: 500, code: 1, message: "An unknown error occurred: \(error)").response())
        }
    }

    private func dispatch(_ r: RecordedRequest) throws -> HTTPResponse {
        let seg = r.segments
        switch (r.method, seg.count) {
        case ("GET", 2) where seg == ["oauth", "access_token"]: return try oauthAccessToken(r)
        case ("GET", 2) where seg == ["dialog", "oauth"]: return dialog(r)
        case ("GET", 1) where seg[0] == "debug_token": return try debugToken(r)
        case ("GET", 1) where seg[0] == "me": return try me(r)
        case ("GET", 2) where seg == ["me", "accounts"]: return try accounts(r)
        case ("GET", 2) where seg == ["me", "permissions"]: return try permissions(r)
        case ("POST", 2) where seg[1] == "messages": return try sendMessage(r, to: seg[0])
        case (_, 2) where seg[1] == "subscribed_apps": return try subscribedApps(r, page: seg[0])
        case ("POST", 2) where seg[1] == "feed": return try feed(r, page: seg[0])
        case ("POST", 2) where seg[1] == "photos": return try photos(r, page: seg[0])
        case ("POST", 2) where seg[1] == "videos": return try videos(r, page: seg[0])
        case ("POST", 2) where seg[1] == "media": return try createContainer(r, ig: seg[0])
        case ("POST", 2) where seg[1] == "media_publish": return try mediaPublish(r, ig: seg[0])
        case ("GET", 2) where seg[1] == "content_publishing_limit": return try publishingLimit(r, ig: seg[0])
        case ("GET", 1): return try node(r, id: seg[0])
        default:
            throw GraphFailure(status: 400, code: 2500, message: "Unknown path components: \(r.path)")
        }
    }

    /// Adds the configured usage headers to every answer.
    func decorate(_ response: HTTPResponse) -> HTTPResponse {
        var r = response
        let s = store.withLock { $0.settings }
        if let u = s.appUsage, !r.headers.contains("X-App-Usage") { r.headers.set("X-App-Usage", u) }
        if let u = s.businessUseCaseUsage { r.headers.set("X-Business-Use-Case-Usage", u) }
        return r
    }

    /// A JSON success answer.
    static func ok(_ object: Any, status: Int = 200) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var h = HTTPHeaders()
        h.set("Content-Type", "application/json; charset=UTF-8")
        return HTTPResponse(status: status, headers: h, body: .bytes(Array(data)))
    }

    /// Answers later from a fresh thread (not the server's workers, which tests share with the app under test).
    static func later(after seconds: Double = 0, _ work: @escaping @Sendable () -> HTTPResponse) -> HTTPResponse {
        let d = DeferredResponse()
        Thread.detachNewThread {
            if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
            d.complete(work())
        }
        return HTTPResponse(body: .deferred(d))
    }
}
