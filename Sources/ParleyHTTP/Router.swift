/// A request handler: parse, validate, call one service, encode.
public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// How a route's body is received.
public struct BodyPolicy: Sendable {
    /// Largest accepted body in bytes (413 beyond).
    public var maxBytes: Int
    /// Stream the body to a temp file instead of memory (uploads).
    public var toFile: Bool

    /// Creates a policy.
    public init(maxBytes: Int, toFile: Bool = false) {
        self.maxBytes = maxBytes
        self.toFile = toFile
    }

    /// 1 MiB in memory: the default for JSON routes.
    public static let standard = BodyPolicy(maxBytes: 1 << 20)
    /// No body expected.
    public static let none = BodyPolicy(maxBytes: 0)
}

/// One route: a method, a path pattern with `{param}` segments, a body policy and a handler.
public struct Route: Sendable {
    /// "GET", "POST", …
    public let method: String
    /// "/api/v1/conversations/{id}"; a final `{name...}` segment matches the rest of the path.
    public let pattern: String
    /// Body limits for this route.
    public let body: BodyPolicy
    /// The handler.
    public let handler: Handler
    let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    /// Creates a route from "METHOD /path" parts.
    public init(_ method: String, _ pattern: String, body: BodyPolicy = .standard, handler: @escaping Handler) {
        self.method = method.uppercased()
        self.pattern = pattern
        self.body = body
        self.handler = handler
        self.segments = pattern.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("...}") { return .rest(String(part.dropFirst().dropLast(4))) }
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
    }

    func match(_ parts: [Substring]) -> [String: String]? {
        var params: [String: String] = [:]
        var i = 0
        for seg in segments {
            switch seg {
            case .rest(let name):
                params[name] = parts[i...].joined(separator: "/")
                return params
            case .literal(let lit):
                guard i < parts.count, parts[i] == lit else { return nil }
            case .parameter(let name):
                guard i < parts.count else { return nil }
                params[name] = String(parts[i])
            }
            i += 1
        }
        return i == parts.count ? params : nil
    }
}

/// The outcome of looking a request up in the route table.
public enum RouteMatch: Sendable {
    /// A route matched, with its parameters.
    case found(Route, [String: String])
    /// The path exists for other methods (405 with Allow).
    case methodNotAllowed([String])
    /// Nothing matched (404).
    case notFound
}

/// An immutable route table built once at startup.
public struct Router: Sendable {
    /// The routes in registration order (first match wins).
    public private(set) var routes: [Route] = []

    /// Creates an empty router.
    public init() {}

    /// Adds a route.
    public mutating func add(_ route: Route) { routes.append(route) }

    /// Adds a route from its parts.
    public mutating func add(_ method: String, _ pattern: String, body: BodyPolicy = .standard, _ handler: @escaping Handler) {
        routes.append(Route(method, pattern, body: body, handler: handler))
    }

    /// Finds the route for a method and path; HEAD falls back to GET.
    public func match(method: String, path: String) -> RouteMatch {
        let parts = path.split(separator: "/")
        var allowed: [String] = []
        for route in routes {
            guard let params = route.match(parts) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route, params)
            }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(Array(Set(allowed)).sorted())
    }
}
