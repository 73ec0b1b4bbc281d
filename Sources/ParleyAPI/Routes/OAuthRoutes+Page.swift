import ParleyHTTP

/// Small server-rendered pages for the browser legs of OAuth and Meta callbacks: plain HTML, no script, no inline
/// style (the CSP forbids both), every dynamic value escaped.
enum PlainPage {
    /// A page with a title, paragraphs and an optional link.
    static func render(title: String, paragraphs: [String], link: (href: String, text: String)? = ("/settings/channels", "Back to Settings → Channels"),
                       status: Int = 200) -> HTTPResponse {
        var html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<meta name=\"referrer\" content=\"no-referrer\"><title>\(escape(title)) · Parley</title></head><body><main>"
        html += "<h1>\(escape(title))</h1>"
        for p in paragraphs { html += "<p>\(escape(p))</p>" }
        if let link { html += "<p><a href=\"\(escape(link.href))\">\(escape(link.text))</a></p>" }
        html += "</main></body></html>\n"
        var r = HTTPResponse.text(html, status: status, contentType: "text/html; charset=utf-8")
        r.headers.set("Cache-Control", "no-store")
        return r
    }

    /// Escapes text for HTML element content and double-quoted attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
