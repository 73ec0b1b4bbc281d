// Checks a request before libcurl sees it: a CR or LF in a header would let caller-supplied text inject
// headers, and libcurl would accept other URL schemes than the ones Parley talks to.
import Glibc

/// Rejects requests that are malformed or unsafe to send.
enum RequestValidation {
    /// Throws `.invalidURL` or `.invalidRequest` describing the first problem found.
    static func check(_ request: HTTPClientRequest) throws(HTTPClientError) {
        func fail(_ kind: HTTPClientError.Kind, _ message: String) -> HTTPClientError {
            HTTPClientError(kind, message, method: request.method, url: request.url)
        }
        let method = request.method.utf8
        guard !method.isEmpty, method.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || $0 == UInt8(ascii: "-") }) else {
            throw fail(.invalidRequest, "the method must be an upper-case token")
        }
        let lowerURL = String(decoding: request.url.utf8.prefix(8).map(ASCII.lower), as: UTF8.self)
        guard lowerURL.hasPrefix("http://") || lowerURL.hasPrefix("https://"),
              request.url.utf8.count > (lowerURL.hasPrefix("https") ? 8 : 7),
              request.url.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw fail(.invalidURL, "the URL must be an absolute http or https URL without spaces")
        }
        for header in request.headers {
            guard isToken(header.name) else { throw fail(.invalidRequest, "bad header name \"\(header.name)\"") }
            guard isFieldText(header.value) else {
                throw fail(.invalidRequest, "the value of header \(header.name) contains a control character")
            }
        }
        if let multipart = request.multipart {
            guard request.body == nil else { throw fail(.invalidRequest, "a request has either a body or a multipart body") }
            try checkMultipart(multipart, fail: fail)
        }
    }

    private static func checkMultipart(
        _ multipart: MultipartBody, fail: (HTTPClientError.Kind, String) -> HTTPClientError
    ) throws(HTTPClientError) {
        for field in multipart.fields where !isFieldText(field.name) {
            throw fail(.invalidRequest, "bad multipart field name")
        }
        for file in multipart.files {
            guard isFieldText(file.name), isFieldText(file.filename), isFieldText(file.contentType) else {
                throw fail(.invalidRequest, "bad multipart file name, filename or content type")
            }
            if case .file(let path) = file.source, !isReadableRegularFile(path) {
                throw fail(.invalidRequest, "cannot read upload file \(path)")
            }
        }
    }

    /// RFC 9110 token: visible ASCII except separators.
    private static func isToken(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { c in
            c > 0x20 && c < 0x7F && !"\"(),/:;<=>?@[\\]{}".utf8.contains(c)
        }
    }

    /// No CR, LF or NUL (other bytes, including UTF-8, are passed through).
    private static func isFieldText(_ s: String) -> Bool {
        !s.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    /// Checked up front because libcurl only opens the file mid-transfer and reports a vague read error.
    private static func isReadableRegularFile(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
