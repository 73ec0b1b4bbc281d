// Content types of the files the web bundle may hold.

extension WebAssets {
    /// `Content-Type` values by lowercase file extension; text types say UTF-8 so browsers never sniff.
    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "ico": "image/x-icon",
        "woff2": "font/woff2",
        "txt": "text/plain; charset=utf-8",
        "md": "text/plain; charset=utf-8",
        "webmanifest": "application/manifest+json",
    ]

    /// The `Content-Type` for a path, from its extension; `application/octet-stream` when unknown.
    public static func contentType(forPath path: String) -> String {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        let ext = name[name.index(after: dot)...].lowercased()
        return contentTypes[ext] ?? "application/octet-stream"
    }
}
