// The libcurl options every request gets: security settings first, then limits, callbacks and the body.
internal import CCurl

extension CurlTransfer {
    func setCommonOptions(context: UnsafeMutableRawPointer) throws(HTTPClientError) {
        try check(parley_curl_set_string(handle, CURLOPT_URL, request.url))
        // Only http and https, also after redirects: no file://, gopher:// or other surprises from a URL.
        try check(parley_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(parley_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        // Certificates are always verified; there is deliberately no switch to turn this off.
        try check(parley_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1))
        try check(parley_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2))
        if let bundle = configuration.caBundlePath {
            try check(parley_curl_set_string(handle, CURLOPT_CAINFO, bundle))
        }
        // Signals and threads do not mix; with NOSIGNAL libcurl uses its threaded resolver for DNS timeouts.
        try check(parley_curl_set_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(parley_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout)))
        try check(parley_curl_set_long(handle, CURLOPT_TIMEOUT_MS,
                                       Self.milliseconds(request.timeout ?? configuration.totalTimeout)))
        try check(parley_curl_set_long(handle, CURLOPT_TCP_KEEPALIVE, 1))
        try check(parley_curl_set_string(handle, CURLOPT_USERAGENT, configuration.userAgent))
        // "" offers every encoding this libcurl decodes (gzip, deflate, br, zstd); the size limit applies to
        // the decoded bytes, so a compression bomb still stops at maxResponseBytes.
        try check(parley_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        // Fails early when Content-Length already announces too much.
        try check(parley_curl_set_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes)))
        try check(parley_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1 : 0))
        try check(parley_curl_set_long(handle, CURLOPT_MAXREDIRS, 5))
        try check(parley_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))

        try check(parley_curl_set_write(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback))
        try check(parley_curl_set_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(parley_curl_set_header(handle, curlHeaderCallback))
        try check(parley_curl_set_pointer(handle, CURLOPT_HEADERDATA, context))
        if cancellation != nil {
            try check(parley_curl_set_xferinfo(handle, curlProgressCallback))
            try check(parley_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context))
            try check(parley_curl_set_long(handle, CURLOPT_NOPROGRESS, 0))
        }
    }

    /// Selects the method. POSTFIELDS/MIMEPOST imply POST, so other methods with a body use CUSTOMREQUEST.
    func setMethod(hasPayload: Bool) throws(HTTPClientError) {
        switch (request.method, hasPayload) {
        case ("GET", false):
            try check(parley_curl_set_long(handle, CURLOPT_HTTPGET, 1))
        case ("HEAD", false):
            try check(parley_curl_set_long(handle, CURLOPT_NOBODY, 1))
        case ("POST", true):
            break
        case ("POST", false):
            // An empty POST still needs a zero Content-Length.
            try check(parley_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, 0))
            try check(parley_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
        default:
            try check(parley_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
        }
    }

    /// The header list; the caller frees it after the transfer.
    func buildHeaderList() throws(HTTPClientError) -> UnsafeMutablePointer<curl_slist>? {
        var lines = request.headers.map { header in
            // "Name:" would tell libcurl to drop the header; "Name;" sends it with an empty value.
            header.value.isEmpty ? header.name + ";" : header.name + ": " + header.value
        }
        // libcurl waits up to a second for "100 Continue" before large uploads; the APIs we call never need it.
        if request.headers.last(named: "Expect") == nil { lines.append("Expect:") }
        if let body = request.body, !body.isEmpty, request.headers.last(named: "Content-Type") == nil {
            lines.append("Content-Type: application/octet-stream")
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let extended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw HTTPClientError(.invalidRequest, "out of memory building headers", method: request.method,
                                      url: request.url)
            }
            list = extended
        }
        return list
    }

    /// The multipart body; file parts are opened and streamed by libcurl during the upload.
    func buildMime(_ multipart: MultipartBody) throws(HTTPClientError) -> OpaquePointer {
        guard let mime = curl_mime_init(handle) else {
            throw HTTPClientError(.invalidRequest, "curl_mime_init failed", method: request.method, url: request.url)
        }
        do {
            for field in multipart.fields {
                let part = curl_mime_addpart(mime)
                try check(curl_mime_name(part, field.name))
                try setData(part, Array(field.value.utf8))
            }
            for file in multipart.files {
                let part = curl_mime_addpart(mime)
                try check(curl_mime_name(part, file.name))
                switch file.source {
                case .data(let bytes): try setData(part, bytes)
                case .file(let path): try check(curl_mime_filedata(part, path))
                }
                // After filedata, which would otherwise announce the path's basename.
                try check(curl_mime_filename(part, file.filename))
                try check(curl_mime_type(part, file.contentType))
            }
        } catch {
            curl_mime_free(mime)
            throw error
        }
        return mime
    }

    private func setData(_ part: OpaquePointer?, _ bytes: [UInt8]) throws(HTTPClientError) {
        // curl_mime_data copies the bytes; a nil pointer (empty array) leaves the part empty.
        let code = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { curl_mime_data(part, $0.baseAddress, $0.count) }
        }
        try check(code)
    }

    /// libcurl millisecond option value; at least 1, because 0 would mean "no timeout".
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        guard !ms.overflow else { return Int.max }
        return max(1, Int(ms.partialValue) + Int(attoseconds / 1_000_000_000_000_000))
    }
}
