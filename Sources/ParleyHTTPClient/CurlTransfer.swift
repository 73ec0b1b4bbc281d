// One request on one easy handle: options in, response out. Lives only for the duration of `run()`.
internal import CCurl

/// The state libcurl's callbacks write into while `curl_easy_perform` runs.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    let request: HTTPClientRequest
    let configuration: HTTPClient.Configuration
    let cancellation: CancellationFlag?
    /// libcurl writes its detailed message here (CURLOPT_ERRORBUFFER needs CURL_ERROR_SIZE bytes).
    let errorBuffer: UnsafeMutablePointer<CChar>

    private(set) var body: [UInt8] = []
    private(set) var headers: [HTTPHeader] = []
    private var headerBytes = 0
    /// Set when a callback aborted the transfer because a size limit was hit.
    private(set) var exceededLimit = false

    /// Response headers beyond this are refused: no API we call sends anything close.
    static let maxHeaderBytes = 256 * 1024

    init(handle: UnsafeMutableRawPointer, request: HTTPClientRequest, configuration: HTTPClient.Configuration,
         cancellation: CancellationFlag?) {
        self.handle = handle
        self.request = request
        self.configuration = configuration
        self.cancellation = cancellation
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        errorBuffer.deallocate()
    }

    /// Performs the request and returns the final response.
    func run() throws(HTTPClientError) -> HTTPClientResponse {
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        var mime: OpaquePointer?
        defer { curl_mime_free(mime) }

        // SAFETY: the pointer is unretained; `self` is alive for all of `run()`, and libcurl calls the
        // callbacks only inside `curl_easy_perform` below, on this thread.
        let context = Unmanaged.passUnretained(self).toOpaque()
        try setCommonOptions(context: context)
        headerList = try buildHeaderList()
        try check(parley_curl_set_slist(handle, CURLOPT_HTTPHEADER, headerList))
        if let multipart = request.multipart {
            mime = try buildMime(multipart)
            try check(parley_curl_set_pointer(handle, CURLOPT_MIMEPOST, UnsafeMutableRawPointer(mime)))
        }
        try setMethod(hasPayload: request.body != nil || mime != nil)

        let code: CURLcode
        if let payload = request.body {
            code = try payload.withUnsafeBufferPointer { (buffer) throws(HTTPClientError) -> CURLcode in
                try check(parley_curl_set_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(buffer.count)))
                if let base = buffer.baseAddress, !buffer.isEmpty {
                    // POSTFIELDS is not copied by libcurl; the buffer outlives the perform call inside this closure.
                    try check(parley_curl_set_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: base)))
                } else {
                    try check(parley_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, ""))
                }
                return curl_easy_perform(handle)
            }
        } else {
            code = curl_easy_perform(handle)
        }
        guard code == CURLE_OK else { throw error(for: code) }

        var status = 0
        _ = parley_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPClientResponse(status: status, headers: headers, body: body)
    }

    /// Turns a failed setopt into an error (only bad input or an old libcurl can cause one).
    func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw error(for: code) }
    }

    // MARK: Callbacks

    /// Appends body bytes; refuses (aborting the transfer) once the limit would be passed.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= configuration.maxResponseBytes else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Parses one raw header line. A new status line starts a new header block: after a followed redirect or
    /// a `100 Continue`, only the final response's headers are kept.
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Bool {
        headerBytes += bytes.count
        guard headerBytes <= Self.maxHeaderBytes else {
            exceededLimit = true
            return false
        }
        var line = Array(bytes)
        while let last = line.last, last == 0x0D || last == 0x0A { line.removeLast() }
        if line.starts(with: Array("HTTP/".utf8)) {
            headers.removeAll()
            body.removeAll()
            return true
        }
        guard !line.isEmpty else { return true }
        if line[0] == 0x20 || line[0] == 0x09, !headers.isEmpty {
            // Obsolete line folding: a continuation of the previous value.
            headers[headers.count - 1].value += " " + String(decoding: trim(line[...]), as: UTF8.self)
            return true
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return true }
        let name = String(decoding: line[..<colon], as: UTF8.self)
        let value = String(decoding: trim(line[(colon + 1)...]), as: UTF8.self)
        headers.append(HTTPHeader(name, value))
        if ASCII.caseInsensitiveEquals(name, "Content-Length"), let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, configuration.maxResponseBytes))
        }
        return true
    }

    /// Whether the async caller asked to stop.
    var shouldAbort: Bool { cancellation?.isCancelled ?? false }

    private func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var s = bytes
        while let f = s.first, f == 0x20 || f == 0x09 { s.removeFirst() }
        while let l = s.last, l == 0x20 || l == 0x09 { s.removeLast() }
        return s
    }
}

// Non-capturing C callbacks: they recover the transfer from the context pointer set in `setCommonOptions`.

let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

let curlHeaderCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

let curlProgressCallback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
    -> Int32 = { context, _, _, _, _ in
    guard let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().shouldAbort ? 1 : 0
}
