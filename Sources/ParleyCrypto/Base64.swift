/// Standard base64 (RFC 4648 §4): `+` and `/`, padded with `=`. Decoding is strict.
public enum Base64 {
    /// Padded standard base64 of `bytes`.
    public static func encode<D: Collection<UInt8>>(_ bytes: D) -> String {
        Base64Codec.standard.encode(bytes, pad: true)
    }

    /// Bytes of padded standard base64; nil for a wrong length, bad character, misplaced `=`
    /// or non-zero unused bits (so every byte string has exactly one accepted encoding).
    public static func decode(_ string: String) -> [UInt8]? {
        Base64Codec.standard.decode(string, padding: .required)
    }
}

/// URL- and filename-safe base64 (RFC 4648 §5): `-` and `_`, no padding. Used for tokens and envelopes.
public enum Base64URL {
    /// Unpadded base64url of `bytes`.
    public static func encode<D: Collection<UInt8>>(_ bytes: D) -> String {
        Base64Codec.url.encode(bytes, pad: false)
    }

    /// Bytes of unpadded base64url; nil for `=`, a bad character, an impossible length
    /// or non-zero unused bits.
    public static func decode(_ string: String) -> [UInt8]? {
        Base64Codec.url.decode(string, padding: .forbidden)
    }
}

/// The shared base64 engine; the two public enums only choose an alphabet and padding rule.
struct Base64Codec: Sendable {
    enum Padding { case required, forbidden }

    static let standard = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    static let url = Base64Codec(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    let symbols: [UInt8]
    /// Byte → 6-bit value, 0xFF for "not in the alphabet".
    let lookup: [UInt8]

    init(alphabet: String) {
        symbols = Array(alphabet.utf8)
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, s) in symbols.enumerated() { table[Int(s)] = UInt8(i) }
        lookup = table
    }

    func encode<D: Collection<UInt8>>(_ bytes: D, pad: Bool) -> String {
        withBytes(bytes) { raw in
            let whole = raw.count / 3, rest = raw.count % 3
            let outCount = whole * 4 + (rest == 0 ? 0 : (pad ? 4 : rest + 1))
            guard outCount > 0 else { return "" }
            // Writes straight into the string's storage: no intermediate array (envelopes are hot).
            return String(unsafeUninitializedCapacity: outCount) { out in
                symbols.withUnsafeBufferPointer { sym in
                    var i = 0, o = 0
                    func put(_ n: UInt32, shift: UInt32) {
                        out[o] = sym[Int(n >> shift & 63)]
                        o += 1
                    }
                    while i + 3 <= raw.count {
                        let n = UInt32(raw[i]) << 16 | UInt32(raw[i + 1]) << 8 | UInt32(raw[i + 2])
                        put(n, shift: 18); put(n, shift: 12); put(n, shift: 6); put(n, shift: 0)
                        i += 3
                    }
                    if rest > 0 {
                        let n = UInt32(raw[i]) << 16 | (rest == 2 ? UInt32(raw[i + 1]) << 8 : 0)
                        put(n, shift: 18); put(n, shift: 12)
                        if rest == 2 { put(n, shift: 6) }
                        if pad {
                            while o < outCount { out[o] = UInt8(ascii: "="); o += 1 }
                        }
                    }
                    return o
                }
            }
        }
    }

    func decode(_ string: String, padding: Padding) -> [UInt8]? {
        var chars = Array(string.utf8)
        switch padding {
        case .required:
            guard chars.count % 4 == 0 else { return nil }
            // At most two trailing '='; any other '=' is caught as "not in the alphabet" below.
            var pads = 0
            while pads < 2, let last = chars.last, last == UInt8(ascii: "=") {
                chars.removeLast()
                pads += 1
            }
        case .forbidden:
            break
        }
        // A lone leftover character carries only 6 bits: never a valid encoding.
        guard chars.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in chars {
            let v = lookup[Int(c)]
            guard v != 0xFF else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero, otherwise two strings would decode to the same bytes.
        guard acc & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}
