import FoundationEssentials
import ParleyCore
import ParleyHTTP
#if canImport(Glibc)
import Glibc
#endif

/// The asset library: folders, uploads (streamed to disk, checked by magic bytes), listing, staff download,
/// and the public expiring media URLs Meta fetches.
enum AssetRoutes {
    struct FolderBody: Decodable { let name: String?; let parent_id: Int64?; let move_to_root: Bool? }
    struct AssetPatch: Decodable {
        let name: String?
        let tags: [String]?
        let description: String?
        let folder_id: Int64?
        let move_to_root: Bool?
    }
    struct AssetJSON: Encodable {
        let asset: Asset
        let url: String
    }

    /// 50 MB: the largest file accepted (images are far smaller; MP4 clips need the room).
    static let maxUpload = 50 << 20

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/asset-folders", body: .none) { req in
            let p = try ctx.require(req)
            return try .json(["folders": try core { try AssetFolderStore(db: p.db).list() }])
        }
        r.add("POST", "/api/v1/asset-folders") { req in
            let p = try ctx.require(req, .manageAssets)
            let b = try req.decodeJSON(FolderBody.self)
            let f = try core { try AssetFolderStore(db: p.db).create(name: b.name ?? "", parentID: b.parent_id) }
            return try .json(["folder": f], status: 201)
        }
        r.add("PATCH", "/api/v1/asset-folders/{id}") { req in
            let p = try ctx.require(req, .manageAssets)
            let b = try req.decodeJSON(FolderBody.self)
            let parent: Int64?? = b.move_to_root == true ? .some(nil) : b.parent_id.map { .some($0) }
            let f = try core { try AssetFolderStore(db: p.db).update(try req.intParameter("id"), name: b.name, parentID: parent) }
            return try .json(["folder": f])
        }
        r.add("DELETE", "/api/v1/asset-folders/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageAssets)
            try core { try AssetFolderStore(db: p.db).delete(try req.intParameter("id")) }
            return .noContent
        }
        r.add("POST", "/api/v1/assets", body: BodyPolicy(maxBytes: maxUpload, toFile: true)) { req in
            let p = try ctx.require(req, .manageAssets)
            return try upload(ctx, req, p)
        }
        r.add("GET", "/api/v1/assets", body: .none) { req in
            let p = try ctx.require(req)
            var f = AssetStore.Filter()
            func int(_ n: String) throws -> Int64? {
                guard let v = req.queryValue(n), !v.isEmpty else { return nil }
                guard let i = Int64(v) else { throw HTTPError.validation([n: "Use a number."]) }
                return i
            }
            f.folderID = try int("folder_id")
            f.cursor = try int("cursor")
            f.tag = req.queryValue("tag")
            f.query = req.queryValue("q").map { String($0.prefix(200)) }
            if let l = try int("limit") { guard (1...200).contains(l) else { throw HTTPError.validation(["limit": "Use 1 to 200."]) }; f.limit = Int(l) }
            let (items, next) = try core { try store(ctx, p).list(f) }
            struct Page: Encodable { let assets: [Asset]; let next_cursor: String? }
            return try .json(Page(assets: items, next_cursor: next.map(String.init)))
        }
        r.add("GET", "/api/v1/assets/{id}", body: .none) { req in
            let p = try ctx.require(req)
            guard let a = try core({ try store(ctx, p).get(try req.intParameter("id")) }) else { throw HTTPError.notFound("The file") }
            return try .json(["asset": a])
        }
        r.add("PATCH", "/api/v1/assets/{id}") { req in
            let p = try ctx.require(req, .manageAssets)
            let b = try req.decodeJSON(AssetPatch.self)
            let folder: Int64?? = b.move_to_root == true ? .some(nil) : b.folder_id.map { .some($0) }
            let a = try core { try store(ctx, p).update(try req.intParameter("id"), name: b.name, tags: b.tags, description: b.description, folderID: folder) }
            return try .json(["asset": a])
        }
        r.add("DELETE", "/api/v1/assets/{id}", body: .none) { req in
            let p = try ctx.require(req, .manageAssets)
            let id = try req.intParameter("id")
            try core { try store(ctx, p).delete(id) }
            ctx.audit(req, p, "asset.deleted", target: "asset:\(id)")
            return .noContent
        }
        r.add("GET", "/api/v1/assets/{id}/file", body: .none) { req in
            let p = try ctx.require(req)
            let s = store(ctx, p)
            guard let a = try core({ try s.get(try req.intParameter("id")) }) else { throw HTTPError.notFound("The file") }
            return try fileResponse(s.path(of: a), a, download: req.queryValue("download") == "1")
        }
    }

    static func store(_ ctx: RouteContext, _ p: Principal) -> AssetStore { AssetStore(core: ctx.core, tenantID: p.tenant.id, db: p.db) }

    /// Streams a stored file with its sniffed type; the CSP sandbox and nosniff stop any active content.
    static func fileResponse(_ path: String, _ a: Asset, download: Bool) throws -> HTTPResponse {
        var st = stat()
        guard stat(path, &st) == 0 else { throw HTTPError.notFound("The file") }
        var h = HTTPHeaders()
        h.set("Content-Type", a.mediaType)
        h.set("X-Content-Type-Options", "nosniff")
        h.set("Content-Security-Policy", "default-src 'none'; sandbox")
        h.set("Content-Disposition", FileName.contentDisposition(a.name, inline: !download))
        h.set("Cross-Origin-Resource-Policy", "cross-origin")
        return HTTPResponse(status: 200, headers: h, body: .file(path: path, size: Int(st.st_size)))
    }

    static func upload(_ ctx: RouteContext, _ req: HTTPRequest, _ p: Principal) throws -> HTTPResponse {
        guard let boundary = MultipartParser.boundary(fromContentType: req.headers["Content-Type"]) else {
            throw HTTPError(415, "unsupported_media_type", "Send the file as multipart/form-data with a field named \"file\".")
        }
        let tmp = ctx.core.data.tmpDir
        let parts: [MultipartPart]
        if let file = req.bodyFile {
            parts = try MultipartParser.parse(file: file, boundary: boundary, directory: tmp)
        } else {
            var sent = false
            parts = try MultipartParser.parse(boundary: boundary, directory: tmp) {
                if sent { return nil }
                sent = true
                return req.body
            }
        }
        // Every part file is ours to remove; the chosen one is moved away (unlink then fails harmlessly).
        defer { for part in parts { if let f = part.filePath { unlink(f) } } }
        guard let filePart = parts.first(where: { $0.name == "file" && $0.filePath != nil }), let path = filePart.filePath else {
            throw HTTPError.validation(["file": "Choose a file to upload."])
        }
        func field(_ n: String) -> String? { parts.first { $0.name == n && $0.filePath == nil }?.text }
        let folderID = try field("folder_id").flatMap { v -> Int64? in
            if v.isEmpty { return nil }
            guard let i = Int64(v) else { throw HTTPError.validation(["folder_id": "Use a folder id."]) }
            return i
        }
        let tags = (field("tags") ?? "").split(separator: ",").map(String.init)
        let upload = AssetStore.Upload(tempPath: path, originalName: filePart.filename, folderID: folderID, tags: tags,
                                       description: field("description") ?? "", userID: p.user.id)
        do {
            let (asset, created) = try core { try store(ctx, p).add(upload) }
            if created { ctx.audit(req, p, "asset.uploaded", target: "asset:\(asset.id)", details: asset.mediaType) }
            return try .json(["asset": asset], status: created ? 201 : 200)
        } catch let e as MediaProbe.Refusal {
            throw HTTPError(415, "unsupported_media_type", e.message)
        }
    }
}
