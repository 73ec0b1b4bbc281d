import ParleyCore
import ParleyHTTP

/// `POST /api/v1/captions`: a caption from the AI API when configured, else from the built-in templates.
enum CaptionRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("POST", "/api/v1/captions") { req in
            let p = try PostRoutes.author(ctx, req)
            let body = try req.decodeJSON(CaptionService.Request.self)
            let service = ctx.publishing.captions
            let valid = try core { try service.validate(body) }
            // The AI call can take seconds: answer from another thread so libmicrohttpd's workers stay free.
            return .later {
                let result = service.write(valid)
                _ = try? p.db.write { c in
                    try c.run("INSERT INTO caption_log (platform, tone, topic, source, caption, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              [valid.platform, valid.tone, valid.topic, result.source, result.caption, p.user.id, Clock.iso()])
                }
                return (try? .json(result)) ?? .error(.internal(cause: "encoding caption"))
            }
        }
    }
}

import ParleyWeb

extension CaptionTemplates {
    /// The built-in templates, embedded from Resources/captions/<tone>.txt.
    static func builtIn(_ web: WebAssets = .embedded) -> CaptionTemplates {
        var files: [String: String] = [:]
        for path in web.paths where path.hasPrefix("resources/captions/") && path.hasSuffix(".txt") {
            let name = String(path.dropFirst("resources/captions/".count).dropLast(4))
            if let a = web.resource("captions/\(name).txt") { files[name] = String(decoding: a.byteArray, as: UTF8.self) }
        }
        return files.isEmpty ? .fallback : CaptionTemplates(files: files)
    }
}
