import Foundation
import ParleyCrypto

/// Builds and signs webhook deliveries the way Meta sends them (meta-platform.md §2, §4): ASCII-only JSON with
/// non-ASCII as `\uXXXX` escapes and `/` as `\/`, signed with `X-Hub-Signature-256: sha256=<lowercase hex>` over those bytes.
/// (Named `MetaWebhookSender` because ParleyCore already has a `MetaWebhook` payload type.)
public enum MetaWebhookSender {
    /// `sha256=<hex HMAC-SHA256(secret, body)>`.
    public static func sign(body: [UInt8], secret: String) -> String {
        "sha256=" + HMACSHA256.hex(key: Array(secret.utf8), message: body)
    }

    /// Signs a text body (its UTF-8 bytes).
    public static func sign(body: String, secret: String) -> String { sign(body: Array(body.utf8), secret: secret) }

    /// Serializes a payload as Meta does: escaped non-ASCII (UTF-16 units), escaped slashes, no spaces.
    public static func encode(_ payload: [String: Any]) throws -> [UInt8] {
        let data = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        var out = ""
        for unit in String(decoding: data, as: UTF8.self).utf16 {
            if unit < 0x80 {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        // JSONSerialization already escapes slashes by default, matching Meta's bodies.
        return Array(out.utf8)
    }

    /// POSTs a payload to `path` with a valid signature (or `signature` if given); returns the answer.
    public static func deliver(_ payload: [String: Any], to client: LoopbackClient, path: String = "/webhooks/meta",
                               secret: String = "test-app-secret", signature: String? = nil) throws -> RawResponse {
        let body = try encode(payload)
        return try client.request("POST", path, headers: [
            ("Content-Type", "application/json"),
            ("User-Agent", "facebookexternalua"),
            ("X-Hub-Signature-256", signature ?? sign(body: body, secret: secret)),
        ], body: body)
    }

    /// Epoch milliseconds (Messenger/Instagram `time`/`timestamp`).
    public static func millis(_ d: Date) -> Int64 { Int64(d.timeIntervalSince1970 * 1000) }

    /// A Messenger delivery (`object: page`) with one text message from `psid` to `pageID`.
    public static func messengerText(pageID: String, psid: String, text: String, mid: String = "m_" + UUID().uuidString,
                                     at date: Date = Date()) -> [String: Any] {
        let t = millis(date)
        return ["object": "page", "entry": [["id": pageID, "time": t, "messaging": [[
            "sender": ["id": psid], "recipient": ["id": pageID], "timestamp": t, "message": ["mid": mid, "text": text],
        ]]]]]
    }

    /// A Messenger echo of a message the page sent (`message_echoes`).
    public static func messengerEcho(pageID: String, psid: String, text: String, mid: String, appID: Int64 = 1234567890,
                                     at date: Date = Date()) -> [String: Any] {
        let t = millis(date)
        return ["object": "page", "entry": [["id": pageID, "time": t, "messaging": [[
            "sender": ["id": pageID], "recipient": ["id": psid], "timestamp": t,
            "message": ["is_echo": true, "app_id": appID, "mid": mid, "text": text],
        ]]]]]
    }

    /// An Instagram DM delivery (`object: instagram`): `entry.id` is the IG account id.
    public static func instagramText(igID: String, igsid: String, text: String, mid: String = "aWdf" + UUID().uuidString,
                                     at date: Date = Date()) -> [String: Any] {
        let t = millis(date)
        return ["object": "instagram", "entry": [["id": igID, "time": t, "messaging": [[
            "sender": ["id": igsid], "recipient": ["id": igID], "timestamp": t, "message": ["mid": mid, "text": text],
        ]]]]]
    }

    /// A WhatsApp Cloud API delivery with one incoming text (timestamps are epoch seconds as strings).
    public static func whatsappText(wabaID: String, phoneNumberID: String, displayPhone: String = "15550000000", from: String,
                                    name: String, text: String, wamid: String = "wamid." + UUID().uuidString,
                                    at date: Date = Date()) -> [String: Any] {
        let value: [String: Any] = [
            "messaging_product": "whatsapp",
            "metadata": ["display_phone_number": displayPhone, "phone_number_id": phoneNumberID],
            "contacts": [["profile": ["name": name], "wa_id": from]],
            "messages": [["from": from, "id": wamid, "timestamp": String(Int(date.timeIntervalSince1970)), "type": "text", "text": ["body": text]]],
        ]
        return ["object": "whatsapp_business_account", "entry": [["id": wabaID, "changes": [["field": "messages", "value": value]]]]]
    }

    /// A WhatsApp status update (sent, delivered, read, failed).
    public static func whatsappStatus(wabaID: String, phoneNumberID: String, wamid: String, status: String, recipient: String,
                                      at date: Date = Date()) -> [String: Any] {
        var st: [String: Any] = ["id": wamid, "status": status, "timestamp": String(Int(date.timeIntervalSince1970)), "recipient_id": recipient]
        if status == "failed" {
            st["errors"] = [["code": 131047, "title": "Re-engagement message", "message": "Re-engagement message",
                             "error_data": ["details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."]]]
        }
        let value: [String: Any] = ["messaging_product": "whatsapp",
                                    "metadata": ["display_phone_number": "15550000000", "phone_number_id": phoneNumberID],
                                    "statuses": [st]]
        return ["object": "whatsapp_business_account", "entry": [["id": wabaID, "changes": [["field": "messages", "value": value]]]]]
    }
}
