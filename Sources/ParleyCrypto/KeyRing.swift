/// Named 32-byte AES-256-GCM keys plus the id of the one used for new envelopes.
///
/// Envelope format: `v1.<keyId>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The version and key id are
/// authenticated too (they prefix the AAD), and callers add their own AAD to bind a secret to its row
/// (e.g. `"channel:42:page_token"`), so a ciphertext copied elsewhere fails to open.
public struct KeyRing: Sendable {
    /// The envelope version this code writes.
    public static let version = "v1"

    /// Id of the key that seals new envelopes.
    public let currentKeyID: String
    private let keys: [String: [UInt8]]

    /// A ring over `keys` sealing with `currentKeyID`.
    /// - Throws: `CryptoError.invalidKey` for a key that is not 32 bytes, an id that is not 1–32 of
    ///   `[A-Za-z0-9_-]`, or a current id missing from `keys`.
    public init(keys: [String: [UInt8]], currentKeyID: String) throws {
        for (id, key) in keys {
            guard Self.isValidKeyID(id) else { throw CryptoError.invalidKey("key id '\(id)' must be 1-32 of [A-Za-z0-9_-]") }
            guard key.count == AESGCM.keyByteCount else {
                throw CryptoError.invalidKey("key '\(id)' must be 32 bytes, got \(key.count)")
            }
        }
        guard keys[currentKeyID] != nil else { throw CryptoError.invalidKey("current key id '\(currentKeyID)' is not in the ring") }
        self.keys = keys
        self.currentKeyID = currentKeyID
    }

    /// A ring holding one key.
    public init(key: [UInt8], id: String = "k1") throws {
        try self.init(keys: [id: key], currentKeyID: id)
    }

    /// All key ids, sorted.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// Encrypts `plaintext` under the current key into a printable envelope.
    public func seal(_ plaintext: [UInt8], aad: [UInt8] = []) throws -> String {
        // The ring always holds the current key (checked in init).
        let key = keys[currentKeyID] ?? []
        let sealed = try AESGCM.sealCombined(plaintext, key: key, aad: Self.boundAAD(currentKeyID, aad))
        return "\(Self.version).\(currentKeyID).\(Base64URL.encode(sealed))"
    }

    /// Encrypts the UTF-8 bytes of `plaintext`.
    public func seal(_ plaintext: String, aad: [UInt8] = []) throws -> String {
        try seal(Array(plaintext.utf8), aad: aad)
    }

    /// Encrypts the UTF-8 bytes of `plaintext`, with a string AAD such as `"channel:42"`.
    public func seal(_ plaintext: String, aad: String) throws -> String {
        try seal(Array(plaintext.utf8), aad: Array(aad.utf8))
    }

    /// Decrypts an envelope sealed by any key in the ring with the same `aad`.
    /// - Throws: `invalidFormat`, `unknownKeyID` or `authenticationFailed`; never returns unverified bytes.
    public func open(_ envelope: String, aad: [UInt8] = []) throws -> [UInt8] {
        let (id, sealed) = try Self.parse(envelope)
        guard let key = keys[id] else { throw CryptoError.unknownKeyID(id) }
        return try AESGCM.openCombined(sealed, key: key, aad: Self.boundAAD(id, aad))
    }

    /// String-AAD form of `open(_:aad:)`.
    public func open(_ envelope: String, aad: String) throws -> [UInt8] {
        try open(envelope, aad: Array(aad.utf8))
    }

    /// Decrypts an envelope whose plaintext is UTF-8 text.
    /// - Throws: as `open`, plus `invalidFormat` if the plaintext is not valid UTF-8.
    public func openString(_ envelope: String, aad: [UInt8] = []) throws -> String {
        let bytes = try open(envelope, aad: aad)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CryptoError.invalidFormat("envelope plaintext is not UTF-8")
        }
        return text
    }

    /// String-AAD form of `openString(_:aad:)`.
    public func openString(_ envelope: String, aad: String) throws -> String {
        try openString(envelope, aad: Array(aad.utf8))
    }

    /// True when `envelope` was sealed under an older key (or is unreadable): re-seal it lazily.
    public func needsReseal(_ envelope: String) -> Bool {
        (try? Self.parse(envelope))?.keyID != currentKeyID
    }

    /// The key id named by an envelope, without decrypting it; nil if malformed.
    public static func keyID(of envelope: String) -> String? {
        (try? parse(envelope))?.keyID
    }

    // MARK: - Internals

    static func isValidKeyID(_ id: String) -> Bool {
        (1...32).contains(id.utf8.count) && id.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2d || c == 0x5f
        }
    }

    /// "v1.<id>." ‖ caller AAD. Ids contain no '.', so the prefix cannot be confused with the caller's part.
    private static func boundAAD(_ id: String, _ aad: [UInt8]) -> [UInt8] {
        Array("\(version).\(id).".utf8) + aad
    }

    private static func parse(_ envelope: String) throws -> (keyID: String, sealed: [UInt8]) {
        let parts = envelope.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw CryptoError.invalidFormat("envelope must be v1.<keyId>.<data>") }
        guard parts[0] == Substring(version) else { throw CryptoError.invalidFormat("unsupported envelope version '\(parts[0].prefix(8))'") }
        let id = String(parts[1])
        guard isValidKeyID(id) else { throw CryptoError.invalidFormat("malformed key id in envelope") }
        guard let sealed = Base64URL.decode(String(parts[2])),
              sealed.count >= AESGCM.nonceByteCount + AESGCM.tagByteCount else {
            throw CryptoError.invalidFormat("envelope data is not valid base64url of nonce, ciphertext and tag")
        }
        return (id, sealed)
    }
}
