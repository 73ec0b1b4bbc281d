import ParleyHTTP

/// `GET /api/v1/openapi.json`: an OpenAPI 3.1 description of every route in the table.
enum OpenAPIRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext, routes: @escaping @Sendable () -> [RouteInfo]) {
        r.add("GET", "/api/v1/openapi.json", body: .none) { _ in
            var resp = HTTPResponse.rawJSON(OpenAPIDocument.render(routes(), publicURL: ctx.core.config.publicURL))
            resp.headers.set("Cache-Control", "no-cache")
            return resp
        }
    }
}

/// Builds the document from the route table plus a few known request bodies.
enum OpenAPIDocument {
    /// Request body schemas of routes whose bodies are worth describing (others accept any JSON object).
    static let bodies: [String: String] = [
        "POST /api/v1/auth/login": #"{"type":"object","required":["email","password"],"properties":{"tenant":{"type":"string"},"email":{"type":"string"},"password":{"type":"string"}}}"#,
        "POST /api/v1/auth/password": #"{"type":"object","required":["current_password","new_password"],"properties":{"current_password":{"type":"string"},"new_password":{"type":"string"}}}"#,
        "POST /api/v1/tokens": #"{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}"#,
        "POST /api/v1/teams": #"{"type":"object","properties":{"name":{"type":"string"},"member_ids":{"type":"array","items":{"type":"integer"}}}}"#,
        "POST /api/v1/users": #"{"type":"object","required":["email","name","role","password"],"properties":{"email":{"type":"string"},"name":{"type":"string"},"role":{"enum":["admin","manager","agent","viewer"]},"password":{"type":"string"},"extra_permissions":{"type":"array","items":{"type":"string"}}}}"#,
        "POST /api/v1/conversations/{id}/messages": #"{"type":"object","required":["text"],"properties":{"text":{"type":"string"}}}"#,
        "POST /api/v1/conversations/{id}/notes": #"{"type":"object","required":["text"],"properties":{"text":{"type":"string"}}}"#,
        "PATCH /api/v1/conversations/{id}": #"{"type":"object","properties":{"status":{"enum":["open","pending","snoozed","resolved"]},"assignee_id":{"type":["integer","null"]},"team_id":{"type":["integer","null"]},"labels":{"type":"array","items":{"type":"string"}},"priority":{"enum":["low","normal","high","urgent"]},"snoozed_until":{"type":"integer"}}}"#,
        "POST /api/v1/labels": #"{"type":"object","properties":{"name":{"type":"string"},"color":{"type":"string"}}}"#,
        "POST /api/v1/canned-responses": #"{"type":"object","required":["shortcut","text"],"properties":{"shortcut":{"type":"string"},"text":{"type":"string"}}}"#,
        "POST /api/v1/posts": #"{"type":"object","properties":{"text":{"type":"string"},"asset_ids":{"type":"array","items":{"type":"integer"}},"channel_ids":{"type":"array","items":{"type":"integer"}},"scheduled_at":{"type":"string","format":"date-time"},"draft":{"type":"boolean"}}}"#,
        "PATCH /api/v1/posts/{id}": #"{"type":"object","properties":{"text":{"type":"string"},"asset_ids":{"type":"array","items":{"type":"integer"}},"channel_ids":{"type":"array","items":{"type":"integer"}},"scheduled_at":{"type":"string","format":"date-time"},"unschedule":{"type":"boolean"}}}"#,
        "POST /api/v1/posts/{id}/reject": #"{"type":"object","required":["comment"],"properties":{"comment":{"type":"string","maxLength":2000}}}"#,
        "POST /api/v1/calendars": #"{"type":"object","required":["month"],"properties":{"month":{"type":"string","pattern":"^[0-9]{4}-[0-9]{2}$"},"count":{"type":"integer","minimum":5,"maximum":31,"default":8},"use_ai":{"type":"boolean"}}}"#,
        "POST /api/v1/captions": #"{"type":"object","required":["platform","tone","topic"],"properties":{"platform":{"enum":["facebook","instagram"]},"tone":{"enum":["professional","casual","humorous","promotional","educational","friendly","inspirational"]},"topic":{"type":"string"},"details":{"type":"string"}}}"#,
    ]

