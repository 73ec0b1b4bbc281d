import ParleyCrypto

/// Bytes from a hex literal in a test vector; whitespace is ignored so vectors can be copied in spec layout.
func h(_ hex: String) -> [UInt8] {
    let compact = String(hex.filter { !$0.isWhitespace })
    guard let bytes = Hex.decode(compact) else { preconditionFailure("bad hex in test vector: \(hex)") }
    return bytes
}

/// Bytes of an ASCII/UTF-8 string.
func b(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Returns `bytes` with one bit flipped.
func flipped(_ bytes: [UInt8], at index: Int, bit: UInt8 = 0x01) -> [UInt8] {
    var copy = bytes
    copy[index] ^= bit
    return copy
}
