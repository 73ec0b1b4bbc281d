import ParleyHTTP

/// /healthz (alive), /readyz (databases answer) and /metrics (Prometheus text).
enum SystemRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/healthz", body: .none) { _ in .rawJSON("{\"status\":\"ok\"}") }
        r.add("GET", "/readyz", body: .none) { _ in
            ctx.core.isReady() ? .rawJSON("{\"status\":\"ready\"}") : .error(.unavailable(retryAfter: 5, message: "Databases are not answering."))
        }
        r.add("GET", "/metrics", body: .none) { req in
            // Metrics reveal traffic shape; serve them to loopback (the proxy host) only.
            guard ["127.0.0.1", "::1"].contains(req.remoteAddress) else { throw HTTPError.notFound() }
            return .text(ctx.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
