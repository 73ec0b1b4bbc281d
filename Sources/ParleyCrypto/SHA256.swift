internal import COpenSSL

/// SHA-256 (FIPS 180-4) through OpenSSL's EVP digest API.
public enum SHA256 {
    /// Digest length in bytes.
    public static let byteCount = 32

    /// The 32-byte digest of `data`.
    public static func hash<D: Collection<UInt8>>(_ data: D) -> [UInt8] {
        withBytes(data) { hash($0) }
    }

    /// The 32-byte digest of raw memory, without copying it.
    public static func hash(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        var len: UInt32 = 0
        let rc = out.withUnsafeMutableBufferPointer {
            EVP_Digest(nonNullBase(data), data.count, $0.baseAddress, &len, EVP_sha256(), nil)
        }
        // Only allocation failure inside OpenSSL can get here; no input triggers it.
        guard rc == 1, len == UInt32(byteCount) else { fatalError("EVP_Digest failed: \(OpenSSLErrorQueue.drain())") }
        return out
    }

    /// Lowercase hex digest of `data`.
    public static func hex<D: Collection<UInt8>>(_ data: D) -> String {
        Hex.encode(hash(data))
    }

    /// Lowercase hex digest of raw memory.
    public static func hex(_ data: UnsafeRawBufferPointer) -> String {
        Hex.encode(hash(data))
    }
}
