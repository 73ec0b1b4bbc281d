import ParleyHTTP

/// Gives every request an id (X-Request-Id), logs one line when it finishes and counts it in the metrics.
struct RequestLogMiddleware: Middleware {
    let logger: Logger
    let metrics: Metrics

    func handle(_ request: HTTPRequest, next: Handler) throws -> HTTPResponse {
        let id = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        request.attributes["request_id"] = id
        var response = try next(request)
        response.headers.set("X-Request-Id", id)
        if case .deferred(let d) = response.body {
            // The real status is known only when the deferred work finishes.
            d.observe { final in record(request, id, final.status) }
        } else {
            record(request, id, response.status)
        }
        return response
    }

    func record(_ request: HTTPRequest, _ id: String, _ status: Int) {
        let elapsed = ContinuousClock.now - request.receivedAt
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = request.routePattern.isEmpty ? "(unmatched)" : request.routePattern
        metrics.record(route: route, status: status, seconds: seconds)
        // Health probes every few seconds would drown the log.
        if request.path != "/healthz" && request.path != "/readyz" {
            var fields: [(String, String)] = [("request_id", id), ("method", request.method), ("path", request.path),
                                              ("route", route), ("status", String(status)),
                                              ("ms", String(Int(seconds * 1000))), ("ip", request.clientIP)]
            if let t = request.attributes["tenant_id"] as? Int64 { fields.append(("tenant", String(t))) }
            logger.info("request", fields)
        }
    }
}
