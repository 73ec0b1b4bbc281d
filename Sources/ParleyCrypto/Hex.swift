/// Lowercase hexadecimal encoding (RFC 4648 §8 "base16").
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`.
    public static func encode<D: Collection<UInt8>>(_ bytes: D) -> String {
        withBytes(bytes) { raw in
            guard raw.count > 0 else { return "" }
            return String(unsafeUninitializedCapacity: raw.count * 2) { out in
                digits.withUnsafeBufferPointer { d in
                    for (i, b) in raw.enumerated() {
                        out[2 * i] = d[Int(b >> 4)]
                        out[2 * i + 1] = d[Int(b & 0x0f)]
                    }
                    return raw.count * 2
                }
            }
        }
    }

    /// Bytes of a hex string (either case); nil for odd length or any non-hex character.
    public static func decode(_ string: String) -> [UInt8]? {
        let utf8 = string.utf8
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8? = nil
        for c in utf8 {
            guard let v = value(c) else { return nil }
            if let h = high {
                out.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
