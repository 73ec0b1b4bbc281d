/// Errors of backup, restore, locking and packaging helpers; each message says what to do next.
public struct OpsError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is, for tests and exit codes.
    public enum Kind: Sendable, Equatable {
        /// A file or folder operation failed (errno text in the message).
        case io
        /// The archive is damaged or not a Parley backup.
        case damaged
        /// A database copy failed `PRAGMA integrity_check`.
        case integrity
        /// The request does not fit the data (unknown tenant, non-empty data folder, wrong archive scope).
        case refused
        /// A server holds the data folder lock.
        case locked
    }

    /// The category.
    public let kind: Kind
    /// The explanation shown to the operator.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func io(_ what: String, errno code: Int32) -> OpsError {
        OpsError(.io, "\(what): \(FileIO.errorText(code))")
    }
}
