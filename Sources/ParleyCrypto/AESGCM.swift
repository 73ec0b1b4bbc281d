internal import COpenSSL

/// AES-256-GCM (NIST SP 800-38D) with 12-byte nonces and 16-byte tags.
public enum AESGCM {
    /// Key length in bytes (AES-256).
    public static let keyByteCount = 32
    /// Nonce length in bytes; 96 bits is the size GCM handles without extra hashing.
    public static let nonceByteCount = 12
    /// Tag length in bytes; full 128-bit tags only.
    public static let tagByteCount = 16

    /// Encrypts `plaintext`, authenticating it together with `aad`. A random nonce is drawn unless
    /// one is given (tests only: reusing a nonce under one key breaks GCM completely).
    /// - Throws: `CryptoError` for a wrong key or nonce length, or an OpenSSL failure.
    public static func seal(
        _ plaintext: [UInt8], key: [UInt8], nonce: [UInt8]? = nil, aad: [UInt8] = []
    ) throws -> (nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) {
        let nonce = nonce ?? SecureRandom.bytes(nonceByteCount)
        try check(key: key, nonce: nonce)
        try checkSizes(plaintext.count, aad.count)
        let ctx = try CipherContext()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        guard EVP_EncryptInit_ex(ctx.raw, EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw CryptoError.openssl("EVP_EncryptInit_ex")
        }
        try feedAAD(ctx, aad, EVP_EncryptUpdate)
        var outLen: Int32 = 0
        if !plaintext.isEmpty {
            let rc = ciphertext.withUnsafeMutableBufferPointer {
                EVP_EncryptUpdate(ctx.raw, $0.baseAddress, &outLen, plaintext, Int32(plaintext.count))
            }
            guard rc == 1 else { throw CryptoError.openssl("EVP_EncryptUpdate") }
        }
        // GCM is a stream mode: Final writes nothing, it only completes the tag.
        var finalLen: Int32 = 0
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_EncryptFinal_ex(ctx.raw, &scratch, &finalLen) == 1,
              EVP_CIPHER_CTX_ctrl(ctx.raw, EVP_CTRL_GCM_GET_TAG, Int32(tagByteCount), &tag) == 1 else {
            throw CryptoError.openssl("EVP_EncryptFinal_ex")
        }
        return (nonce, ciphertext, tag)
    }

    /// Decrypts and verifies. Returns the plaintext only if the tag matches key, nonce, ciphertext and `aad`.
    /// - Throws: `CryptoError.authenticationFailed` on any mismatch; never returns unverified bytes.
    public static func open(
        ciphertext: [UInt8], key: [UInt8], nonce: [UInt8], tag: [UInt8], aad: [UInt8] = []
    ) throws -> [UInt8] {
        try check(key: key, nonce: nonce)
        guard tag.count == tagByteCount else { throw CryptoError.authenticationFailed }
        try checkSizes(ciphertext.count, aad.count)
        let ctx = try CipherContext()
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        guard EVP_DecryptInit_ex(ctx.raw, EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw CryptoError.openssl("EVP_DecryptInit_ex")
        }
        try feedAAD(ctx, aad, EVP_DecryptUpdate)
        var outLen: Int32 = 0
        if !ciphertext.isEmpty {
            let rc = plaintext.withUnsafeMutableBufferPointer {
                EVP_DecryptUpdate(ctx.raw, $0.baseAddress, &outLen, ciphertext, Int32(ciphertext.count))
            }
            guard rc == 1 else { throw CryptoError.openssl("EVP_DecryptUpdate") }
        }
        var tagCopy = tag
        guard EVP_CIPHER_CTX_ctrl(ctx.raw, EVP_CTRL_GCM_SET_TAG, Int32(tagByteCount), &tagCopy) == 1 else {
            throw CryptoError.openssl("EVP_CTRL_GCM_SET_TAG")
        }
        var finalLen: Int32 = 0
        var scratch = [UInt8](repeating: 0, count: 16)
        guard EVP_DecryptFinal_ex(ctx.raw, &scratch, &finalLen) == 1 else {
            // Wipe the unverified plaintext rather than let it linger in a returned or leaked buffer.
            for i in plaintext.indices { plaintext[i] = 0 }
            OpenSSLErrorQueue.clear()
            throw CryptoError.authenticationFailed
        }
        return plaintext
    }

    /// Seals into one buffer laid out as nonce ‖ ciphertext ‖ tag (the stored-token layout).
    public static func sealCombined(_ plaintext: [UInt8], key: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
        let box = try seal(plaintext, key: key, aad: aad)
        return box.nonce + box.ciphertext + box.tag
    }

    /// Opens a nonce ‖ ciphertext ‖ tag buffer made by `sealCombined`.
    public static func openCombined(_ combined: [UInt8], key: [UInt8], aad: [UInt8] = []) throws -> [UInt8] {
        guard combined.count >= nonceByteCount + tagByteCount else {
            throw CryptoError.invalidFormat("sealed data shorter than nonce and tag")
        }
        let nonce = Array(combined[..<nonceByteCount])
        let tag = Array(combined[(combined.count - tagByteCount)...])
        let ciphertext = Array(combined[nonceByteCount..<(combined.count - tagByteCount)])
        return try open(ciphertext: ciphertext, key: key, nonce: nonce, tag: tag, aad: aad)
    }

    private static func check(key: [UInt8], nonce: [UInt8]) throws {
        guard key.count == keyByteCount else { throw CryptoError.invalidKey("AES-256-GCM needs a 32-byte key, got \(key.count)") }
        guard nonce.count == nonceByteCount else {
            throw CryptoError.invalidParameter("AES-GCM nonce must be 12 bytes, got \(nonce.count)")
        }
    }

    /// OpenSSL's update calls take Int32 lengths.
    private static func checkSizes(_ dataCount: Int, _ aadCount: Int) throws {
        guard dataCount <= Int(Int32.max), aadCount <= Int(Int32.max) else {
            throw CryptoError.invalidParameter("AES-GCM input larger than 2 GiB")
        }
    }

    private typealias UpdateFn = (OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int32>?,
                                  UnsafePointer<UInt8>?, Int32) -> Int32

    /// AAD goes in through Update with a NULL output buffer.
    private static func feedAAD(_ ctx: CipherContext, _ aad: [UInt8], _ update: UpdateFn) throws {
        guard !aad.isEmpty else { return }
        var len: Int32 = 0
        guard update(ctx.raw, nil, &len, aad, Int32(aad.count)) == 1 else { throw CryptoError.openssl("AES-GCM AAD") }
    }
}

/// Owns one `EVP_CIPHER_CTX` for the duration of a seal/open call.
private final class CipherContext {
    let raw: OpaquePointer
    init() throws {
        guard let raw = EVP_CIPHER_CTX_new() else { throw CryptoError.openssl("EVP_CIPHER_CTX_new") }
        self.raw = raw
    }
    deinit { EVP_CIPHER_CTX_free(raw) }
}
