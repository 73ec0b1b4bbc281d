import FoundationEssentials
import ParleyCore
import ParleyHTTP

/// Meta's deauthorize and data-deletion callbacks (signed_request, meta-platform.md §8) and the deletion status page.
enum MetaCallbackRoutes {
    struct DeletionAnswer: Encodable {
        let url: String
        let confirmation_code: String
    }

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        let small = BodyPolicy(maxBytes: 16 << 10)
        r.add("POST", "/callbacks/meta/deauthorize", body: small) { req in
            let signed = try verify(req, ctx)
            let links = try core { try MetaUserCallbacks(core: ctx.core).deauthorize(metaUserID: signed.userID) }
            for l in links {
                guard let db = try? ctx.core.tenants.database(l.tenantID) else { continue }
                ctx.audit(req, nil, "channel.deauthorized", target: "channel:\(l.channelID)", result: "ok",
                          details: "Facebook user removed the app; channel needs a new login", db: db, actor: "meta")
                ctx.live.notify(tenantID: l.tenantID)
            }
            return .rawJSON("{\"status\":\"ok\"}")
        }
        r.add("POST", "/callbacks/meta/data-deletion", body: small) { req in
            let signed = try verify(req, ctx)
            let code = try core { try MetaUserCallbacks(core: ctx.core).requestDeletion(metaUserID: signed.userID) }
            var base = ctx.core.config.publicURL
            while base.hasSuffix("/") { base.removeLast() }
            return try .json(DeletionAnswer(url: "\(base)/deletion-status?id=\(code)", confirmation_code: code))
        }
        r.add("GET", "/deletion-status", body: .none) { req in
            let code = req.queryValue("id") ?? ""
            guard let s = try core({ try MetaUserCallbacks(core: ctx.core).deletionStatus(code: code) }) else {
                return PlainPage.render(title: "Unknown deletion request",
                                        paragraphs: ["There is no data deletion request with this confirmation code."], link: nil, status: 404)
            }
            var lines = ["Confirmation code: \(s.code)", "Received: \(Clock.iso(millis: s.createdAt * 1000))"]
            if let done = s.completedAt {
                lines.append("Status: completed on \(Clock.iso(millis: done * 1000)).")
            } else {
                lines.append("Status: received; it is being processed.")
            }
            if !s.summary.isEmpty { lines.append(s.summary) }
            return PlainPage.render(title: "Data deletion request", paragraphs: lines, link: nil)
        }
    }

    /// The verified signed_request of a form-encoded callback, or a 400 envelope.
    static func verify(_ req: HTTPRequest, _ ctx: RouteContext) throws -> SignedRequest {
        guard let value = formValue(req.body, "signed_request"), !value.isEmpty else {
            throw HTTPError.badRequest("Send the signed_request form field.", code: "invalid_signed_request")
        }
        do {
            return try SignedRequest.verify(value, appSecret: ctx.core.config.metaAppSecret)
        } catch {
            ctx.logger.error("meta callback refused", [("path", req.path), ("reason", "\(error)"), ("ip", req.clientIP)])
            if error == .noSecret { throw HTTPError.unavailable(retryAfter: 3600, message: "META_APP_SECRET is not configured.") }
            throw HTTPError.badRequest("The signed_request is not valid.", code: "invalid_signed_request")
        }
    }

    /// One field of an application/x-www-form-urlencoded body (`+` is a space, `%XX` a byte).
    static func formValue(_ body: [UInt8], _ name: String) -> String? {
        for pair in body.split(separator: UInt8(ascii: "&")) {
            let kv = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let k = percentDecode(kv[0]), k == name else { continue }
            return kv.count > 1 ? percentDecode(kv[1]) : ""
        }
        return nil
    }

    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else { return nil }
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }
}
