/// MP4 (ISO base media file) headers: the movie header for the length and the video track header for the size,
/// read by walking boxes with positional reads (the `moov` box often sits after megabytes of `mdat`).
extension MediaProbe {
    /// ftyp brands of still-image formats that share the MP4 container (HEIC, HEIF, AVIF): not videos.
    static let imageBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "avif", "avis"]

    /// A box: its type, where its payload starts and how long the payload is.
    struct Box {
        let type: String
        let payload: Int
        let length: Int
    }

    /// The boxes inside `start..<end`; a damaged size ends the walk instead of looping (bounded count as well).
    static func boxes(_ r: Reader, from start: Int, to end: Int, limit: Int = 256) -> [Box] {
        var out: [Box] = []
        var o = start
        while o + 8 <= end, out.count < limit {
            let h = r.read(at: o, count: 16)
            guard h.count >= 8 else { break }
            var size = be32(h, 0)
            var header = 8
            if size == 1 {
                guard h.count == 16 else { break }
                let big = h[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                guard big <= UInt64(Int.max) else { break }
                size = Int(big)
                header = 16
            } else if size == 0 {
                size = end - o  // to the end of the file
            }
            guard size >= header, o + size <= end else { break }
            out.append(Box(type: String(decoding: h[4..<8], as: UTF8.self), payload: o + header, length: size - header))
            o += size
        }
        return out
    }

    /// Identifies an MP4 by its ftyp box and reads duration and picture size from `moov`.
    static func mp4(_ r: Reader, _ head: [UInt8], fileSize: Int) throws(Refusal) -> MediaProbe {
        guard head.count >= 12 else { throw Refusal(message: "This MP4 file is damaged (its header is cut short).") }
        let brand = String(decoding: head[8..<12], as: UTF8.self)
        if imageBrands.contains(brand) {
            throw Refusal(message: "HEIC and AVIF photos are not accepted. Export the picture as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible).")
        }
        guard let moov = boxes(r, from: 0, to: fileSize, limit: 64).first(where: { $0.type == "moov" }) else {
            throw Refusal(message: "This MP4 file is damaged or incomplete (it has no movie header). Export or download it again.")
        }
        var duration: Int?
        var size: (Int, Int)?
        for b in boxes(r, from: moov.payload, to: moov.payload + moov.length) {
            if b.type == "mvhd" { duration = movieDuration(r, b) }
            if b.type == "trak", size == nil,
               let tkhd = boxes(r, from: b.payload, to: b.payload + b.length).first(where: { $0.type == "tkhd" }) {
                size = trackSize(r, tkhd)
            }
        }
        return MediaProbe(mediaType: "video/mp4", fileExtension: "mp4", width: size?.0, height: size?.1, durationMillis: duration)
    }

    /// mvhd: duration ÷ timescale, in milliseconds (version 0 has 32-bit fields, version 1 64-bit times).
    static func movieDuration(_ r: Reader, _ b: Box) -> Int? {
        let d = r.read(at: b.payload, count: 32)
        guard d.count >= 20 else { return nil }
        let scale: Int, units: UInt64
        if d[0] == 1 {
            guard d.count >= 32 else { return nil }
            scale = be32(d, 20)
            units = d[24..<32].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        } else {
            scale = be32(d, 12)
            units = UInt64(be32(d, 16))
        }
        // All ones means "unknown"; a zero timescale is damage.
        guard scale > 0, units != UInt64.max, units != 0xFFFF_FFFF else { return nil }
        let ms = units / UInt64(scale) * 1000 + units % UInt64(scale) * 1000 / UInt64(scale)
        return ms <= UInt64(Int32.max) ? Int(ms) : nil
    }

    /// tkhd: width and height (16.16 fixed point) as displayed, swapped when the matrix turns the picture a quarter.
    static func trackSize(_ r: Reader, _ b: Box) -> (Int, Int)? {
        let d = r.read(at: b.payload, count: 96)
        let base = d.first == 1 ? 52 : 40  // where the matrix starts
        guard d.count >= base + 44 else { return nil }
        let w = be32(d, base + 36) >> 16, h = be32(d, base + 40) >> 16
        guard w > 0, h > 0 else { return nil }  // audio tracks have no picture
        let a = be32(d, base), dd = be32(d, base + 16)
        return a == 0 && dd == 0 ? (h, w) : (w, h)
    }
}
