/// Errors of the domain layer, mapped to HTTP statuses by ParleyAPI.
public enum CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Input failed validation (field → message).
    case invalid([String: String])
    /// No such object (or not visible to the caller).
    case notFound(String)
    /// Conflicts with existing data (duplicate email, slug…).
    case conflict(String)
    /// Not allowed for this caller.
    case forbidden(String)
    /// Too many attempts; retry after the given seconds.
    case rateLimited(retryAfter: Int, message: String)
    /// Storage failed (disk full, I/O); the caller should retry later.
    case storage(String)
    /// A provider (Meta, Telegram…) refused or failed.
    case provider(String)

    public var description: String {
        switch self {
        case .invalid(let f): return "invalid: " + f.map { "\($0.key): \($0.value)" }.sorted().joined(separator: "; ")
        case .notFound(let w): return "\(w) not found"
        case .conflict(let m), .forbidden(let m), .storage(let m), .provider(let m): return m
        case .rateLimited(_, let m): return m
        }
    }
}
