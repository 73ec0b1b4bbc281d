extension PasswordHasher {
    /// A parsed stored hash string; parsing rejects anything not produced by `hash`.
    struct StoredHash {
        let scheme: Scheme
        let salt: [UInt8]
        let hash: [UInt8]

        /// nil for an unknown algorithm, wrong field count, non-decimal numbers, bad base64
        /// or salt/hash lengths outside 8...64 bytes.
        init?(parsing stored: String) {
            // Stored strings are short; refusing long ones bounds the parsing work.
            guard stored.utf8.count <= 512 else { return nil }
            let fields = stored.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "pbkdf2-sha256":
                guard fields.count == 4, let iterations = Self.number(fields[1]),
                      iterations >= 1, iterations <= UInt64(PasswordHasher.maxIterations) else { return nil }
                scheme = .pbkdf2SHA256(iterations: Int(iterations))
            case "scrypt":
                guard fields.count == 6, let n = Self.number(fields[1]), let r = Self.number(fields[2]),
                      let p = Self.number(fields[3]) else { return nil }
                scheme = .scrypt(n: n, r: r, p: p)
            default:
                return nil
            }
            guard let salt = Base64.decode(fields[fields.count - 2]), (8...64).contains(salt.count),
                  let hash = Base64.decode(fields[fields.count - 1]), (16...64).contains(hash.count) else { return nil }
            self.salt = salt
            self.hash = hash
        }

        /// Plain decimal digits only (no sign, no spaces), at most 12 of them.
        private static func number(_ field: String) -> UInt64? {
            guard !field.isEmpty, field.utf8.count <= 12,
                  field.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return UInt64(field)
        }
    }
}
