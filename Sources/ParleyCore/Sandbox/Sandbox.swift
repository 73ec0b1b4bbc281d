import Dispatch
import FoundationEssentials
import ParleyCrypto
#if canImport(Glibc)
import Glibc
#endif

/// The demo's simulated Facebook page, Instagram account and WhatsApp number. Their ids start with "sandbox-"
/// (Meta's ids are numeric, so they can never collide). Simulated customer messages are real Meta-shaped webhook
/// bodies, signed and appended to the ingest journal, so the demo exercises the same path as production.
public enum Sandbox {
    /// Whether a channel's external id is a sandbox one.
    public static func isSandbox(_ externalID: String) -> Bool { externalID.hasPrefix("sandbox-") }

    /// A customer message as Meta would deliver it for the channel kind.
    public static func inboundBody(kind: String, channelID: String, senderID: String, senderName: String, text: String,
                                   mid: String, atMillis: Int64) -> [UInt8] {
        let t = JSONLiteral.quote(text), name = JSONLiteral.quote(senderName)
        let json: String
        switch kind {
        case "whatsapp":
            json = """
            {"object":"whatsapp_business_account","entry":[{"id":"sandbox-waba","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",\
            "metadata":{"display_phone_number":"15550100","phone_number_id":\(JSONLiteral.quote(channelID))},\
            "contacts":[{"profile":{"name":\(name)},"wa_id":\(JSONLiteral.quote(senderID))}],\
            "messages":[{"from":\(JSONLiteral.quote(senderID)),"id":\(JSONLiteral.quote(mid)),"timestamp":"\(atMillis / 1000)","type":"text","text":{"body":\(t)}}]}}]}]}
            """
        default:
            let object = kind == "instagram" ? "instagram" : "page"
            json = """
            {"object":"\(object)","entry":[{"id":\(JSONLiteral.quote(channelID)),"time":\(atMillis),"messaging":[{"sender":{"id":\(JSONLiteral.quote(senderID))},\
            "recipient":{"id":\(JSONLiteral.quote(channelID))},"timestamp":\(atMillis),"message":{"mid":\(JSONLiteral.quote(mid)),"text":\(t)}}]}]}
            """
        }
        return Array(json.utf8)
    }

    /// A delivery receipt for messages we sent.
    public static func deliveryBody(kind: String, channelID: String, recipientID: String, mid: String, atMillis: Int64) -> [UInt8] {
        let json: String
        switch kind {
        case "whatsapp":
            json = """
            {"object":"whatsapp_business_account","entry":[{"id":"sandbox-waba","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",\
            "metadata":{"display_phone_number":"15550100","phone_number_id":\(JSONLiteral.quote(channelID))},\
            "statuses":[{"id":\(JSONLiteral.quote(mid)),"status":"delivered","timestamp":"\(atMillis / 1000)","recipient_id":\(JSONLiteral.quote(recipientID))}]}}]}]}
            """
        default:
            let object = kind == "instagram" ? "instagram" : "page"
            json = """
            {"object":"\(object)","entry":[{"id":\(JSONLiteral.quote(channelID)),"time":\(atMillis),"messaging":[{"sender":{"id":\(JSONLiteral.quote(recipientID))},\
            "recipient":{"id":\(JSONLiteral.quote(channelID))},"timestamp":\(atMillis),"delivery":{"mids":[\(JSONLiteral.quote(mid))],"watermark":\(atMillis)}}]}]}
            """
        }
        return Array(json.utf8)
    }

    /// Signs and appends a body to the journal, waiting for its commit.
    public static func inject(_ body: [UInt8], journal: IngestJournal, appSecret: String) throws {
        let sig = "sha256=" + HMACSHA256.hex(key: Array((appSecret.isEmpty ? "sandbox" : appSecret).utf8), message: body)
        let done = DispatchSemaphore(value: 0)
        let outcome = ResultBox()
        journal.append(provider: "meta", path: "/webhooks/meta", signature: sig, body: body) { r in
            outcome.set(r)
            done.signal()
        }
        done.wait()
        if case .failure(let e) = outcome.get() { throw e }
    }
}

/// Sandbox replies: accepted at once, then a delivery receipt arrives a second later through the journal.
public struct SandboxSender: MessageSender {
    let journal: IngestJournal?
    let appSecret: String

    /// Creates a sender that reports deliveries through `journal` (nil: no receipts).
    public init(journal: IngestJournal?, appSecret: String) {
        self.journal = journal
        self.appSecret = appSecret
    }

    public func send(_ m: OutboundMessage) -> SendResult {
        let mid = "sandbox.m.\(m.tenantID).\(m.messageID)"
        if let journal {
            let body = Sandbox.deliveryBody(kind: m.channelKind, channelID: m.channelExternalID, recipientID: m.recipient, mid: mid, atMillis: Clock.nowMillis() + 1000)
            let secret = appSecret
            // Its own thread: inject waits for the journal's commit, which must not tie up a libdispatch worker.
            startThread {
                usleep(1_000_000)
                try? Sandbox.inject(body, journal: journal, appSecret: secret)
            }
        }
        return .sent(externalID: mid)
    }
}

/// A thread-safe holder for one Result.
final class ResultBox: @unchecked Sendable {
    // SAFETY: written once before the semaphore is signalled, read after waiting on it.
    private var value: Result<Void, any Error> = .success(())
    func set(_ r: Result<Void, any Error>) { value = r }
    func get() -> Result<Void, any Error> { value }
}

/// JSON string quoting for hand-built payloads; non-ASCII is written as \u escapes, as Meta does.
enum JSONLiteral {
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.utf16 {
            switch u {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(u)))
            default:
                let h = String(u, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            }
        }
        return out + "\""
    }
}
