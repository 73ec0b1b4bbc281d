import Testing
import ParleyCrypto

@Suite struct KeyRingTests {
    let k1 = [UInt8](repeating: 0x11, count: 32)
    let k2 = [UInt8](repeating: 0x22, count: 32)

    @Test func roundTripIncludingNonASCII() throws {
        let ring = try KeyRing(key: k1)
        for text in ["", "a", "EAAB-page-token", "Grüße aus Zürich 🇨🇭 — 東京", String(repeating: "x", count: 10_000)] {
            let envelope = try ring.seal(text, aad: "channel:42")
            #expect(envelope.hasPrefix("v1.k1."))
            #expect(try ring.openString(envelope, aad: "channel:42") == text)
        }
    }

    @Test func envelopeIsPrintableAndSelfDescribing() throws {
        let ring = try KeyRing(keys: ["2025a": k1], currentKeyID: "2025a")
        let envelope = try ring.seal(b("secret"))
        let parts = envelope.split(separator: ".")
        #expect(parts.count == 3 && parts[0] == "v1" && parts[1] == "2025a")
        #expect(KeyRing.keyID(of: envelope) == "2025a")
        #expect(Base64URL.decode(String(parts[2]))?.count == 12 + 6 + 16)
        #expect(!envelope.contains("secret"))
    }

    @Test func sameInputSealsDifferently() throws {
        let ring = try KeyRing(key: k1)
        #expect(try ring.seal("same") != ring.seal("same"))
    }

    @Test func wrongAADIsRejected() throws {
        let ring = try KeyRing(key: k1)
        let envelope = try ring.seal("token", aad: "channel:42")
        #expect(throws: CryptoError.authenticationFailed) { try ring.open(envelope, aad: "channel:43") }
        #expect(throws: CryptoError.authenticationFailed) { try ring.open(envelope) }
    }

    @Test func tamperedEnvelopesAreRejected() throws {
        let ring = try KeyRing(key: k1)
        let envelope = try ring.seal("token")
        let parts = envelope.split(separator: ".").map(String.init)
        let sealed = try #require(Base64URL.decode(parts[2]))
        for index in [0, 11, 12, sealed.count - 17, sealed.count - 1] { // nonce, ciphertext, tag
            let forged = "v1.k1." + Base64URL.encode(flipped(sealed, at: index))
            #expect(throws: CryptoError.authenticationFailed) { try ring.open(forged) }
        }
    }

    @Test func unknownKeyIDIsReported() throws {
        let old = try KeyRing(key: k1, id: "old")
        let envelope = try old.seal("token")
        let other = try KeyRing(key: k1, id: "new")
        #expect { try other.open(envelope) } throws: { ($0 as? CryptoError)?.code == .unknownKeyID }
        // Relabelling the envelope with a key id the ring does hold still fails: the id is authenticated.
        let relabelled = "v1.new." + envelope.dropFirst("v1.old.".count)
        #expect(throws: CryptoError.authenticationFailed) { try other.open(relabelled) }
    }

    @Test func rotationOpensOldEnvelopesAndFlagsReseal() throws {
        let before = try KeyRing(keys: ["a": k1], currentKeyID: "a")
        let envelope = try before.seal("token")
        let after = try KeyRing(keys: ["a": k1, "b": k2], currentKeyID: "b")
        #expect(try after.openString(envelope) == "token")
        #expect(after.needsReseal(envelope))
        #expect(!after.needsReseal(try after.seal("token")))
        #expect(after.keyIDs == ["a", "b"])
    }

    @Test(arguments: ["", "v1", "v1.k1", "v2.k1.AAAA", "v1.k1.!!!!", "v1..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                      "v1.k1.AAAA", "v1.k1.a.b", "v1.k.1.AAAA", "v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="])
    func malformedEnvelopesThrowInvalidFormat(_ envelope: String) throws {
        let ring = try KeyRing(key: k1)
        #expect { try ring.open(envelope) } throws: { ($0 as? CryptoError)?.code == .invalidFormat }
    }

    @Test func invalidRingsAreRefused() {
        #expect(throws: CryptoError.self) { try KeyRing(key: [1, 2, 3]) }
        #expect(throws: CryptoError.self) { try KeyRing(keys: ["a": k1], currentKeyID: "b") }
        #expect(throws: CryptoError.self) { try KeyRing(key: k1, id: "has.dot") }
        #expect(throws: CryptoError.self) { try KeyRing(key: k1, id: "") }
    }

    @Test func nonUTF8PlaintextIsAnErrorForOpenString() throws {
        let ring = try KeyRing(key: k1)
        let envelope = try ring.seal([0xff, 0xfe])
        #expect(try ring.open(envelope) == [0xff, 0xfe])
        #expect { try ring.openString(envelope) } throws: { ($0 as? CryptoError)?.code == .invalidFormat }
    }
}
