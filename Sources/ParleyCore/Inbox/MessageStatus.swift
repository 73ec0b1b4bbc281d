/// Where a message is in its life. Outbound statuses only move forward: queued < sending < sent < delivered < read;
/// `failed` applies only before delivery, and nothing moves a failed message (a late "delivered" cannot undo it).
public enum MessageStatus: String, Codable, Sendable, CaseIterable {
    /// An inbound message (no delivery life).
    case received
    /// Written, waiting for the outbox worker.
    case queued
    /// The provider call is in flight.
    case sending
    /// The provider accepted it.
    case sent
    /// It reached the customer's device.
    case delivered
    /// The customer saw it.
    case read
    /// The provider refused it or reported a failure.
    case failed

    /// Order used by the monotonic update; receipts only apply when the stored rank is lower.
    public var rank: Int {
        switch self {
        case .received: return -1
        case .queued: return 0
        case .sending: return 1
        case .sent: return 2
        case .delivered, .failed: return 3
        case .read: return 4
        }
    }

    /// SQL expression giving the rank of the `status` column; failed (and unknown) rank 9 so nothing overrides them.
    static let rankSQL = "(CASE status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'sent' THEN 2 WHEN 'delivered' THEN 3 WHEN 'read' THEN 4 ELSE 9 END)"
}
