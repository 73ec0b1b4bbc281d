internal import COpenSSL

/// HMAC-SHA256 (RFC 2104) through OpenSSL's one-shot `HMAC()`.
public enum HMACSHA256 {
    /// MAC length in bytes.
    public static let byteCount = 32

    /// The 32-byte MAC of `message` under `key`.
    public static func mac<M: Collection<UInt8>>(key: [UInt8], message: M) -> [UInt8] {
        withBytes(message) { mac(key: key, message: $0) }
    }

    /// The MAC of raw memory, without copying it (webhook bodies are hashed in place).
    public static func mac(key: [UInt8], message: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        var len: UInt32 = 0
        let result = key.withUnsafeBytes { k in
            out.withUnsafeMutableBufferPointer { o in
                HMAC(EVP_sha256(), nonNullBase(k), Int32(k.count),
                     nonNullBase(message).assumingMemoryBound(to: UInt8.self), message.count,
                     o.baseAddress, &len)
            }
        }
        // HMAC() fails only on allocation failure inside OpenSSL; no key or message triggers it.
        guard result != nil, len == UInt32(byteCount) else { fatalError("HMAC failed: \(OpenSSLErrorQueue.drain())") }
        return out
    }

    /// Lowercase hex MAC of `message`.
    public static func hex<M: Collection<UInt8>>(key: [UInt8], message: M) -> String {
        Hex.encode(mac(key: key, message: message))
    }

    /// Lowercase hex MAC of raw memory.
    public static func hex(key: [UInt8], message: UnsafeRawBufferPointer) -> String {
        Hex.encode(mac(key: key, message: message))
    }

    /// True when `expected` is the MAC of `message` under `key`, compared in constant time.
    public static func isValid(_ expected: [UInt8], key: [UInt8], message: UnsafeRawBufferPointer) -> Bool {
        ConstantTime.equals(mac(key: key, message: message), expected)
    }

    /// Collection form of `isValid(_:key:message:)`.
    public static func isValid<M: Collection<UInt8>>(_ expected: [UInt8], key: [UInt8], message: M) -> Bool {
        ConstantTime.equals(mac(key: key, message: message), expected)
    }
}
