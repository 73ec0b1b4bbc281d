import Testing
import ParleyCrypto

@Suite struct SHA256Tests {
    @Test func emptyStringDigest() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abcDigest() {
        #expect(SHA256.hex(b("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash("abc".utf8) == h("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
    }

    @Test func nonContiguousCollectionIsHashedLikeAnArray() {
        let message = b("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(SHA256.hash(message.lazy.map { $0 }) == SHA256.hash(message))
        #expect(SHA256.hex(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func rawBufferDigestMatches() {
        let data = b("abc")
        let digest = data.withUnsafeBytes { SHA256.hash($0) }
        #expect(digest == SHA256.hash(data))
    }

    @Test func streamingHasherMatchesOneShotAcrossChunkSizes() {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let expected = SHA256.hash(data)
        for chunk in [1, 7, 64, 4096, 16_384, 100_000] {
            let hasher = SHA256.Hasher()
            var offset = 0
            while offset < data.count {
                let end = min(offset + chunk, data.count)
                hasher.update(data[offset..<end])
                offset = end
            }
            #expect(hasher.finalize() == expected, "chunk size \(chunk)")
        }
    }

    @Test func hasherIsReusableAfterFinalize() {
        let hasher = SHA256.Hasher()
        hasher.update(b("ab"))
        hasher.update(b("c"))
        #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(hasher.finalize()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
