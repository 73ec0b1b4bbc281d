import ParleyHTTP
import ParleyWeb

/// The embedded pages and their static files.
enum WebRoutes {
    /// App sections served by the app shell (client-side views).
    static let shellPaths = ["/inbox", "/publish", "/assets", "/settings", "/settings/{section}"]

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        let web = ctx.web
        r.add("GET", "/", body: .none) { req in
            // A session cookie means "probably signed in"; the shell itself checks and redirects if not.
            let signedIn = req.cookies["parley_session"] != nil || req.cookies["__Host-parley_session"] != nil
            return .redirect(to: signedIn ? "/inbox" : "/login", status: 302)
        }
        r.add("GET", "/login", body: .none) { _ in try page(web, "login.html") }
        for p in shellPaths { r.add("GET", p, body: .none) { _ in try page(web, "app.html") } }
        r.add("GET", "/favicon.svg", body: .none) { _ in try asset(web, "favicon.svg", immutable: false) }
        r.add("GET", "/assets/{version}/{path...}", body: .none) { req in
            // One version for the whole bundle: an old tab asking for an old version still gets a (non-cached) file.
            try asset(web, try req.parameter("path"), immutable: try req.parameter("version") == web.version)
        }
    }

    static func page(_ web: WebAssets, _ name: String) throws -> HTTPResponse {
        guard let a = web.pageAsset(name) else { throw HTTPError.notFound("The page") }
        var h = HTTPHeaders()
        h.set("Content-Type", a.contentType)
        h.set("Cache-Control", "no-cache")
        return HTTPResponse(status: 200, headers: h, body: .persistent(StaticBytes(a.bytes)))
    }

    static func asset(_ web: WebAssets, _ path: String, immutable: Bool) throws -> HTTPResponse {
        guard !path.hasPrefix("resources/"), let a = web.asset(path) else { throw HTTPError.notFound("The file") }
        var h = HTTPHeaders()
        h.set("Content-Type", a.contentType)
        h.set("ETag", a.etag)
        h.set("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache")
        return HTTPResponse(status: 200, headers: h, body: .persistent(StaticBytes(a.bytes)))
    }
}
