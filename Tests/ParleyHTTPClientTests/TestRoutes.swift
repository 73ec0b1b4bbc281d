// The test server's endpoints, one per behaviour the client must handle.
import Foundation
import Synchronization

enum TestRoutes {
    static func respond(to request: TestRequest) -> TestResponse {
        switch request.path {
        case "/echo": return echo(request)
        case "/small": return TestResponse(headers: [("Content-Type", "text/plain")], body: Array("ok".utf8))
        case "/slow":
            let ms = Int(request.queryValue("ms") ?? "3000") ?? 3000
            SlowGauge.enter()
            usleep(UInt32(ms) * 1000)
            SlowGauge.leave()
            return TestResponse(body: Array("finally".utf8))
        case "/meta-error":
            let body = #"{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"AbCdEf"}}"#
            return TestResponse(status: 500, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        case "/status":
            let code = Int(request.queryValue("code") ?? "404") ?? 404
            return TestResponse(status: code, body: Array("status \(code)".utf8))
        case "/chunked":
            return TestResponse(chunks: ["alpha-", "beta-", "gamma"].map { Array($0.utf8) })
        case "/huge":
            let count = Int(request.queryValue("bytes") ?? "0") ?? 0
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: count)
            if request.queryValue("chunked") == "1" {
                return TestResponse(chunks: stride(from: 0, to: count, by: 65536).map { Array(body[$0..<min($0 + 65536, count)]) })
            }
            return TestResponse(body: body)
        case "/headers":
            return TestResponse(headers: [("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/"),
                                          ("X-Dup", "first"), ("x-dup", "second"), ("CONTENT-type", "text/plain; charset=utf-8"),
                                          ("X-Folded", "part one")], body: Array("headers".utf8))
        case "/close":
            return TestResponse(dropConnection: true)
        case "/redirect":
            return TestResponse(status: 302, headers: [("Location", "/echo?from=redirect")])
        case "/redirect-file":
            return TestResponse(status: 302, headers: [("Location", "file:///etc/passwd")])
        case "/gzip":
            let text = Array(String(repeating: "compressible text ", count: 500).utf8)
            guard (request.header("Accept-Encoding") ?? "").contains("gzip") else { return TestResponse(body: text) }
            return TestResponse(headers: [("Content-Encoding", "gzip")], body: Gzip.storedStream(text))
        case "/multipart":
            return multipart(request)
        default:
            return TestResponse(status: 404, body: Array("no route".utf8))
        }
    }

    /// Echoes the request as JSON (body as base64).
    private static func echo(_ request: TestRequest) -> TestResponse {
        let object: [String: Any] = [
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "headers": request.headers.map { [$0.0, $0.1] },
            "body": Data(request.body).base64EncodedString(),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return TestResponse(headers: [("Content-Type", "application/json")], body: [UInt8](data))
    }

    /// Splits a multipart/form-data body and returns each part's name, filename, type and bytes (base64).
    private static func multipart(_ request: TestRequest) -> TestResponse {
        guard let type = request.header("Content-Type"), let range = type.range(of: "boundary=") else {
            return TestResponse(status: 400, body: Array("no boundary".utf8))
        }
        let boundary = type[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        let delimiter = Array("\r\n--\(boundary)".utf8)
        // Prepend CRLF so the first delimiter looks like all the others.
        let body = Array("\r\n".utf8) + request.body
        var parts: [[String: String]] = []
        var position = 0
        while let start = find(delimiter, in: body, from: position) {
            let afterDelimiter = start + delimiter.count
            guard afterDelimiter + 2 <= body.count, body[afterDelimiter] != UInt8(ascii: "-") else { break }
            let headersStart = afterDelimiter + 2
            guard let headersEnd = find(Array("\r\n\r\n".utf8), in: body, from: headersStart),
                  let next = find(delimiter, in: body, from: headersEnd + 4) else { break }
            let headerText = String(decoding: body[headersStart..<headersEnd], as: UTF8.self)
            let data = Data(body[(headersEnd + 4)..<next])
            parts.append([
                "name": attribute("name", in: headerText) ?? "",
                "filename": attribute("filename", in: headerText) ?? "",
                "contentType": headerText.components(separatedBy: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-type:") }
                    .map { String($0.dropFirst("content-type:".count)).trimmingCharacters(in: .whitespaces) } ?? "",
                "data": data.base64EncodedString(),
            ])
            position = next
        }
        let json = (try? JSONSerialization.data(withJSONObject: ["parts": parts, "contentLength": request.header("Content-Length") ?? ""])) ?? Data()
        return TestResponse(headers: [("Content-Type", "application/json")], body: [UInt8](json))
    }

    private static func attribute(_ name: String, in headers: String) -> String? {
        guard let range = headers.range(of: " \(name)=\"") else { return nil }
        let rest = headers[range.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }
}

/// A gzip stream using stored (uncompressed) deflate blocks: enough to prove the client decodes gzip.
enum Gzip {
    static func storedStream(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var offset = 0
        repeat {
            let count = min(65535, data.count - offset)
            let final: UInt8 = offset + count == data.count ? 1 : 0
            out.append(final)
            out += littleEndian16(count) + littleEndian16(~count & 0xFFFF)
            out += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        out += littleEndian32(crc32(data)) + littleEndian32(UInt32(truncatingIfNeeded: data.count))
        return out
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func littleEndian16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    private static func littleEndian32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
}

/// Splits `a=1&b=2` and percent-decodes each side (`+` is kept literally: the client never sends it for a space).
func decodeQuery(_ query: String) -> [(String, String)] {
    query.split(separator: "&").map { pair in
        let sides = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (percentDecode(String(sides[0])), sides.count > 1 ? percentDecode(String(sides[1])) : "")
    }
}

func percentDecode(_ s: String) -> String {
    var out: [UInt8] = []
    var bytes = Array(s.utf8)[...]
    while let byte = bytes.popFirst() {
        if byte == UInt8(ascii: "%"), bytes.count >= 2,
           let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
            out.append(value)
            bytes = bytes.dropFirst(2)
        } else {
            out.append(byte)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// How many /slow requests were in the server at once (the most seen): proof that client calls overlapped.
enum SlowGauge {
    private static let state = Mutex((now: 0, peak: 0))
    static func enter() { state.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
    static func leave() { state.withLock { $0.now -= 1 } }
    /// The highest overlap seen so far.
    static var peak: Int { state.withLock { $0.peak } }
}
