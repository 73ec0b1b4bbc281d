import Foundation
import ParleyHTTP

/// Send APIs: Messenger/Instagram `POST /{page}/messages` (and `/me/messages`) with the 24 h / HUMAN_AGENT 7 day
/// window, and WhatsApp `POST /{phone-number-id}/messages` (meta-platform.md §5.1–5.3).
extension FakeGraphAPI {
    static let window: TimeInterval = 24 * 3600
    static let humanAgentWindow: TimeInterval = 7 * 24 * 3600
    static let deprecatedTags: Set<String> = ["CONFIRMED_EVENT_UPDATE", "ACCOUNT_UPDATE", "POST_PURCHASE_UPDATE"]

    /// Routes `POST /{id}/messages` to WhatsApp or Messenger by `messaging_product`.
    func sendMessage(_ r: RecordedRequest, to id: String) throws -> HTTPResponse {
        if r.params["messaging_product"] == "whatsapp" { return try sendWhatsApp(r, phoneNumberID: id) }
        let (_, info) = try authorize(r)
        let input = r.input
        return try store.withLock { s in
            // The page: from the path, or from the page token for /me/messages.
            let pageID: String
            if id == "me" {
                guard case .page(let p) = info.kind else {
                    throw GraphFailure.invalidParameter("(#100) The page access token is required to send messages via /me/messages")
                }
                pageID = p
            } else {
                guard s.page(id) != nil else { throw GraphFailure.unknownObject(id, method: "POST") }
                if case .page(let p) = info.kind, p != id { throw GraphFailure.permission("The page access token does not belong to this page") }
                pageID = id
            }
            guard let recipient = input["recipient"] as? [String: Any], !recipient.isEmpty else {
                throw GraphFailure.invalidParameter("The parameter recipient is required")
            }
            let psid = recipient["id"] as? String
            let to = psid ?? (recipient["user_ref"] ?? recipient["comment_id"] ?? recipient["post_id"]).map { "\($0)" } ?? ""
            if let action = input["sender_action"] as? String {
                guard ["mark_seen", "typing_on", "typing_off", "react", "unreact"].contains(action) else {
                    throw GraphFailure.invalidParameter("Param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF, REACT, UNREACT}")
                }
                return Self.ok(psid.map { ["recipient_id": $0] } ?? [:])
            }
            guard let message = input["message"] as? [String: Any] else {
                throw GraphFailure.invalidParameter("The parameter message is required")
            }
            let text = message["text"] as? String
            let attachment = message["attachment"] as? [String: Any]
            guard (text?.isEmpty == false) || attachment != nil else {
                throw GraphFailure.invalidParameter("Message cannot be empty, must provide valid attachment or text")
            }
            if let text, text.count > 2000 {
                throw GraphFailure.invalidParameter("Length of param message[text] must be less than or equal to 2000")
            }
            let type = (input["messaging_type"] as? String) ?? "RESPONSE"
            guard ["RESPONSE", "UPDATE", "MESSAGE_TAG"].contains(type) else {
                throw GraphFailure.invalidParameter("Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}")
            }
            let tag = input["tag"] as? String
            var limit = Self.window
            if type == "MESSAGE_TAG" {
                guard let tag else { throw GraphFailure.invalidParameter("The parameter tag is required for messaging_type MESSAGE_TAG") }
                if Self.deprecatedTags.contains(tag) { throw GraphFailure.invalidParameter("The tag \(tag) is no longer supported.") }
                guard tag == "HUMAN_AGENT" else { throw GraphFailure.invalidParameter("Param tag must be one of {HUMAN_AGENT}") }
                limit = Self.humanAgentWindow
            }
            if let psid {
                if s.unavailable.contains(psid) { throw GraphFailure.userUnavailable }
                // Private replies (comment_id/post_id) have their own 7-day rule; only PSID sends check the window.
                guard let last = s.inbound["\(pageID)|\(psid)"], s.now.timeIntervalSince(last) <= limit else {
                    throw GraphFailure.outsideWindow
                }
            }
            let mid = "m_" + FakeIDs.alnum(43)
            let payload = attachment?["payload"] as? [String: Any]
            s.sent.append(FakeSentMessage(product: "messenger", from: pageID, to: to, text: text, messagingType: type, tag: tag,
                                          messageID: mid, attachmentURL: payload?["url"] as? String))
            var out: [String: Any] = ["message_id": mid]
            if let psid { out["recipient_id"] = psid }
            return Self.ok(out)
        }
    }

    /// WhatsApp Cloud API send.
    func sendWhatsApp(_ r: RecordedRequest, phoneNumberID: String) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        if case .page = info.kind { throw GraphFailure.permission("Page access tokens cannot send WhatsApp messages") }
        let input = r.input
        return try store.withLock { s in
            guard let to = input["to"] as? String, !to.isEmpty else { throw GraphFailure.invalidParameter("The parameter to is required.") }
            let type = (input["type"] as? String) ?? "text"
            var text: String?
            switch type {
            case "text":
                guard let body = (input["text"] as? [String: Any])?["body"] as? String, !body.isEmpty else {
                    throw GraphFailure.invalidParameter("The parameter text['body'] is required.")
                }
                guard body.count <= 4096 else { throw GraphFailure.invalidParameter("Param text['body'] must be at most 4096 characters long.") }
                text = body
            case "template":
                guard let t = input["template"] as? [String: Any], t["name"] is String, t["language"] is [String: Any] else {
                    throw GraphFailure(code: 132001, message: "(#132001) Template name does not exist in the translation")
                }
            case "image", "document", "audio", "video", "sticker", "reaction", "interactive", "location", "contacts":
                guard input[type] != nil else { throw GraphFailure.invalidParameter("The parameter \(type) is required.") }
            default:
                throw GraphFailure.invalidParameter("Param type must be one of {TEXT, TEMPLATE, IMAGE, DOCUMENT, AUDIO, VIDEO, STICKER, REACTION, INTERACTIVE, LOCATION, CONTACTS}")
            }
            let waID = String(to.filter(\.isNumber))
            if s.settings.enforceWhatsAppWindow && type != "template" {
                guard let last = s.inbound["\(phoneNumberID)|\(waID)"], s.now.timeIntervalSince(last) <= Self.window else {
                    throw GraphFailure(code: 131047, message: "Re-engagement message", errorData:
                        "{\"messaging_product\":\"whatsapp\",\"details\":\"Message failed to send because more than 24 hours have passed since the customer last replied to this number.\"}")
                }
            }
            let wamid = "wamid." + FakeIDs.alnum(56)
            let media = (input[type] as? [String: Any])?["link"] as? String
            s.sent.append(FakeSentMessage(product: "whatsapp", from: phoneNumberID, to: to, text: text, messagingType: type, tag: nil,
                                          messageID: wamid, attachmentURL: media))
            return Self.ok(["messaging_product": "whatsapp", "contacts": [["input": to, "wa_id": waID]], "messages": [["id": wamid]]])
        }
    }
}
