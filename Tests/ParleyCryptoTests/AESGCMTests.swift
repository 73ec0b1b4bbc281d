import Testing
import ParleyCrypto

/// AES-256 test cases 13–16 from McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", appendix B.
@Suite struct AESGCMTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: String, iv: String, plaintext: String, aad: String, ciphertext: String, tag: String
        var testDescription: String { name }
    }

    static let k15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
    static let p15 = """
        d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
        1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255
        """
    static let c15 = """
        522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
        8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad
        """

    static let vectors: [Vector] = [
        Vector(name: "TC13 empty", key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12),
               plaintext: "", aad: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
        Vector(name: "TC14 one zero block", key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12),
               plaintext: String(repeating: "00", count: 16), aad: "",
               ciphertext: "cea7403d4d606b6e074ec5d3baf39d18", tag: "d0d1c8a799996bf0265b98b5d48ab919"),
        Vector(name: "TC15 64 bytes, no AAD", key: k15, iv: "cafebabefacedbaddecaf888", plaintext: p15, aad: "",
               ciphertext: c15, tag: "b094dac5d93471bdec1a502270e3cc6c"),
        Vector(name: "TC16 60 bytes with AAD", key: k15, iv: "cafebabefacedbaddecaf888",
               plaintext: String(p15.prefix(120)), aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
               ciphertext: String(c15.prefix(120)), tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
    ]

    @Test(arguments: vectors)
    func specVectorSeal(_ v: Vector) throws {
        let box = try AESGCM.seal(h(v.plaintext), key: h(v.key), nonce: h(v.iv), aad: h(v.aad))
        #expect(box.nonce == h(v.iv))
        #expect(Hex.encode(box.ciphertext) == v.ciphertext)
        #expect(Hex.encode(box.tag) == v.tag)
    }

    @Test(arguments: vectors)
    func specVectorOpen(_ v: Vector) throws {
        let plain = try AESGCM.open(ciphertext: h(v.ciphertext), key: h(v.key), nonce: h(v.iv), tag: h(v.tag), aad: h(v.aad))
        #expect(plain == h(v.plaintext))
    }

    @Test func tamperingIsRejected() throws {
        let v = Self.vectors[3]
        let (key, iv, ct, tag, aad) = (h(v.key), h(v.iv), h(v.ciphertext), h(v.tag), h(v.aad))
        let attempts: [(String, () throws -> [UInt8])] = [
            ("ciphertext bit", { try AESGCM.open(ciphertext: flipped(ct, at: 5), key: key, nonce: iv, tag: tag, aad: aad) }),
            ("tag bit", { try AESGCM.open(ciphertext: ct, key: key, nonce: iv, tag: flipped(tag, at: 15, bit: 0x80), aad: aad) }),
            ("nonce bit", { try AESGCM.open(ciphertext: ct, key: key, nonce: flipped(iv, at: 0), tag: tag, aad: aad) }),
            ("aad bit", { try AESGCM.open(ciphertext: ct, key: key, nonce: iv, tag: tag, aad: flipped(aad, at: 19)) }),
            ("missing aad", { try AESGCM.open(ciphertext: ct, key: key, nonce: iv, tag: tag) }),
            ("wrong key", { try AESGCM.open(ciphertext: ct, key: flipped(key, at: 0), nonce: iv, tag: tag, aad: aad) }),
            ("truncated ciphertext", { try AESGCM.open(ciphertext: Array(ct.dropLast()), key: key, nonce: iv, tag: tag, aad: aad) }),
            ("short tag", { try AESGCM.open(ciphertext: ct, key: key, nonce: iv, tag: Array(tag.prefix(12)), aad: aad) }),
        ]
        for (name, attempt) in attempts {
            #expect(throws: CryptoError.authenticationFailed, "\(name)") { _ = try attempt() }
        }
    }

    @Test func badKeyAndNonceLengthsThrowTypedErrors() {
        #expect { try AESGCM.seal(b("x"), key: [UInt8](repeating: 0, count: 16)) } throws: {
            ($0 as? CryptoError)?.code == .invalidKey
        }
        #expect { try AESGCM.seal(b("x"), key: [UInt8](repeating: 0, count: 32), nonce: [1, 2, 3]) } throws: {
            ($0 as? CryptoError)?.code == .invalidParameter
        }
        #expect { try AESGCM.openCombined([1, 2, 3], key: [UInt8](repeating: 0, count: 32)) } throws: {
            ($0 as? CryptoError)?.code == .invalidFormat
        }
    }

    @Test func randomNoncesDifferAndCombinedRoundTrips() throws {
        let key = SecureRandom.bytes(32)
        let message = b("page access token EAAB…")
        let a = try AESGCM.sealCombined(message, key: key, aad: b("channel:1"))
        let c = try AESGCM.sealCombined(message, key: key, aad: b("channel:1"))
        #expect(a.count == 12 + message.count + 16)
        #expect(a.prefix(12) != c.prefix(12))
        #expect(try AESGCM.openCombined(a, key: key, aad: b("channel:1")) == message)
        #expect(throws: CryptoError.authenticationFailed) { try AESGCM.openCombined(a, key: key, aad: b("channel:2")) }
    }
}
