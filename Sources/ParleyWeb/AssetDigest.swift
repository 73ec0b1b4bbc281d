// The hash behind asset versions and ETags.
import ParleyCrypto

/// Hex digests of asset bytes, for cache-busting versions and ETags (SHA-256 from ParleyCrypto).
enum AssetDigest {
    /// The lowercase hex SHA-256 of one buffer.
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String { SHA256.hex(bytes) }

    /// The first 12 hex digits of a SHA-256 over every path and its bytes, in sorted path order.
    /// Each path and body is length-prefixed, so no two different bundles feed the same byte stream.
    static func version(of assets: [String: WebAsset]) -> String {
        let hasher = SHA256.Hasher()
        for path in assets.keys.sorted() {
            guard let asset = assets[path] else { continue }
            let name = Array(path.utf8)
            hasher.update(lengthBytes(name.count))
            hasher.update(name)
            hasher.update(lengthBytes(asset.bytes.count))
            hasher.update(asset.bytes)
        }
        return String(Hex.encode(hasher.finalize()).prefix(12))
    }

    /// A length as 8 little-endian bytes.
    private static func lengthBytes(_ length: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt64(length).littleEndian) { Array($0) }
    }
}
