import Foundation
import Testing
import ParleyCore
import ParleyCrypto
import ParleyTestSupport

/// A small seeded generator, so a failing mutation can be replayed from its index.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// RELIABILITY.md §6 row 3: 1,000 mutated webhook deliveries are all refused with 0 journal rows;
/// valid deliveries with non-ASCII text (Meta's `\u` escapes and raw UTF-8) are all accepted.
@Suite struct FuzzWebhookSignatureTests {
    static let mutations = 1000

    /// One mutated delivery: which mutation, the body bytes and the signature header (nil = no header).
    static func mutate(_ i: Int, body: [UInt8], rng: inout SplitMix64) -> (kind: String, body: [UInt8], signature: String?) {
        let good = WebhookHarness.sign(body)
        let hex = Array(good.utf8.dropFirst(7))
        switch i % 12 {
        case 0:  // one flipped bit in the body
            var b = body
            let at = Int.random(in: 0..<b.count, using: &rng)
            b[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            return ("body bit flip", b, good)
        case 1:  // one hex digit of the MAC changed to another hex digit
            var h = hex
            let at = Int.random(in: 0..<h.count, using: &rng)
            let digits = Array("0123456789abcdef".utf8).filter { $0 != h[at] }
            h[at] = digits[Int.random(in: 0..<digits.count, using: &rng)]
            return ("signature digit", body, "sha256=" + String(decoding: h, as: UTF8.self))
        case 2:  // body truncated
            return ("body truncated", Array(body.prefix(Int.random(in: 1..<body.count, using: &rng))), good)
        case 3:  // signature hex truncated
            return ("signature truncated", body, "sha256=" + String(decoding: hex.prefix(Int.random(in: 0..<64, using: &rng)), as: UTF8.self))
        case 4:  // signed with another secret
            let secret = "wrong-secret-\(UInt64.random(in: 0...UInt64.max, using: &rng))"
            return ("wrong secret", body, WebhookHarness.sign(body, secret: secret))
        case 5:  // the old header scheme and other prefixes
            let prefixes = ["sha1=", "SHA256=", "sha512=", "", "sha256:", "sha256 = "]
            let p = prefixes[Int.random(in: 0..<prefixes.count, using: &rng)]
            return ("prefix \(p)", body, p + String(decoding: p == "sha1=" ? Array(hex.prefix(40)) : hex, as: UTF8.self))
        case 6:  // re-serialised JSON: \u escapes replaced by raw UTF-8 (same meaning, other bytes)
            let text = String(decoding: body, as: UTF8.self)
                .replacingOccurrences(of: #"\u00fc"#, with: "ü").replacingOccurrences(of: #"\u2615"#, with: "☕")
            return ("re-serialised utf8", Array(text.utf8), good)
        case 7:  // re-serialised JSON: upper-case escapes / escaped slash removed
            let text = String(decoding: body, as: UTF8.self)
                .replacingOccurrences(of: #"\u00fc"#, with: #"\u00FC"#).replacingOccurrences(of: #"\/"#, with: "/")
            return ("re-serialised escapes", Array(text.utf8), good)
        case 8:  // whitespace added around the JSON
            return ("whitespace", [32] + body + [10], good)
        case 9:  // a valid signature of a different delivery (replayed header)
            let other = Array(MetaBodies.messengerText(page: "PAGE_F", psid: "U1", mid: "m_other_\(i)", text: "hi").utf8)
            return ("signature of other body", body, WebhookHarness.sign(other))
        case 10:  // missing or empty header
            return ("missing/empty", body, Bool.random(using: &rng) ? nil : "")
        default:  // a valid MAC with junk after it, or non-hex digits
            return Bool.random(using: &rng) ? ("trailing junk", body, good + "00") : ("non-hex", body, "sha256=" + String(repeating: "zz", count: 32))
        }
    }

    @Test func thousandMutatedDeliveriesAreAllRefusedAndNothingIsStored() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        try h.connect(.messenger, "PAGE_F")
        var rng = SplitMix64(seed: 0x5EED)
        let base = Array(MetaBodies.messengerText(page: "PAGE_F", psid: "U1", mid: "m_fuzz", text: #"Z\u00fcrich \u2615 https:\/\/shop.example\/a"#).utf8)
        var accepted: [String] = []
        var statuses: [Int: Int] = [:]
        for i in 0..<Self.mutations {
            let m = Self.mutate(i, body: base, rng: &rng)
            let r = try h.post(m.body, signature: m.signature)
            statuses[r.status, default: 0] += 1
            if r.status == 200 || m.body == base && m.signature == WebhookHarness.sign(base) { accepted.append("#\(i) \(m.kind)") }
        }
        #expect(accepted.isEmpty, "accepted: \(accepted.prefix(10))")
        #expect(statuses.keys.allSatisfy { $0 == 403 || $0 == 401 }, "statuses: \(statuses)")
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 0)
        #expect(try h.tenantScalar("SELECT count(*) FROM messages") == 0)
        // The original still passes afterwards: refusals have no lasting effect.
        #expect(try h.post(base, signature: WebhookHarness.sign(base)).status == 200)
    }

    /// Meta-style escaping: non-ASCII as \uXXXX (UTF-16 units, surrogate pairs for astral characters), slash as \/.
    static func metaEscaped(_ s: String) -> String {
        var out = ""
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x2F: out += "\\/"
            case 0..<0x20, 0x80...: out += String(format: "\\u%04x", unit)
            default: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            }
        }
        return out
    }

    @Test func validNonASCIIDeliveriesAreAllAcceptedAndStoredExactly() throws {
        let h = try WebhookHarness()
        defer { h.close() }
        let channel = try h.connect(.messenger, "PAGE_U")
        var rng = SplitMix64(seed: 42)
        let alphabet: [Character] = Array("aZ09 ÄöüßéèñçØå漢字かなカナ한국어Ελληνικάкириллицаעבריתالعربية😀👍🏽🇨🇭☕€£\"\\/\t\n")
        var expected: [String: String] = [:]
        for i in 0..<100 {
            // Bracketed so a store that trims whitespace cannot hide a decoding difference.
            let text = "<" + String((0..<Int.random(in: 1...40, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }) + ">"
            let mid = "m_utf_\(i)"
            expected[mid] = text
            // Even: exactly what Meta sends (ASCII only). Odd: the same JSON with raw UTF-8, signed over those bytes.
            let body: [UInt8]
            if i % 2 == 0 {
                body = Array(MetaBodies.messengerText(page: "PAGE_U", psid: "U\(i)", mid: mid, text: Self.metaEscaped(text)).utf8)
                #expect(body.allSatisfy { $0 < 0x80 })
            } else {
                let json = String(data: try JSONSerialization.data(withJSONObject: [text]), encoding: .utf8) ?? "[\"\"]"
                let literal = String(json.dropFirst().dropLast().dropFirst().dropLast())
                body = Array(MetaBodies.messengerText(page: "PAGE_U", psid: "U\(i)", mid: mid, text: literal).utf8)
            }
            let r = try h.post(body, signature: WebhookHarness.sign(body))
            #expect(r.status == 200, "#\(i) \(text.debugDescription)")
        }
        #expect(try h.ingestScalar("SELECT count(*) FROM inbound") == 100)
        #expect(h.waitForIngest())
        #expect(h.waitUntil { (try? h.tenantScalar("SELECT count(*) FROM messages")) == 100 })
        for (mid, text) in expected {
            let stored = try MessageStore(db: h.tenantDB).message(channelID: channel.id, externalID: mid)
            #expect(stored?.text == text, "\(mid)")
        }
    }
}
