import Testing
import ParleyCrypto

/// RFC 4231 §4 test cases (case 5, the truncated-output one, does not apply to a full-length MAC).
@Suite struct HMACSHA256Tests {
    struct Vector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "RFC 4231 case 1", key: [UInt8](repeating: 0x0b, count: 20), data: b("Hi There"),
               mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Vector(name: "RFC 4231 case 2", key: b("Jefe"), data: b("what do ya want for nothing?"),
               mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Vector(name: "RFC 4231 case 3", key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
               mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Vector(name: "RFC 4231 case 4", key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
               mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Vector(name: "RFC 4231 case 6", key: [UInt8](repeating: 0xaa, count: 131),
               data: b("Test Using Larger Than Block-Size Key - Hash Key First"),
               mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Vector(name: "RFC 4231 case 7", key: [UInt8](repeating: 0xaa, count: 131),
               data: b("This is a test using a larger than block-size key and a larger than block-size data."
                       + " The key needs to be hashed before being used by the HMAC algorithm."),
               mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: vectors)
    func rfc4231(_ v: Vector) {
        #expect(HMACSHA256.hex(key: v.key, message: v.data) == v.mac)
        // The raw-buffer path (used for webhook bodies) must agree with the collection path.
        let raw = v.data.withUnsafeBytes { HMACSHA256.mac(key: v.key, message: $0) }
        #expect(raw == h(v.mac))
    }

    @Test func emptyKeyAndEmptyMessageDoNotCrash() {
        // Reference value from `openssl dgst -sha256 -hmac ''` on an empty input.
        #expect(HMACSHA256.hex(key: [], message: [UInt8]()) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func isValidAcceptsOnlyTheRightMac() {
        let key = b("webhook-app-secret")
        let body = b(#"{"object":"page","entry":[]}"#)
        let mac = HMACSHA256.mac(key: key, message: body)
        #expect(HMACSHA256.isValid(mac, key: key, message: body))
        #expect(!HMACSHA256.isValid(flipped(mac, at: 31), key: key, message: body))
        #expect(!HMACSHA256.isValid(Array(mac.prefix(31)), key: key, message: body))
        #expect(!HMACSHA256.isValid(mac, key: b("other-secret"), message: body))
        #expect(body.withUnsafeBytes { HMACSHA256.isValid(mac, key: key, message: $0) })
    }
}
