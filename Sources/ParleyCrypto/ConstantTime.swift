internal import COpenSSL

/// Comparisons whose running time does not depend on where inputs differ.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes. Lengths are treated as public: a length
    /// mismatch returns false, but only after a full-length comparison so it takes the usual time.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { ra in b.withUnsafeBytes { rb in equals(ra, rb) } }
    }

    /// Raw-buffer form of `equals(_:_:)`, for callers that already hold bytes without an array.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count > 0, let pa = a.baseAddress else { return b.count == 0 }
        if a.count != b.count {
            // Burn the same work as a real comparison, then fail.
            _ = CRYPTO_memcmp(pa, pa, a.count)
            return false
        }
        guard let pb = b.baseAddress else { return false }
        return CRYPTO_memcmp(pa, pb, a.count) == 0
    }
}