    static let errorSchema = #"{"type":"object","required":["error"],"properties":{"error":{"type":"object","required":["code","message"],"properties":{"code":{"type":"string"},"message":{"type":"string"},"fields":{"type":"object","additionalProperties":{"type":"string"}}}}}}"#

    static func render(_ routes: [RouteInfo], publicURL: String) -> String {
        var byPath: [String: [RouteInfo]] = [:]
        for r in routes where r.pattern.hasPrefix("/api/") || r.pattern.hasPrefix("/webhooks/") || ["/healthz", "/readyz"].contains(r.pattern) {
            byPath[r.pattern, default: []].append(r)
        }
        var paths: [String] = []
        for (path, list) in byPath.sorted(by: { $0.key < $1.key }) {
            let oaPath = path.replacing("{rest...}", with: "{rest}")
            let params = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { p -> String in
                let name = String(p.dropFirst().dropLast()).replacing("...", with: "")
                let schema = name == "id" ? #"{"type":"integer","minimum":1}"# : #"{"type":"string"}"#
                return #"{"name":"\#(name)","in":"path","required":true,"schema":\#(schema)}"#
            }
            var ops: [String] = []
            for r in list.sorted(by: { $0.method < $1.method }) {
                let key = "\(r.method) \(r.pattern)"
                var op = #""operationId":\#(JSONText.quote(opID(r))),"summary":\#(JSONText.quote(key))"#
                if !params.isEmpty { op += #","parameters":[\#(params.joined(separator: ","))]"# }
                if ["POST", "PATCH", "PUT"].contains(r.method) && r.pattern.hasPrefix("/api/") {
                    let schema = bodies[key] ?? #"{"type":"object"}"#
                    op += #","requestBody":{"required":true,"content":{"application/json":{"schema":\#(schema)}}}"#
                }
                let ok = r.pattern == "/api/v1/events" ? #""200":{"description":"event stream","content":{"text/event-stream":{"schema":{"type":"string"}}}}"#
                    : #""200":{"description":"OK"},"201":{"description":"Created"},"202":{"description":"Accepted"},"204":{"description":"No content"}"#
                op += #","responses":{\#(ok),"4XX":{"description":"Error","content":{"application/json":{"schema":\#(errorSchema)}}}}"#
                if r.pattern.hasPrefix("/api/v1/") && key != "POST /api/v1/auth/login" && r.pattern != "/api/v1/openapi.json" {
                    op += #","security":[{"session":[]},{"bearer":[]}]"#
                }
                ops.append(#""\#(r.method.lowercased())":{\#(op)}"#)
            }
            paths.append("\(JSONText.quote(oaPath)):{\(ops.joined(separator: ","))}")
        }
        return #"{"openapi":"3.1.0","info":{"title":"Parley API","version":"1"},"servers":[{"url":\#(JSONText.quote(publicURL))}],"# +
            #""components":{"securitySchemes":{"session":{"type":"apiKey","in":"cookie","name":"parley_session"},"bearer":{"type":"http","scheme":"bearer"}}},"# +
            #""paths":{\#(paths.joined(separator: ","))}}"#
    }

    static func opID(_ r: RouteInfo) -> String {
        let words = r.pattern.split(separator: "/").filter { $0 != "api" && $0 != "v1" }.map { $0.hasPrefix("{") ? "by_" + $0.dropFirst().dropLast().replacing("...", with: "") : String($0) }
        return r.method.lowercased() + "_" + words.joined(separator: "_").replacing("-", with: "_").replacing(".", with: "_")
    }
}
