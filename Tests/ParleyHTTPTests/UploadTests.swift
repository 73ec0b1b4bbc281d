import Foundation
import Testing
import ParleyHTTP
import ParleyTestSupport

@Suite struct UploadTests {
    static func multipart(boundary: String, fields: [(String, String)], file: (name: String, filename: String, bytes: [UInt8])) -> [UInt8] {
        var body: [UInt8] = []
        for (k, v) in fields { body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8) }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += file.bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return body
    }

    @Test func twentyMegabyteUploadStreamsToDiskWithFlatMemory() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        try withServer({ r in
            r.add("POST", "/upload", body: BodyPolicy(maxBytes: 50 << 20, toFile: true)) { req in
                #expect(req.body.isEmpty)  // nothing buffered in memory
                let b = try #require(MultipartParser.boundary(fromContentType: req.headers["Content-Type"]))
                let parts = try MultipartParser.parse(file: try #require(req.bodyFile), boundary: b, directory: dir.path)
                let file = try #require(parts.first { $0.filename != nil })
                let bytes = try Data(contentsOf: URL(fileURLWithPath: try #require(file.filePath)))
                var sum: UInt64 = 0
                for (i, x) in bytes.enumerated() where i % 4096 == 0 { sum &+= UInt64(x) }
                return .text("\(parts.first { $0.name == "title" }?.text ?? "-") \(file.size) \(sum)")
            }
        }, uploadDirectory: dir.path) { _, c in
            var payload = [UInt8](repeating: 0, count: 20 << 20)
            for i in stride(from: 0, to: payload.count, by: 4096) { payload[i] = UInt8(truncatingIfNeeded: i / 4096) }
            var expected: UInt64 = 0
            for i in stride(from: 0, to: payload.count, by: 4096) { expected &+= UInt64(payload[i]) }
            let boundary = "----parley\(UInt32.random(in: 0...UInt32.max))"
            let body = Self.multipart(boundary: boundary, fields: [("title", "Summer menü")], file: ("file", "menu.bin", payload))
            let before = residentKiB()
            let r = try c.request("POST", "/upload", headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)")], body: body, timeoutSeconds: 30)
            let growthMiB = Double(residentKiB() - before) / 1024
            print("upload: 20 MiB multipart, server+client RSS growth \(String(format: "%.1f", growthMiB)) MiB")
            #expect(r.status == 200)
            #expect(r.text == "Summer menü \(20 << 20) \(expected)")
            // The proof of streaming is `req.body.isEmpty` above plus the part file on disk; process-wide RSS is
            // only printed, since every other suite allocates in the same process meanwhile.
            _ = growthMiB
            // The streamed temp file is removed once the response is done.
            usleep(100_000)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".part") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func multipartParserHandlesSplitDelimitersAndRejectsGarbage() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let body = Self.multipart(boundary: "XyZ", fields: [("a", "1"), ("b", "two\r\nlines")], file: ("f", "x.txt", Array("--XyZ almost a boundary\r\n--Xy".utf8)))
        // Feed one byte at a time: every delimiter is split across chunks.
        var i = 0
        let parts = try MultipartParser.parse(boundary: "XyZ", directory: dir.path) {
            guard i < body.count else { return nil }
            defer { i += 1 }
            return [body[i]]
        }
        #expect(parts.map(\.name) == ["a", "b", "f"])
        #expect(parts[1].text == "two\r\nlines")
        let fileBytes = try Data(contentsOf: URL(fileURLWithPath: try #require(parts[2].filePath)))
        #expect(String(decoding: fileBytes, as: UTF8.self) == "--XyZ almost a boundary\r\n--Xy")

        var fed = false
        #expect(throws: HTTPError.self) {
            _ = try MultipartParser.parse(boundary: "XyZ", directory: dir.path) {
                defer { fed = true }
                return fed ? nil : Array("--XyZ\r\nno-colon-header\r\n\r\nx\r\n--XyZ--".utf8)
            }
        }
        #expect(MultipartParser.boundary(fromContentType: "multipart/form-data; boundary=\"abc\"") == "abc")
        #expect(MultipartParser.boundary(fromContentType: "application/json") == nil)
    }
}
