import Foundation
import ParleyHTTP
import ParleyHTTPClient

/// Pages: `/me/accounts` (paginated), `/{id}` node reads, `/{page}/subscribed_apps`.
extension FakeGraphAPI {
    /// `GET /me/accounts?fields=&limit=&after=`: the user's pages with page tokens and tasks.
    func accounts(_ r: RecordedRequest) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        guard case .user = info.kind else {
            throw GraphFailure.invalidParameter("(#100) Tried accessing nonexisting field (accounts) on node type (Page)")
        }
        let pages = store.withLock { $0.pages }
        let limit = max(1, min(Int(r.params["limit"] ?? "") ?? 25, 100))
        let start = r.params["after"].flatMap(Self.decodeCursor) .map { $0 + 1 } ?? 0
        let slice = start < pages.count ? Array(pages[start..<min(pages.count, start + limit)]) : []
        let fields = Self.fields(r, default: ["access_token", "category", "category_list", "name", "id", "tasks"])
        var out: [String: Any] = ["data": slice.map { Self.pageObject($0, fields: fields) }]
        if !slice.isEmpty {
            var paging: [String: Any] = ["cursors": ["before": Self.cursor(start), "after": Self.cursor(start + slice.count - 1)]]
            if start + slice.count < pages.count {
                // Meta's `next` is a full URL that repeats the query (token included) with the new cursor.
                var items = r.query.filter { $0.key != "after" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                items.append(("after", Self.cursor(start + slice.count - 1)))
                let prefix = r.version.map { "/\($0)" } ?? ""
                paging["next"] = PercentEncoding.appendQuery(items, to: "\(baseURL)\(prefix)/me/accounts")
            }
            out["paging"] = paging
        }
        return Self.ok(out)
    }

    static func cursor(_ i: Int) -> String { Data("cursor-\(i)".utf8).base64EncodedString() }
    static func decodeCursor(_ c: String) -> Int? {
        guard let d = Data(base64Encoded: c), let s = String(data: d, encoding: .utf8), s.hasPrefix("cursor-") else { return nil }
        return Int(s.dropFirst(7))
    }

    /// The `fields` parameter as a list (nested `{…}` selections dropped), or the default.
    static func fields(_ r: RecordedRequest, default def: [String]) -> [String] {
        guard let f = r.params["fields"], !f.isEmpty else { return def }
        var out: [String] = []
        var depth = 0
        var cur = ""
        for ch in f {
            switch ch {
            case "{": depth += 1
            case "}": depth -= 1
            case "," where depth == 0: out.append(cur); cur = ""
            default: if depth == 0 { cur.append(ch) }
            }
        }
        out.append(cur)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func pageObject(_ p: FakePage, fields: [String]) -> [String: Any] {
        var o: [String: Any] = ["id": p.id]
        for f in fields {
            switch f {
            case "name": o["name"] = p.name
            case "access_token": o["access_token"] = p.accessToken
            case "tasks": o["tasks"] = p.tasks
            case "category": o["category"] = p.category
            case "category_list": o["category_list"] = [["id": "2500", "name": p.category]]
            case "instagram_business_account", "connected_instagram_account":
                if let ig = p.instagramID { o[f] = ["id": ig] }
            default: break
            }
        }
        return o
    }

    /// `GET /{id}`: a page, an IG account, a container (`status_code`), a published IG media or a profile.
    func node(_ r: RecordedRequest, id: String) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        return try store.withLock { s in
            if let page = s.page(id) {
                var fields = Self.fields(r, default: ["name"])
                if case .page = info.kind {} else if case .user = info.kind {} else { fields.removeAll { $0 == "access_token" } }
                return Self.ok(Self.pageObject(page, fields: fields))
            }
            if let page = s.pageOwning(ig: id) {
                var o: [String: Any] = ["id": id]
                for f in Self.fields(r, default: ["id"]) {
                    if f == "username" { o["username"] = page.name.lowercased().replacingOccurrences(of: " ", with: "_") }
                    if f == "name" { o["name"] = page.name }
                }
                return Self.ok(o)
            }
            if let i = s.containers.firstIndex(where: { $0.id == id }) {
                return Self.ok(Self.pollContainer(&s, index: i, fields: Self.fields(r, default: ["id"])))
            }
            if let c = s.containers.first(where: { $0.mediaID == id }) {
                return Self.ok(["id": id, "permalink": "https://www.instagram.com/p/\(id.suffix(11))/", "media_type": c.mediaType ?? "IMAGE",
                                "caption": c.caption ?? ""])
            }
            if let v = s.posts.first(where: { $0.id == id && $0.edge == "videos" }) {
                return Self.ok(["id": id, "permalink_url": "/\(v.pageID)/videos/\(id)/", "description": v.message ?? ""])
            }
            if let profile = s.profiles[id] {
                var o: [String: Any] = ["id": id]
                for (k, v) in profile { o[k] = v }
                return Self.ok(o)
            }
            throw GraphFailure.unknownObject(id, method: r.method)
        }
    }

    /// `POST|GET|DELETE /{page}/subscribed_apps` (needs that page's token).
    func subscribedApps(_ r: RecordedRequest, page: String) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        return try store.withLock { s in
            guard s.page(page) != nil else { throw GraphFailure.unknownObject(page, method: r.method) }
            guard info.kind == .page(page) else {
                throw GraphFailure.permission("The Page Access Token of this page is required to manage its app subscriptions")
            }
            switch r.method {
            case "POST":
                guard let f = r.params["subscribed_fields"], !f.isEmpty else {
                    throw GraphFailure.invalidParameter("The parameter subscribed_fields is required")
                }
                s.subscriptions[page] = f.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                return Self.ok(["success": true])
            case "DELETE":
                s.subscriptions[page] = nil
                return Self.ok(["success": true])
            default:
                guard let fields = s.subscriptions[page] else { return Self.ok(["data": [Any]()]) }
                return Self.ok(["data": [["category": "Business", "link": "https://parley.example", "name": "Parley Test App",
                                          "id": s.settings.appID, "subscribed_fields": fields]]])
            }
        }
    }
}
