import ParleyCore
import ParleyHTTP

/// /legal/privacy and /legal/terms: the pages Meta's app review asks for, filled from embedded templates.
enum LegalRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext) {
        for name in ["privacy", "terms"] {
            r.add("GET", "/legal/\(name)", body: .none) { req in
                guard let template = ctx.web.resource("legal/\(name).html") else { throw HTTPError.notFound("The page") }
                // Single-business servers name the business; otherwise the subdomain's tenant, else a neutral name.
                let tenants = (try? ctx.core.tenantStore.all()) ?? []
                var business = tenants.count == 1 ? tenants[0].name : "This business"
                let base = ctx.core.config.baseDomain
                if !base.isEmpty, let host = req.headers["Host"]?.split(separator: ":").first.map({ $0.lowercased() }), host.hasSuffix("." + base),
                   let t = tenants.first(where: { $0.slug == String(host.dropLast(base.count + 1)) }) {
                    business = t.name
                }
                let html = String(decoding: template.byteArray, as: UTF8.self)
                    .replacing("{{business}}", with: escape(business))
                    .replacing("{{public_url}}", with: escape(ctx.core.config.publicURL))
                    .replacing("{{css}}", with: "/assets/\(ctx.web.version)/css/app.css")
                var resp = HTTPResponse.text(html, contentType: "text/html; charset=utf-8")
                resp.headers.set("Cache-Control", "no-cache")
                return resp
            }
        }
    }

    static func escape(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
    }
}
