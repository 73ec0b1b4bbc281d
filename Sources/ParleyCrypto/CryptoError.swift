internal import COpenSSL
import Glibc

/// An error from ParleyCrypto: a stable `code` plus a human-readable message (never secret material).
public struct CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure; switch on this, not on the message.
    public enum Code: String, Sendable, Equatable {
        /// Decryption or MAC check failed: tampered data, wrong key or wrong AAD.
        case authenticationFailed
        /// A key has the wrong length or is otherwise unusable.
        case invalidKey
        /// An envelope, encoded string or key file is malformed.
        case invalidFormat
        /// An envelope names a key id the key ring does not hold.
        case unknownKeyID
        /// A caller-chosen parameter (nonce length, KDF cost, ...) is out of range.
        case invalidParameter
        /// OpenSSL reported an internal failure.
        case openssl
        /// A file-system operation failed (master key file).
        case io
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, for logs and operators.
    public let message: String

    /// Makes an error with an explicit code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// "code: message".
    public var description: String { "\(code.rawValue): \(message)" }

    /// Authentication failed; deliberately says nothing about which part was wrong.
    public static let authenticationFailed = CryptoError(.authenticationFailed, "authentication failed")
    /// A key of the wrong size.
    public static func invalidKey(_ detail: String) -> CryptoError { CryptoError(.invalidKey, detail) }
    /// Malformed input.
    public static func invalidFormat(_ detail: String) -> CryptoError { CryptoError(.invalidFormat, detail) }
    /// An envelope sealed under a key this ring does not hold.
    public static func unknownKeyID(_ id: String) -> CryptoError { CryptoError(.unknownKeyID, "unknown key id '\(id)'") }
    /// A parameter out of range.
    public static func invalidParameter(_ detail: String) -> CryptoError { CryptoError(.invalidParameter, detail) }
    /// A file-system failure, with the errno text.
    public static func io(_ what: String, errno code: Int32) -> CryptoError {
        CryptoError(.io, "\(what): \(String(cString: strerror(code)))")
    }

    /// An OpenSSL failure: drains this thread's error queue into the message.
    public static func openssl(_ context: String) -> CryptoError {
        CryptoError(.openssl, "\(context): \(OpenSSLErrorQueue.drain())")
    }
}

/// Reads and clears OpenSSL's per-thread error queue.
enum OpenSSLErrorQueue {
    /// All queued error strings joined by "; " (or "no detail"); leaves the queue empty.
    static func drain() -> String {
        var parts: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            buffer.withUnsafeMutableBufferPointer { buf in
                ERR_error_string_n(code, buf.baseAddress, buf.count)
            }
            parts.append(buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        return parts.isEmpty ? "no detail" : parts.joined(separator: "; ")
    }

    /// Drops queued errors so a failed (expected) check does not leak into a later, unrelated message.
    static func clear() { ERR_clear_error() }
}
