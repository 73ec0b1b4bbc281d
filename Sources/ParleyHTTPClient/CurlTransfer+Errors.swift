// From CURLcode to HTTPClientError: callers decide on retries by kind, and read libcurl's own detail text.
internal import CCurl

extension CurlTransfer {
    /// Maps a libcurl failure to an error kind; the message prefers the detailed ERRORBUFFER text.
    func error(for code: CURLcode) -> HTTPClientError {
        let detail = String(cString: errorBuffer)
        let summary = curl_easy_strerror(code).map { String(cString: $0) } ?? "unknown error"
        let message = "\(summary) (curl \(code.rawValue))" + (detail.isEmpty ? "" : ": \(detail)")
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            kind = .connectionFailed
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_USE_SSL_FAILED,
             CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED:
            kind = .tls
        case CURLE_FILESIZE_EXCEEDED:
            kind = .tooLarge
        case CURLE_WRITE_ERROR where exceededLimit:
            kind = .tooLarge
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            kind = .invalidURL
        default:
            kind = .transport(code: Int(code.rawValue))
        }
        let text = kind == .tooLarge ? "the response exceeds \(configuration.maxResponseBytes) bytes (\(message))" : message
        return HTTPClientError(kind, text, method: request.method, url: request.url)
    }
}
