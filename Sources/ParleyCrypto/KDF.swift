internal import COpenSSL

/// Password-based key derivation: PBKDF2-HMAC-SHA256 (RFC 8018) and scrypt (RFC 7914).
public enum KDF {
    /// Upper bound on scrypt memory (128·N·r bytes); OpenSSL's own default of 32 MiB rejects N=2^17, r=8.
    public static let scryptMaxMemory: UInt64 = 256 << 20

    /// PBKDF2-HMAC-SHA256 of `password` and `salt` with `iterations` rounds, `length` output bytes.
    /// - Throws: `CryptoError.invalidParameter` for non-positive iterations or length, or an OpenSSL failure.
    public static func pbkdf2SHA256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) throws -> [UInt8] {
        guard (1...Int(Int32.max)).contains(iterations), (1...1024).contains(length),
              password.count <= Int(Int32.max), salt.count <= Int(Int32.max) else {
            throw CryptoError.invalidParameter("PBKDF2 iterations/length out of range")
        }
        var out = [UInt8](repeating: 0, count: length)
        let rc = password.withUnsafeBytes { p in
            salt.withUnsafeBytes { s in
                out.withUnsafeMutableBufferPointer { o in
                    PKCS5_PBKDF2_HMAC(nonNullBase(p).assumingMemoryBound(to: CChar.self), Int32(p.count),
                                      nonNullBase(s).assumingMemoryBound(to: UInt8.self), Int32(s.count),
                                      Int32(iterations), EVP_sha256(), Int32(length), o.baseAddress)
                }
            }
        }
        guard rc == 1 else { throw CryptoError.openssl("PKCS5_PBKDF2_HMAC") }
        return out
    }

    /// scrypt of `password` and `salt` with cost `n` (a power of two > 1), block size `r`,
    /// parallelism `p`, `length` output bytes, memory capped at `scryptMaxMemory`.
    /// - Throws: `CryptoError.invalidParameter` for bad or too costly parameters, or an OpenSSL failure.
    public static func scrypt(password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, length: Int) throws -> [UInt8] {
        guard n > 1, n & (n - 1) == 0, (1...256).contains(r), (1...1024).contains(p), (1...1024).contains(length) else {
            throw CryptoError.invalidParameter("scrypt needs N a power of two > 1, r in 1...256, p in 1...1024")
        }
        // OpenSSL needs 128·r·(N + 2 + p) bytes; checked here so an oversized cost fails with a clear message.
        let (blockBytes, o1) = r.multipliedReportingOverflow(by: 128)
        let (blocks, o2) = n.addingReportingOverflow(2 + p)
        let (memory, o3) = blockBytes.multipliedReportingOverflow(by: blocks)
        guard !o1, !o2, !o3, memory <= scryptMaxMemory else {
            throw CryptoError.invalidParameter("scrypt parameters need more than \(scryptMaxMemory >> 20) MiB")
        }
        var out = [UInt8](repeating: 0, count: length)
        let rc = password.withUnsafeBytes { pw in
            salt.withUnsafeBytes { s in
                out.withUnsafeMutableBufferPointer { o in
                    EVP_PBE_scrypt(nonNullBase(pw).assumingMemoryBound(to: CChar.self), pw.count,
                                   nonNullBase(s).assumingMemoryBound(to: UInt8.self), s.count,
                                   n, r, p, scryptMaxMemory, o.baseAddress, length)
                }
            }
        }
        guard rc == 1 else { throw CryptoError.openssl("EVP_PBE_scrypt") }
        return out
    }
}
