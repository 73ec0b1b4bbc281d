import Testing
import ParleyCrypto

@Suite struct EncodingTests {
    /// RFC 4648 §10 vectors.
    @Test func base64RFC4648Vectors() {
        let pairs = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                     ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in pairs {
            #expect(Base64.encode(b(plain)) == encoded)
            #expect(Base64.decode(encoded) == b(plain))
            let url = String(encoded.filter { $0 != "=" })
            #expect(Base64URL.encode(b(plain)) == url)
            #expect(Base64URL.decode(url) == b(plain))
        }
    }

    @Test func alphabetsDifferOnlyInTheLastTwoSymbols() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64URL.encode(bytes) == "-_-_")
        #expect(Base64.decode("-_-_") == nil)
        #expect(Base64URL.decode("+/+/") == nil)
    }

    @Test(arguments: 0...66)
    func roundTripsAtEveryLength(_ length: Int) {
        let bytes = SecureRandom.bytes(length)
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
        #expect(Hex.decode(Hex.encode(bytes).uppercased()) == bytes)
    }

    @Test func allByteValuesRoundTrip() {
        let bytes = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        #expect(Hex.encode(bytes).hasPrefix("000102"))
        #expect(Hex.decode(Hex.encode(bytes)) == bytes)
    }

    @Test(arguments: ["Zg", "Zg=", "Z===", "Zm9v=", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n", "Zg==Zg==", "=Zg=", "é123", "Zm9*"])
    func invalidStandardBase64IsRejected(_ input: String) {
        #expect(Base64.decode(input) == nil)
    }

    @Test(arguments: ["Z", "Zg==", "Zh", "Zm9", "Zm9v+", "Zm9v/", "a b", "AAAAA", "é"])
    func invalidBase64URLIsRejected(_ input: String) {
        #expect(Base64URL.decode(input) == nil)
    }

    @Test(arguments: ["0", "abc", "zz", "0g", "12 4", "0x12", "é0"])
    func invalidHexIsRejected(_ input: String) {
        #expect(Hex.decode(input) == nil)
    }

    @Test func hexIsLowercase() {
        #expect(Hex.encode([0xde, 0xad, 0xbe, 0xef]) == "deadbeef")
        #expect(Hex.decode("DeadBEEF") == [0xde, 0xad, 0xbe, 0xef])
        #expect(Hex.decode("") == [])
    }

    @Test func tokensAreURLSafeAndUnique() {
        let a = SecureRandom.token()
        #expect(a.count == 43)
        let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        #expect(a.utf8.allSatisfy { urlSafe.contains($0) })
        #expect(Base64URL.decode(a)?.count == 32)
        #expect(a != SecureRandom.token())
        #expect(SecureRandom.token(byteCount: 16).count == 22)
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(1000).count == 1000)
    }

    @Test func constantTimeEquals() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [1]))
        #expect(!ConstantTime.equals([1], []))
        #expect(ConstantTime.equals([], []))
    }
}
