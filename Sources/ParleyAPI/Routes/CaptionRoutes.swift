import ParleyCore
import ParleyHTTP

/// `POST /api/v1/captions`: a caption from the AI API when configured, else from the built-in templates;
/// `GET /api/v1/captions/log`: what each caption call asked and got.
enum CaptionRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("POST", "/api/v1/captions") { req in
            let p = try PostRoutes.author(ctx, req)
            let body = try req.decodeJSON(CaptionService.Request.self)
            let service = ctx.publishing.captions
            var checked = try core { try service.validate(body) }
            checked.business = try core { try BusinessProfile.load(db: p.db, defaultName: p.tenant.name) }
            let valid = checked
            let recent = try core { try CaptionService.recentPosts(db: p.db) }
            // The AI call can take seconds: answer from another thread so libmicrohttpd's workers stay free.
            return .later {
                let result = service.write(valid, useAI: valid.business?.aiCaptions ?? true, avoiding: recent)
                do { try CaptionLog(db: p.db).record(userID: p.user.id, request: valid, result: result) } catch {
                    ctx.logger.error("caption log write failed", [("error", "\(error)")])
                }
                return (try? .json(result)) ?? .error(.internal(cause: "encoding caption"))
            }
        }
        r.add("GET", "/api/v1/settings/business", body: .none) { req in
            let p = try ctx.require(req, .manageSettings)
            return try .json(Settings(try core { try BusinessProfile.load(db: p.db, defaultName: p.tenant.name) }, ctx.core.config))
        }
        r.add("PUT", "/api/v1/settings/business") { req in
            let p = try ctx.require(req, .manageSettings)
            let b = try req.decodeJSON(BusinessProfile.self)
            let saved = try core { try BusinessProfile.save(b, db: p.db) }
            ctx.audit(req, p, "settings.business", target: "settings:business", details: "\(saved.name); AI captions \(saved.aiCaptions ? "on" : "off")")
            return try .json(Settings(try core { try BusinessProfile.load(db: p.db, defaultName: p.tenant.name) }, ctx.core.config))
        }
        r.add("GET", "/api/v1/captions/log", body: .none) { req in
            let p = try ctx.require(req)
            guard p.can(.publishPosts) || p.can(.manageSettings) else {
                ctx.audit(req, p, "access.denied", target: "GET /api/v1/captions/log", result: "denied", details: "missing publish_posts")
                throw HTTPError.forbidden()
            }
            var limit = 50
            if let l = req.queryValue("limit") {
                guard let v = Int(l), (1...200).contains(v) else { throw HTTPError.validation(["limit": "Use 1 to 200."]) }
                limit = v
            }
            let before = try req.queryValue("before").map { v -> Int64 in
                guard let b = Int64(v) else { throw HTTPError.validation(["before": "Use an entry id."]) }
                return b
            }
            let entries = try core { try CaptionLog(db: p.db).entries(limit: limit, before: before) }
            return try .json(LogPage(entries: entries, next_before: entries.count == limit ? entries.last?.id : nil))
        }
    }

    struct LogPage: Encodable {
        let entries: [CaptionLogEntry]
        let next_before: Int64?
    }

    /// The business settings as shown: the stored profile, and whether the server has an AI model to use at all.
    struct Settings: Encodable {
        let name: String
        let description: String
        let ai_captions: Bool
        let ai_available: Bool
        let ai_model: String?

        init(_ b: BusinessProfile, _ config: Config) {
            name = b.name
            description = b.description
            ai_captions = b.aiCaptions
            ai_available = !config.openAIBaseURL.isEmpty
            ai_model = config.openAIBaseURL.isEmpty ? nil : config.openAIModel
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
        // A tone missing from the resources still has the minimal template, so every tone the UI offers works.
        return CaptionTemplates(files: CaptionTemplates.fallbackFiles.merging(files) { _, embedded in embedded })
    }
}
