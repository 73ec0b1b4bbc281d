import FoundationEssentials

/// A webhook body that cannot be read at all (not JSON, unknown `object`).
public struct MetaPayloadError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, for inbound.last_error.
    public let description: String
    /// Creates one.
    public init(_ description: String) { self.description = description }
}

/// Turns a raw webhook body into normalised events, iterating every entry and every item.
/// JSONDecoder undoes Meta's `\uXXXX` escapes, so "Z\u00fcrich" becomes "Zürich" here and nowhere earlier.
public enum MetaPayloadParser {
    /// What a body held: the events and how many items were skipped as not relevant (unknown kinds, missing ids).
    public struct Result: Sendable {
        /// Events in payload order.
        public var events: [MetaEvent] = []
        /// Items ignored.
        public var skipped = 0
    }

    /// Parses `body`; `fallbackTime` (ms) is used for items without a timestamp.
    public static func parse(_ body: [UInt8], fallbackTime: Int64) throws -> Result {
        let hook: MetaWebhook
        do {
            hook = try JSONDecoder().decode(MetaWebhook.self, from: Data(body))
        } catch {
            throw MetaPayloadError("body is not a Meta webhook payload: \(error)")
        }
        let provider: String
        switch hook.object {
        case "page": provider = "messenger"
        case "instagram": provider = "instagram"
        case "whatsapp_business_account": provider = "whatsapp"
        case let other: throw MetaPayloadError("unsupported webhook object \(other.map { "\"\($0)\"" } ?? "(missing)")")
        }
        var result = Result()
        for entry in hook.entry ?? [] {
            let entryTime = entry.time?.millis ?? fallbackTime
            for item in (entry.messaging ?? []) + (entry.standby ?? []) {
                messaging(item, provider: provider, accountID: entry.id?.value, fallbackTime: entryTime, into: &result)
            }
            for change in entry.changes ?? [] {
                guard let value = change.value else { result.skipped += 1; continue }
                if provider == "whatsapp" {
                    whatsApp(value, field: change.field, fallbackTime: entryTime, into: &result)
                } else if value.message != nil {
                    // Instagram dashboard test events wrap a messaging item in changes[].value.
                    let item = MessagingItem(sender: value.sender, recipient: value.recipient, timestamp: value.timestamp, message: value.message)
                    messaging(item, provider: provider, accountID: entry.id?.value, fallbackTime: entryTime, into: &result)
                } else {
                    result.skipped += 1  // feed, comments…: not inbox events (yet)
                }
            }
        }
        return result
    }

    // MARK: - Messenger / Instagram

    private static func messaging(_ item: MessagingItem, provider: String, accountID: String?, fallbackTime: Int64, into result: inout Result) {
        let sender = item.sender?.id?.value, recipient = item.recipient?.id?.value
        let isEcho = item.message?.isEcho == true
        // Echoes travel page → customer; everything else customer → page.
        guard let account = accountID ?? (isEcho ? sender : recipient), let contact = isEcho ? recipient : sender,
              !contact.isEmpty, contact != account else { result.skipped += 1; return }
        let time = item.timestamp?.millis ?? fallbackTime
        var event = MetaEvent(route: RouteKey(provider: provider, externalID: account), contactExternalID: contact,
                              contactName: nil, timestamp: time, kind: .unsend(mid: ""))
        if let m = item.message {
            guard let mid = m.mid, !mid.isEmpty else { result.skipped += 1; return }
            if m.isDeleted == true {
                event.kind = .unsend(mid: mid)
            } else {
                var attachments = (m.attachments ?? []).map { a in
                    let p = a.payload?.value
                    return InboundAttachment(type: a.type ?? "unknown", url: p?.url ?? a.url, title: p?.title ?? a.title,
                                             mediaID: p?.stickerID?.value)
                }
                if let qr = m.quickReply?.payload { attachments.append(InboundAttachment(type: "quick_reply", payload: qr)) }
                event.kind = .message(MetaMessage(mid: mid, text: m.text ?? "", attachments: attachments, isEcho: isEcho,
                                                  metadata: m.metadata, appID: m.appID?.value))
            }
        } else if let d = item.delivery {
            event.kind = .receipt(MetaReceipt(status: .delivered, mids: d.mids ?? [], watermark: d.watermark?.millis, error: nil))
        } else if let r = item.read {
            event.kind = .receipt(MetaReceipt(status: .read, mids: r.mid.map { [$0] } ?? [], watermark: r.watermark?.millis, error: nil))
        } else if let p = item.postback {
            // Postbacks before v11 had no mid; sender + time is unique enough to make a replay harmless.
            let mid = p.mid ?? "postback:\(contact):\(time)"
            let text = p.title ?? p.payload ?? ""
            event.kind = .message(MetaMessage(mid: mid, text: text, attachments: [InboundAttachment(type: "postback", title: p.title, payload: p.payload)],
                                              isEcho: false, metadata: nil, appID: nil))
        } else if let r = item.reaction, let mid = r.mid {
            event.kind = .reaction(mid: mid, emoji: r.emoji ?? r.reaction ?? "", removed: r.action == "unreact")
        } else if let e = item.messageEdit, let mid = e.mid {
            event.kind = .edit(mid: mid, text: e.text ?? "")
        } else {
            result.skipped += 1  // referrals, optins, handovers, policy notices: not inbox events
            return
        }
        result.events.append(event)
    }

    // MARK: - WhatsApp

    private static func whatsApp(_ value: MetaChangeValue, field: String?, fallbackTime: Int64, into result: inout Result) {
        guard field == nil || field == "messages", let phoneID = value.metadata?.phoneNumberID?.value else {
            result.skipped += 1  // template status, account updates…
            return
        }
        let route = RouteKey(provider: "whatsapp", externalID: phoneID)
        let contacts = value.contacts ?? []
        for m in value.messages ?? [] {
            guard let from = m.from, let id = m.id else { result.skipped += 1; continue }
            let name = contacts.first { $0.waID == from }?.profile?.name ?? (contacts.count == 1 ? contacts[0].profile?.name : nil)
            let time = m.timestamp?.millis ?? fallbackTime
            var event = MetaEvent(route: route, contactExternalID: from, contactName: name, timestamp: time, kind: .unsend(mid: id))
            if let r = m.reaction, let target = r.messageID {
                event.kind = .reaction(mid: target, emoji: r.emoji ?? "", removed: (r.emoji ?? "").isEmpty)
            } else {
                let (text, attachments) = whatsAppContent(m)
                event.kind = .message(MetaMessage(mid: id, text: text, attachments: attachments, isEcho: false, metadata: nil, appID: nil))
            }
            result.events.append(event)
        }
        for s in value.statuses ?? [] {
            guard let id = s.id, let recipient = s.recipientID, let status = s.status else { result.skipped += 1; continue }
            let mapped: MessageStatus
            switch status {
            case "sent": mapped = .sent
            case "delivered": mapped = .delivered
            case "read", "played": mapped = .read
            case "failed": mapped = .failed
            default: result.skipped += 1; continue
            }
            let error = s.errors.map { $0.map(\.readable).joined(separator: "; ") }
            result.events.append(MetaEvent(route: route, contactExternalID: recipient, contactName: nil,
                                           timestamp: s.timestamp?.millis ?? fallbackTime,
                                           kind: .receipt(MetaReceipt(status: mapped, mids: [id], watermark: nil, error: error))))
        }
    }

    private static func whatsAppContent(_ m: WhatsAppMessage) -> (String, [InboundAttachment]) {
        let type = m.type ?? "unknown"
        let media: WhatsAppMedia? = switch type {
        case "image": m.image
        case "video": m.video
        case "audio": m.audio
        case "document": m.document
        case "sticker": m.sticker
        default: nil
        }
        if let media {
            return (media.caption ?? "", [InboundAttachment(type: type == "document" ? "file" : type, url: media.url,
                                                            mediaID: media.id?.value, mimeType: media.mimeType, filename: media.filename)])
        }
        switch type {
        case "text": return (m.text?.body ?? "", [])
        case "location":
            let l = m.location
            let label = [l?.name, l?.address].compactMap { $0 }.joined(separator: ", ")
            return (label, [InboundAttachment(type: "location", title: label.isEmpty ? nil : label, latitude: l?.latitude, longitude: l?.longitude)])
        case "button": return (m.button?.text ?? "", [InboundAttachment(type: "button", title: m.button?.text, payload: m.button?.payload)])
        case "interactive":
            let reply = m.interactive?.buttonReply ?? m.interactive?.listReply
            return (reply?.title ?? "", [InboundAttachment(type: "interactive", title: reply?.title, payload: reply?.id)])
        default:
            // Shown in the inbox rather than dropped, so the agent knows the customer sent something.
            return ("", [InboundAttachment(type: type)])
        }
    }
}
