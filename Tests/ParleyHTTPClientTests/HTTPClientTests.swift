// Round trips against the local test server: encoding, bodies, headers, statuses.
import Foundation
import Testing
@testable import ParleyHTTPClient

@Suite struct HTTPClientRoundTripTests {
    let server: TestServer
    let client = HTTPClient(configuration: .init(userAgent: "Parley/test"))

    init() throws { server = try TestServer() }

    @Test func getEncodesQueryItems() throws {
        let items = [("q", "hello world"), ("amp", "a&b=c"), ("plus", "1+1"), ("uni", "zürich 🙂"), ("empty", ""),
                     ("slash", "/?#[]")]
        let response = try client.send(.get(server.baseURL + "/echo", query: items))
        #expect(response.status == 200)
        let echo = try response.decode(Echo.self)
        #expect(echo.method == "GET")
        #expect(echo.queryItems.map(\.0) == items.map(\.0))
        #expect(echo.queryItems.map(\.1) == items.map(\.1))
        #expect(!echo.query.contains(" ") && !echo.query.contains("+"))
        #expect(echo.header("User-Agent") == "Parley/test")
        #expect(echo.header("Expect") == nil)
    }

    @Test func postJSONRoundTrip() throws {
        struct Message: Codable, Equatable { let recipient: String; let text: String; let count: Int }
        let sent = Message(recipient: "123", text: "héllo \"quoted\"\n", count: 3)
        let request = try HTTPClientRequest.postJSON(server.baseURL + "/echo", sent).bearer("sk-test")
        let echo = try client.send(request).decode(Echo.self)
        #expect(echo.method == "POST")
        #expect(echo.header("content-type") == "application/json")
        #expect(echo.header("authorization") == "Bearer sk-test")
        #expect(try JSONDecoder().decode(Message.self, from: Data(echo.bodyBytes)) == sent)
    }

    @Test func postFormIsURLEncoded() throws {
        let fields = [("message", "a b&c=d+e"), ("name", "Zoë")]
        let echo = try client.send(.postForm(server.baseURL + "/echo", fields)).decode(Echo.self)
        #expect(echo.header("Content-Type") == "application/x-www-form-urlencoded")
        let decoded = decodeQuery(String(decoding: echo.bodyBytes, as: UTF8.self))
        #expect(decoded.map(\.0) == ["message", "name"])
        #expect(decoded.map(\.1) == ["a b&c=d+e", "Zoë"])
    }

    @Test func emptyPostAndDeleteAndRawBody() throws {
        let empty = try client.send(HTTPClientRequest(method: "POST", url: server.baseURL + "/echo")).decode(Echo.self)
        #expect(empty.method == "POST" && empty.bodyBytes.isEmpty && empty.header("Content-Length") == "0")
        let deleted = try client.send(.delete(server.baseURL + "/echo", query: [("id", "7")])).decode(Echo.self)
        #expect(deleted.method == "DELETE" && deleted.query == "id=7")
        let put = HTTPClientRequest(method: "PUT", url: server.baseURL + "/echo", body: [0, 1, 2, 255])
        let echoed = try client.send(put).decode(Echo.self)
        #expect(echoed.method == "PUT" && echoed.bodyBytes == [0, 1, 2, 255])
        #expect(echoed.header("Content-Type") == "application/octet-stream")
    }

    @Test func multipartStreamsLargeFileFromDisk() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-mp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SystemRandomNumberGenerator()
        let fileBytes = (0..<(5 * 1024 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let path = directory.appendingPathComponent("video.bin").path
        try Data(fileBytes).write(to: URL(fileURLWithPath: path))

        let request = HTTPClientRequest.postMultipart(server.baseURL + "/multipart",
            fields: [("caption", "Sommer am See ☀️"), ("published", "true")],
            files: [MultipartFile(name: "source", filename: "clip.mp4", contentType: "video/mp4", filePath: path),
                    MultipartFile(name: "thumb", filename: "t.txt", contentType: "text/plain", data: Array("tiny".utf8))])
        let (response, seconds) = try timed { try client.send(request.timeout(.seconds(20))) }
        #expect(response.status == 200)
        let echo = try response.decode(MultipartEcho.self)
        try #require(echo.parts.count == 4)
        #expect(echo.parts[0].name == "caption" && echo.parts[0].bytes == Array("Sommer am See ☀️".utf8))
        #expect(echo.parts[1].name == "published" && echo.parts[1].bytes == Array("true".utf8))
        #expect(echo.parts[2].name == "source" && echo.parts[2].filename == "clip.mp4")
        #expect(echo.parts[2].contentType == "video/mp4")
        #expect(echo.parts[2].bytes.count == fileBytes.count)
        #expect(echo.parts[2].bytes == fileBytes)
        #expect(echo.parts[3].filename == "t.txt" && echo.parts[3].bytes == Array("tiny".utf8))
        #expect(Int(echo.contentLength) ?? 0 > fileBytes.count)
        #expect(seconds < 10)
    }

    @Test func non2xxIsAResponseNotAnError() throws {
        let response = try client.send(.get(server.baseURL + "/meta-error"))
        #expect(response.status == 500)
        #expect(!response.isSuccess)
        struct MetaError: Decodable { struct Body: Decodable { let code: Int; let type: String }; let error: Body }
        let decoded = try response.decode(MetaError.self)
        #expect(decoded.error.code == 190 && decoded.error.type == "OAuthException")
        #expect(try client.send(.get(server.baseURL + "/status", query: [("code", "404")])).status == 404)
    }

    @Test func headerLookupIsCaseInsensitiveAndKeepsDuplicates() throws {
        let response = try client.send(.get(server.baseURL + "/headers"))
        #expect(response.header("content-type") == "text/plain; charset=utf-8")
        #expect(response.header("CONTENT-TYPE") == response.header("Content-Type"))
        #expect(response.header("x-dup") == "second")
        #expect(response.headers(named: "set-cookie") == ["a=1; Path=/", "b=2; Path=/"])
        #expect(response.header("missing") == nil)
        #expect(response.text == "headers")
    }

    @Test func chunkedAndGzipBodiesAreDecoded() throws {
        #expect(try client.send(.get(server.baseURL + "/chunked")).text == "alpha-beta-gamma")
        let gzip = try client.send(.get(server.baseURL + "/gzip"))
        #expect(gzip.header("Content-Encoding") == "gzip")
        #expect(gzip.text == String(repeating: "compressible text ", count: 500))
    }

    @Test func redirectsAreNotFollowedUnlessAsked() throws {
        let plain = try client.send(.get(server.baseURL + "/redirect"))
        #expect(plain.status == 302 && plain.header("Location") == "/echo?from=redirect")
        var follow = HTTPClientRequest.get(server.baseURL + "/redirect")
        follow.followRedirects = true
        let followed = try client.send(follow)
        #expect(followed.status == 200)
        #expect(try followed.decode(Echo.self).query == "from=redirect")
        #expect(followed.header("Location") == nil)
        var toFile = HTTPClientRequest.get(server.baseURL + "/redirect-file")
        toFile.followRedirects = true
        let error = failure(client, toFile)
        #expect(error?.kind == .invalidURL)
    }
}
