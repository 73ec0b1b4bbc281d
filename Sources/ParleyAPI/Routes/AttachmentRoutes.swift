import ParleyCore
import ParleyHTTP

/// Staff download of a message's stored attachment, with headers that stop the browser running it.
enum AttachmentRoutes {
    static let inline: Set<String> = ["image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "audio/ogg", "audio/mpeg"]

    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/api/v1/conversations/{id}/attachments/{message}/{index}", body: .none) { req in
            let (p, item) = try ConversationRoutes.visible(ctx, req)
            guard let messageID = Int64(try req.parameter("message")), let index = Int(try req.parameter("index")) else {
                throw HTTPError.notFound("The attachment")
            }
            let messages = try core { try InboxQuery(db: p.db).attachments(conversationID: item.conversation.id, messageID: messageID) }
            guard let list = messages, index >= 0, index < list.count, let stored = list[index].stored,
                  !stored.contains("/"), !stored.hasPrefix(".") else { throw HTTPError.notFound("The attachment") }
            let path = ctx.core.data.tenantFiles(p.tenant.id) + "/media/" + stored
            guard let size = fileSize(path) else { throw HTTPError.notFound("The attachment") }
            let mime = list[index].mimeType?.lowercased() ?? ""
            var h = HTTPHeaders()
            h.set("Content-Type", inline.contains(mime) ? mime : "application/octet-stream")
            h.set("Content-Disposition", inline.contains(mime) ? "inline" : "attachment; filename=\"attachment-\(messageID)-\(index)\"")
            h.set("Content-Security-Policy", "default-src 'none'; sandbox")
            h.set("Cache-Control", "private, max-age=86400")
            return HTTPResponse(status: 200, headers: h, body: .file(path: path, size: size))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
/// Size of a regular file, or nil.
func fileSize(_ path: String) -> Int? {
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(st.st_size)
}
