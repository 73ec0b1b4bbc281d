import FoundationEssentials

/// A failed Graph API call, with Meta's code/subcode and a sentence a shop owner understands.
public struct GraphError: Error, Sendable, CustomStringConvertible {
    /// HTTP status (0 for transport failures).
    public let status: Int
    /// Meta's error code (e.g. 10, 190, 613).
    public let code: Int
    /// Meta's error_subcode, if any.
    public let subcode: Int
    /// Meta's own message (for logs).
    public let metaMessage: String
    /// True when nothing can have happened on Meta's side (the request never arrived), so a retry is safe.
    public let notSent: Bool

    /// Creates one.
    public init(status: Int, code: Int, subcode: Int, metaMessage: String, notSent: Bool = false) {
        self.status = status
        self.code = code
        self.subcode = subcode
        self.metaMessage = metaMessage
        self.notSent = notSent
    }

    /// The token is expired, revoked or lacks permission: the channel must be reconnected.
    public var needsReauth: Bool { code == 190 || code == 102 || (code == 200 && subcode == 0 && metaMessage.contains("permission")) }

    /// Worth trying again later (rate limits, Meta hiccups, our network).
    public var isRetryable: Bool {
        if notSent { return true }
        if [1, 2, 4, 17, 32, 341, 613, 80001, 80006, 131048, 131056].contains(code) { return true }
        return status >= 500 && code == 0
    }

    /// Plain-language explanation shown next to the failed message or post.
    public var plainMessage: String {
        switch (code, subcode) {
        case (10, 2018278), (_, 2018278):
            return "The customer last wrote more than 24 hours ago, so Meta does not allow a normal reply. Wait for them to write again."
        case (10, 2018065), (551, _), (_, 1545041):
            return "This person isn't available right now (they may have blocked the page or deleted their account)."
        case (190, _), (102, _):
            return "Meta no longer accepts this page's access. Reconnect the channel in Settings → Channels."
        case (200, _), (10, _):
            return "Meta says the page lacks permission for this. Reconnect the channel and allow all requested permissions."
        case (4, _), (17, _), (32, _), (613, _), (80001, _), (80006, _):
            return "Meta is rate-limiting this page. Parley will retry automatically."
        case (131047, _):
            return "More than 24 hours have passed since the customer wrote; WhatsApp requires a template message."
        case (131026, _):
            return "WhatsApp could not deliver to this number (it may not use WhatsApp)."
        case (100, _):
            return "Meta rejected the request as invalid: \(metaMessage)"
        default:
            if notSent { return "Could not reach Meta. Parley will retry automatically." }
            return "Meta refused the request (\(code)\(subcode == 0 ? "" : "/\(subcode)")): \(metaMessage)"
        }
    }

    public var description: String { "graph error status=\(status) code=\(code) subcode=\(subcode): \(metaMessage)" }

    /// Parses Meta's `{"error":{"message","type","code","error_subcode"}}` body.
    static func parse(status: Int, body: [UInt8]) -> GraphError {
        struct Envelope: Decodable {
            struct E: Decodable {
                let message: String?
                let code: Int?
                let error_subcode: Int?
            }
            let error: E?
        }
        let e = (try? JSONDecoder().decode(Envelope.self, from: Data(body)))?.error
        return GraphError(status: status, code: e?.code ?? 0, subcode: e?.error_subcode ?? 0,
                          metaMessage: e?.message ?? "HTTP \(status)")
    }
}
