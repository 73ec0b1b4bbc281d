import ParleyCore
import ParleyCrypto
import ParleyHTTP

/// Meta webhooks (DESIGN.md §4, meta-platform.md §1–2): the GET verification handshake and the signed POST.
/// POST order: verify X-Hub-Signature-256 over the exact raw bytes (constant time) before any parsing → append the raw
/// body to the ingest journal → answer 200 only after its COMMIT; storage failure → 503 + Retry-After so Meta retries.
/// An unset META_APP_SECRET answers 503 too: it is our misconfiguration, and Meta keeps retrying (for up to a day or
/// more) until the operator fixes it, instead of the events being dropped as "rejected".
enum WebhookRoutes {
    /// Largest body accepted: Meta batches up to 1,000 updates per POST.
    static let maxBody = 3 << 20
    /// Retry-After on storage trouble: short, because Meta retries quickly and disables a failing endpoint after an hour.
    static let retryAfter = 5
    static let counterName = "parley_webhook_requests_total"
    static let counterHelp = "Meta webhook POSTs by outcome (accepted, duplicate bodies included; rejected = bad signature; failed = not stored)."

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        let ingest = ctx.ingest
        ctx.metrics.gauge("parley_ingest_backlog", help: "Inbound webhook rows waiting for the ingest worker.") {
            Double((try? ingest.processor.backlog()) ?? 0)
        }
        r.add("GET", "/webhooks/meta", body: .none) { req in verify(req, ctx) }
        r.add("POST", "/webhooks/meta", body: BodyPolicy(maxBytes: maxBody)) { req in receive(req, ctx) }
    }

    /// The subscription handshake: echo hub.challenge only for mode=subscribe with the configured verify token.
    static func verify(_ req: HTTPRequest, _ ctx: RouteContext) -> HTTPResponse {
        let configured = Array(ctx.core.config.metaVerifyToken.utf8)
        let given = Array((req.queryValue("hub.verify_token") ?? "").utf8)
        // An empty configured token must never match (else an unconfigured server verifies anyone's callback).
        let tokenOK = ConstantTime.equals(given, configured) && !configured.isEmpty
        guard req.queryValue("hub.mode") == "subscribe", tokenOK, let challenge = req.queryValue("hub.challenge"),
              !challenge.isEmpty, challenge.utf8.count <= 256 else {
            ctx.logger.info("webhook verification refused", [("mode", req.queryValue("hub.mode") ?? ""), ("ip", req.remoteAddress)])
            return .error(.forbidden("Webhook verification failed."))
        }
        // Meta wants the challenge verbatim as the whole body (no JSON, no quotes).
        return .text(challenge, contentType: "text/plain")
    }

    /// The signed event POST.
    static func receive(_ req: HTTPRequest, _ ctx: RouteContext) -> HTTPResponse {
        let secret = Array(ctx.core.config.metaAppSecret.utf8)
        guard !secret.isEmpty else {
            count(ctx, "failed")
            ctx.logger.error("webhook refused: META_APP_SECRET is not set; answering 503 so Meta retries once it is configured")
            return .error(.unavailable(retryAfter: 60, message: "Webhooks are not configured on this server."))
        }
        let header = req.headers["X-Hub-Signature-256"]
        guard let header, let expected = parseSignature(header),
              HMACSHA256.isValid(expected, key: secret, message: req.body) else {
            count(ctx, "rejected")
            // Never log the body or the header value: only that it failed, and why in broad terms.
            ctx.logger.error("webhook signature rejected", [("reason", header == nil ? "missing" : parseSignature(header!) == nil ? "malformed" : "mismatch"),
                                                            ("bytes", String(req.body.count)), ("ip", req.remoteAddress),
                                                            ("request_id", req.attributes["request_id"] as? String ?? "")])
            return .error(.forbidden("Invalid webhook signature."))
        }
        let deferred = DeferredResponse()
        let logger = ctx.logger, metrics = ctx.metrics
        ctx.ingest.journal.append(provider: "meta", path: req.path, signature: header, body: req.body) { result in
            switch result {
            case .success:
                count(metrics, "accepted")
                deferred.complete(.text("EVENT_RECEIVED", contentType: "text/plain"))
            case .failure(let error):
                count(metrics, "failed")
                logger.error("webhook not stored; answering 503", [("cause", String(describing: error))])
                deferred.fail(.unavailable(retryAfter: retryAfter, message: "Could not store the event; retry shortly.",
                                           cause: String(describing: error)))
            }
        }
        return HTTPResponse(body: .deferred(deferred))
    }

    /// `sha256=<64 lowercase hex>` → the 32 MAC bytes; nil for anything else (sha1=, wrong length, upper case, spaces).
    static func parseSignature(_ header: String) -> [UInt8]? {
        let prefix = "sha256="
        guard header.hasPrefix(prefix) else { return nil }
        let hex = header.dropFirst(prefix.count)
        guard hex.utf8.count == 64,
              hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return Hex.decode(String(hex))
    }

    private static func count(_ ctx: RouteContext, _ result: String) { count(ctx.metrics, result) }

    private static func count(_ metrics: Metrics, _ result: String) {
        metrics.increment(counterName, labels: "result=\"\(result)\"", help: counterHelp)
    }
}
