/// A step around the handler: look at the request, call `next`, adjust the response. Throwing is fine.
public protocol Middleware: Sendable {
    /// Handles the request, usually by calling `next`.
    func handle(_ request: HTTPRequest, next: Handler) throws -> HTTPResponse
}

/// A middleware made from a closure.
public struct ClosureMiddleware: Middleware {
    let body: @Sendable (HTTPRequest, Handler) throws -> HTTPResponse
    /// Wraps a closure.
    public init(_ body: @escaping @Sendable (HTTPRequest, Handler) throws -> HTTPResponse) { self.body = body }
    public func handle(_ request: HTTPRequest, next: Handler) throws -> HTTPResponse { try body(request, next) }
}

extension Array where Element == any Middleware {
    /// Composes the middleware around a handler; the first element is the outermost.
    public func wrap(_ handler: @escaping Handler) -> Handler {
        reversed().reduce(handler) { next, mw in { req in try mw.handle(req, next: next) } }
    }
}

/// Turns any thrown error into the JSON envelope; unknown errors become a logged 500 without details.
public struct ErrorMiddleware: Middleware {
    let log: @Sendable (HTTPRequest, HTTPError) -> Void
    /// `log` receives every 5xx with its internal cause.
    public init(log: @escaping @Sendable (HTTPRequest, HTTPError) -> Void) { self.log = log }
    public func handle(_ request: HTTPRequest, next: Handler) throws -> HTTPResponse {
        do {
            return try next(request)
        } catch let e as HTTPError {
            if e.status >= 500 { log(request, e) }
            return .error(e)
        } catch {
            let e = HTTPError.internal(cause: String(describing: error))
            log(request, e)
            return .error(e)
        }
    }
}

/// Adds headers to every response that does not set them already (security headers, CSP).
public struct HeadersMiddleware: Middleware {
    let headers: [(String, String)]
    /// The headers to add.
    public init(_ headers: [(String, String)]) { self.headers = headers }
    public func handle(_ request: HTTPRequest, next: Handler) throws -> HTTPResponse {
        var r = try next(request)
        for (name, value) in headers where !r.headers.contains(name) { r.headers.set(name, value) }
        return r
    }
}
