#if canImport(Glibc)
import Glibc
#endif

/// What an uploaded file really is, judged from its bytes (never from the client's name or Content-Type).
public struct MediaProbe: Sendable, Equatable {
    /// image/jpeg, image/png, image/gif, image/webp or video/mp4.
    public let mediaType: String
    /// Canonical extension for stored names.
    public let fileExtension: String
    /// Pixel width, when the header says (images always; MP4 from its video track).
    public let width: Int?
    /// Pixel height.
    public let height: Int?
    /// Length of a video in milliseconds, when its movie header says.
    public var durationMillis: Int? = nil

    /// Largest side accepted (decompression bombs).
    public static let maxSide = 20_000
    /// Largest pixel count accepted.
    public static let maxPixels = 100_000_000

    /// Whether this is an image (not video).
    public var isImage: Bool { mediaType.hasPrefix("image/") }

    /// Why a file was refused.
    public struct Refusal: Error, Sendable, Equatable {
        /// Plain words for the user.
        public let message: String
    }

    /// Identifies the file at `path` by magic bytes and reads its dimensions from the header alone (no decoding).
    public static func probe(path: String) throws(Refusal) -> MediaProbe {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Refusal(message: "The upload could not be read.") }
        defer { close(fd) }
        let r = Reader(fd: fd)
        return try probe(r)
    }

    static func probe(_ r: Reader) throws(Refusal) -> MediaProbe {
        let head = r.read(at: 0, count: 32)
        func starts(_ m: [UInt8], at o: Int = 0) -> Bool { head.count >= o + m.count && Array(head[o..<(o + m.count)]) == m }
        let result: MediaProbe
        if starts([0xFF, 0xD8, 0xFF]) {
            result = try jpeg(r)
        } else if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard starts(Array("IHDR".utf8), at: 12), head.count >= 24 else { throw Refusal(message: "This PNG file is damaged (no image header).") }
            result = MediaProbe(mediaType: "image/png", fileExtension: "png", width: be32(head, 16), height: be32(head, 20))
        } else if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) {
            guard head.count >= 10 else { throw Refusal(message: "This GIF file is damaged.") }
            result = MediaProbe(mediaType: "image/gif", fileExtension: "gif", width: Int(head[6]) | Int(head[7]) << 8, height: Int(head[8]) | Int(head[9]) << 8)
        } else if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) {
            result = try webp(r, head)
        } else if starts(Array("ftyp".utf8), at: 4) {
            result = try mp4(r, head, fileSize: r.size)
        } else if looksLikeMarkup(r.read(at: 0, count: 512)) {
            throw Refusal(message: "SVG and other markup files are not accepted (they can carry scripts). Export the picture as JPEG or PNG.")
        } else {
            throw Refusal(message: "Only JPEG, PNG, GIF, WebP images and MP4 videos are accepted; this file is none of these.")
        }
        if let w = result.width, let h = result.height {
            guard w > 0, h > 0 else { throw Refusal(message: "The image says it has no pixels; the file is damaged.") }
            guard w <= maxSide, h <= maxSide, w * h <= maxPixels else {
                throw Refusal(message: "The \(result.isImage ? "image" : "video") is \(w)×\(h) pixels; the limit is 20,000 pixels a side and 100 megapixels.")
            }
        }
        return result
    }

    /// Walks JPEG segments to the frame header (SOFn) for the size.
    static func jpeg(_ r: Reader) throws(Refusal) -> MediaProbe {
        var o = 2
        for _ in 0..<10_000 {
            var b = r.read(at: o, count: 2)
            guard b.count == 2, b[0] == 0xFF else { break }
            // Fill bytes: any number of 0xFF before a marker.
            while b.count == 2, b[1] == 0xFF { o += 1; b = r.read(at: o, count: 2) }
            guard b.count == 2 else { break }
            let marker = b[1]
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { o += 2; continue }
            if marker == 0xD9 || marker == 0xDA { break }  // end or scan data before any frame header
            let lenBytes = r.read(at: o + 2, count: 2)
            guard lenBytes.count == 2 else { break }
            let len = Int(lenBytes[0]) << 8 | Int(lenBytes[1])
            guard len >= 2 else { break }
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                let f = r.read(at: o + 5, count: 4)
                guard f.count == 4 else { break }
                return MediaProbe(mediaType: "image/jpeg", fileExtension: "jpg", width: Int(f[2]) << 8 | Int(f[3]), height: Int(f[0]) << 8 | Int(f[1]))
            }
            o += 2 + len
        }
        throw Refusal(message: "This JPEG file is damaged or not really a JPEG (no frame header found).")
    }

    /// WebP: lossy (VP8), lossless (VP8L) or extended (VP8X) headers.
    static func webp(_ r: Reader, _ head: [UInt8]) throws(Refusal) -> MediaProbe {
        let chunk = String(decoding: head[12..<16], as: UTF8.self)
        let d = r.read(at: 20, count: 10)
        var w: Int?, h: Int?
        switch chunk {
        case "VP8 " where d.count >= 10 && d[3] == 0x9D && d[4] == 0x01 && d[5] == 0x2A:
            w = (Int(d[6]) | Int(d[7]) << 8) & 0x3FFF
            h = (Int(d[8]) | Int(d[9]) << 8) & 0x3FFF
        case "VP8L" where d.count >= 5 && d[0] == 0x2F:
            w = 1 + (Int(d[1]) | (Int(d[2]) & 0x3F) << 8)
            h = 1 + (Int(d[2]) >> 6 | Int(d[3]) << 2 | (Int(d[4]) & 0x0F) << 10)
        case "VP8X" where d.count >= 10:
            w = 1 + (Int(d[4]) | Int(d[5]) << 8 | Int(d[6]) << 16)
            h = 1 + (Int(d[7]) | Int(d[8]) << 8 | Int(d[9]) << 16)
        default:
            throw Refusal(message: "This WebP file is damaged (unknown image header).")
        }
        return MediaProbe(mediaType: "image/webp", fileExtension: "webp", width: w, height: h)
    }

    static func looksLikeMarkup(_ b: [UInt8]) -> Bool {
        let s = String(decoding: b, as: UTF8.self).lowercased()
        return s.contains("<svg") || s.contains("<?xml") || s.contains("<html") || s.contains("<!doctype") || s.contains("<script")
    }

    static func be32(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]) }

    /// Positional reads from an open file (headers can sit past large metadata blocks).
    struct Reader {
        let fd: Int32
        /// Bytes in the file.
        var size: Int { Int(max(0, lseek(fd, 0, SEEK_END))) }
        func read(at offset: Int, count: Int) -> [UInt8] {
            guard offset >= 0, count > 0 else { return [] }
            var buf = [UInt8](repeating: 0, count: count)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
            return n > 0 ? Array(buf[0..<n]) : []
        }
    }
}
