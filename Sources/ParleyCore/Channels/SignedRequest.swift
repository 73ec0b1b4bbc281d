import FoundationEssentials
import ParleyCrypto

/// Meta's `signed_request` (deauthorize and data-deletion callbacks, meta-platform.md §8):
/// `base64url(HMAC-SHA256(app secret, encoded payload)) "." base64url(JSON payload)`.
public struct SignedRequest: Sendable, Equatable {
    /// The app-scoped user id.
    public let userID: String
    /// When Meta issued it (unix seconds), if given.
    public let issuedAt: Int64?

    /// Why a signed_request was refused.
    public enum Failure: Error, Sendable, Equatable {
        /// Not two base64url parts, or not JSON.
        case malformed
        /// `algorithm` is not HMAC-SHA256.
        case wrongAlgorithm
        /// The MAC does not match.
        case badSignature
        /// No user id inside.
        case noUser
        /// The app secret is not configured.
        case noSecret
    }

    /// Verifies and decodes. The MAC is computed over the still-encoded payload text and compared in constant time
    /// before the payload is trusted for anything.
    public static func verify(_ value: String, appSecret: String) throws(Failure) -> SignedRequest {
        guard !appSecret.isEmpty else { throw .noSecret }
        guard value.utf8.count <= 8192, let dot = value.firstIndex(of: ".") else { throw .malformed }
        let sigPart = String(value[..<dot]), payloadPart = String(value[value.index(after: dot)...])
        guard let sig = decode(sigPart), let payload = decode(payloadPart), !payloadPart.isEmpty else { throw .malformed }
        // The MAC is checked before the payload is parsed: a forged payload is never looked at.
        guard sig.count == HMACSHA256.byteCount, HMACSHA256.isValid(sig, key: Array(appSecret.utf8), message: Array(payloadPart.utf8)) else {
            throw .badSignature
        }
        struct Payload: Decodable {
            let algorithm: String?
            let user_id: Flexible?
            let issued_at: Int64?
        }
        guard let p = try? JSONDecoder().decode(Payload.self, from: Data(payload)) else { throw .malformed }
        guard p.algorithm?.uppercased() == "HMAC-SHA256" else { throw .wrongAlgorithm }
        guard let user = p.user_id?.text, !user.isEmpty, user.count <= 64 else { throw .noUser }
        return SignedRequest(userID: user, issuedAt: p.issued_at)
    }

    /// base64url with or without `=` padding.
    static func decode(_ s: String) -> [UInt8]? {
        var t = Substring(s)
        while t.hasSuffix("=") { t = t.dropLast() }
        return Base64URL.decode(String(t))
    }

    /// Meta sends `user_id` as a string; accept a number too.
    struct Flexible: Decodable {
        let text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) { text = s } else { text = String(try c.decode(Int64.self)) }
        }
    }

    /// Builds a signed_request (tests and the sandbox).
    public static func sign(_ payloadJSON: String, appSecret: String) -> String {
        let payload = Base64URL.encode(Array(payloadJSON.utf8))
        return Base64URL.encode(HMACSHA256.mac(key: Array(appSecret.utf8), message: Array(payload.utf8))) + "." + payload
    }
}
