/// Password storage: salted, slow, self-describing hashes that can be re-tuned later.
///
/// Formats (base64 is standard, padded):
/// - `pbkdf2-sha256$<iterations>$<b64 salt>$<b64 hash>` (default, 600,000 iterations per OWASP 2023)
/// - `scrypt$<N>$<r>$<p>$<b64 salt>$<b64 hash>`
public enum PasswordHasher {
    /// The default PBKDF2 iteration count.
    public static let defaultIterations = 600_000
    /// Salt length in bytes.
    public static let saltByteCount = 16
    /// Derived hash length in bytes.
    public static let hashByteCount = 32

    /// A hashing algorithm with its cost parameters.
    public enum Scheme: Sendable, Equatable {
        /// PBKDF2-HMAC-SHA256 with this many iterations.
        case pbkdf2SHA256(iterations: Int)
        /// scrypt with cost N (power of two), block size r and parallelism p.
        case scrypt(n: UInt64, r: UInt64, p: UInt64)

        /// PBKDF2-HMAC-SHA256 with 600,000 iterations.
        public static let `default` = Scheme.pbkdf2SHA256(iterations: PasswordHasher.defaultIterations)
        /// scrypt N=2^17, r=8, p=1 (128 MiB, about 0.5 s here): OWASP's first scrypt choice.
        public static let scryptStrong = Scheme.scrypt(n: 1 << 17, r: 8, p: 1)
    }

    /// Hashes with the default scheme (PBKDF2-SHA256, 600,000 iterations) and a fresh random salt.
    public static func hash(_ password: String) -> String {
        hash(password, iterations: defaultIterations)
    }

    /// Hashes with PBKDF2-SHA256 at a chosen iteration count (tests use small counts to stay fast).
    public static func hash(_ password: String, iterations: Int) -> String {
        precondition(iterations >= 1 && iterations <= maxIterations, "PBKDF2 iterations out of range")
        do {
            return try hash(password, scheme: .pbkdf2SHA256(iterations: iterations))
        } catch {
            // Valid parameters leave only an internal OpenSSL failure, which no caller can handle.
            fatalError("password hashing failed: \(error)")
        }
    }

    /// Hashes with an explicit scheme and a fresh random salt.
    /// - Throws: `CryptoError.invalidParameter` for out-of-range cost parameters.
    public static func hash(_ password: String, scheme: Scheme) throws -> String {
        let salt = SecureRandom.bytes(saltByteCount)
        let derived = try derive(Array(password.utf8), salt: salt, scheme: scheme, length: hashByteCount)
        return format(scheme) + "$" + Base64.encode(salt) + "$" + Base64.encode(derived)
    }

    /// True only if `stored` is a well-formed hash of `password`. Malformed or unsupported strings
    /// return false (never crash); the final comparison is constant-time.
    public static func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = StoredHash(parsing: stored),
              let derived = try? derive(Array(password.utf8), salt: parsed.salt, scheme: parsed.scheme,
                                        length: parsed.hash.count) else { return false }
        return ConstantTime.equals(derived, parsed.hash)
    }

    /// Does the work of a `verify` against a default-scheme hash and throws the result away.
    /// Call it for unknown users so "no such user" takes as long as "wrong password".
    public static func dummyVerify(_ password: String) {
        let derived = try? derive(Array(password.utf8), salt: dummySalt, scheme: .default, length: hashByteCount)
        _ = ConstantTime.equals(derived ?? [], dummyHash)
    }

    /// True when `stored` is not in `scheme` (or unreadable): rehash at the next successful login.
    public static func needsRehash(_ stored: String, scheme: Scheme = .default) -> Bool {
        StoredHash(parsing: stored)?.scheme != scheme
    }

    // MARK: - Internals

    /// Guards `verify` against stored strings that would burn minutes of CPU.
    static let maxIterations = 10_000_000
    private static let dummySalt = [UInt8](repeating: 0x5a, count: saltByteCount)
    private static let dummyHash = [UInt8](repeating: 0, count: hashByteCount)

    static func derive(_ password: [UInt8], salt: [UInt8], scheme: Scheme, length: Int) throws -> [UInt8] {
        switch scheme {
        case .pbkdf2SHA256(let iterations):
            guard iterations <= maxIterations else { throw CryptoError.invalidParameter("too many PBKDF2 iterations") }
            return try KDF.pbkdf2SHA256(password: password, salt: salt, iterations: iterations, length: length)
        case .scrypt(let n, let r, let p):
            return try KDF.scrypt(password: password, salt: salt, n: n, r: r, p: p, length: length)
        }
    }

    static func format(_ scheme: Scheme) -> String {
        switch scheme {
        case .pbkdf2SHA256(let iterations): return "pbkdf2-sha256$\(iterations)"
        case .scrypt(let n, let r, let p): return "scrypt$\(n)$\(r)$\(p)"
        }
    }
}
