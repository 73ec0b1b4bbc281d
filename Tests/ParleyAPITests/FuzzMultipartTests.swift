import Foundation
import Testing
import ParleyHTTP
import ParleyTestSupport

/// In-process fuzzing of MultipartParser (the upload path; we do not use MHD's PostProcessor, RELIABILITY.md §3.1):
/// thousands of random mutations of a valid body, fed in random chunk sizes. The parser must either return parts or
/// throw; files it reports must be inside its directory, and a failed parse must leave the directory empty.
@Suite struct FuzzMultipartTests {
    static let boundary = "----parleyB0undary7"
    static let valid: [UInt8] = Array((
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"folder_id\"\r\n\r\n12\r\n" +
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nsummer, sale\r\n" +
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/pa\u{0}sswd.png\"\r\n" +
        "Content-Type: image/png\r\n\r\n\u{89}PNG\r\n\u{1a}\nIHDR0000--\(boundary)x\r\n" +
        "--\(boundary)--\r\n").utf8)

    static func files(in dir: String) -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] }

    static func mutate(_ base: [UInt8], rng: inout SplitMix64) -> [UInt8] {
        var b = base
        let tokens: [[UInt8]] = [Array("\r\n".utf8), Array("--".utf8), Array("--\(boundary)".utf8), Array("\r\n--\(boundary)--".utf8),
                                 Array("Content-Disposition: form-data; name=\"x\"; filename=\"/abs/../p\"\r\n\r\n".utf8), [0], [0xFF, 0xFE],
                                 Array("filename=\"\u{202E}gnp.exe\"".utf8), Array(repeating: 0x41, count: 5000)]
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0...5, using: &rng) {
            case 0 where !b.isEmpty: b[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            case 1 where !b.isEmpty: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...40, using: &rng)))
            case 2: b.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &rng)], at: at)
            case 3: b = Array(b.prefix(at))
            case 4 where !b.isEmpty:  // duplicate a slice (repeated parts, repeated headers)
                let end = min(b.count, at + Int.random(in: 1...200, using: &rng))
                b.insert(contentsOf: b[at..<end], at: Int.random(in: 0...b.count, using: &rng))
            default: b.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            }
        }
        return b
    }

    @Test func randomMutationsNeverCrashNorWriteOutsideTheirDirectory() throws {
        let root = TempDirectory("parley-mpfuzz")
        defer { root.remove() }
        let dir = root.path + "/uploads"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var limits = MultipartParser.Limits()
        limits.maxFieldBytes = 2048
        limits.maxParts = 8
        var rng = SplitMix64(seed: 0xF0221)
        var ok = 0, refused = 0
        for i in 0..<3000 {
            let body = i == 0 ? Self.valid : Self.mutate(Self.valid, rng: &rng)
            let chunk = Int.random(in: 1...97, using: &rng)
            var offset = 0
            do {
                let parts = try MultipartParser.parse(boundary: Self.boundary, directory: dir, limits: limits) {
                    guard offset < body.count else { return nil }
                    defer { offset = min(body.count, offset + chunk) }
                    return Array(body[offset..<min(body.count, offset + chunk)])
                }
                ok += 1
                for p in parts {
                    if let f = p.filePath {
                        #expect(f.hasPrefix(dir + "/") && !f.dropFirst(dir.count + 1).contains("/"), "#\(i) wrote \(f)")
                        #expect((try? FileManager.default.attributesOfItem(atPath: f)[.size] as? Int) == p.size, "#\(i) size")
                        unlink(f)
                    } else {
                        #expect(p.value.count <= limits.maxFieldBytes, "#\(i) field over limit")
                    }
                }
                #expect(parts.count <= limits.maxParts)
            } catch {
                refused += 1
                #expect(Self.files(in: dir).isEmpty, "#\(i) left files after a refusal")
            }
            for f in Self.files(in: dir) { unlink(dir + "/" + f) }
        }
        // Nothing ever appears next to the upload directory (no traversal through filenames).
        #expect(Self.files(in: root.path) == ["uploads"])
        #expect(ok > 0 && refused > 0, "ok \(ok), refused \(refused)")
    }
}
