internal import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG.
public enum SecureRandom {
    /// `count` random bytes. Traps only if the system RNG fails, which nothing can recover from.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        // RAND_bytes takes an Int32 length; fill in chunks so huge requests cannot overflow it.
        var offset = 0
        while offset < count {
            let n = min(count - offset, 1 << 20)
            let rc = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress! + offset, Int32(n)) }
            if rc != 1 {
                // Continuing without randomness would silently produce guessable keys and tokens.
                fatalError("RAND_bytes failed: \(OpenSSLErrorQueue.drain())")
            }
            offset += n
        }
        return out
    }

    /// A random token of `byteCount` bytes, base64url-encoded without padding (43 chars for 32 bytes).
    public static func token(byteCount: Int = 32) -> String {
        Base64URL.encode(bytes(byteCount))
    }
}
