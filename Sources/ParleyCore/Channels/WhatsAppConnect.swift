/// What an admin types to connect a WhatsApp Cloud API number by hand.
public struct WhatsAppConnectRequest: Sendable {
    /// The phone number id (the webhook routing key).
    public var phoneNumberID: String
    /// The WhatsApp Business Account id.
    public var wabaID: String
    /// A system-user or business-integration token.
    public var token: String
    /// Display name.
    public var name: String
    /// Location, if any.
    public var locationID: Int64?

    /// Creates one.
    public init(phoneNumberID: String, wabaID: String, token: String, name: String, locationID: Int64?) {
        self.phoneNumberID = phoneNumberID
        self.wabaID = wabaID
        self.token = token
        self.name = name
        self.locationID = locationID
    }
}

/// Connects a WhatsApp number only after Meta accepted the token for it and subscribed the app to its WABA.
public struct WhatsAppConnect: Sendable {
    let core: Core
    let graph: GraphClient

    /// Uses the core and a Graph client.
    public init(core: Core, graph: GraphClient) {
        self.core = core
        self.graph = graph
    }

    /// Validates, subscribes, stores (token sealed).
    /// - Throws: `CoreError.invalid` for bad input or a token Meta refuses (nothing is stored), `.conflict` when another
    ///   workspace has this number, `.provider` when Meta fails otherwise.
    public func connect(tenantID: Int64, _ r: WhatsAppConnectRequest) throws -> Channel {
        let phone = r.phoneNumberID.trimmingSpaces, waba = r.wabaID.trimmingSpaces, token = r.token.trimmingSpaces
        var problems: [String: String] = [:]
        if phone.isEmpty || phone.count > 64 || !phone.allSatisfy(\.isNumber) { problems["phone_number_id"] = "Give the phone number id (digits) from WhatsApp Manager." }
        if waba.isEmpty || waba.count > 64 || !waba.allSatisfy(\.isNumber) { problems["waba_id"] = "Give the WhatsApp Business Account id (digits)." }
        if token.isEmpty || token.count > 4096 || token.contains(where: { $0.isWhitespace }) { problems["token"] = "Paste the access token." }
        if r.name.trimmingSpaces.isEmpty { problems["name"] = "Give the channel a name." }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
        if let owner = try ChannelStore(core: core).route(RouteKey(provider: ChannelKind.whatsapp.routeProvider, externalID: phone)), owner.tenantID != tenantID {
            throw CoreError.conflict("This WhatsApp number is already connected to another Parley workspace.")
        }
        do {
            _ = try graph.phoneNumber(phone, token: token)
        } catch {
            if error.needsReauth { throw CoreError.invalid(["token": "Meta did not accept this access token. Create a new system-user token with whatsapp_business_messaging and paste it again."]) }
            if error.code == 100 { throw CoreError.invalid(["phone_number_id": "Meta does not know this phone number id, or this token cannot see it."]) }
            throw CoreError.provider(error.plainMessage)
        }
        do {
            guard try graph.subscribeWABA(waba, token: token) else {
                throw CoreError.provider("Meta did not confirm the webhook subscription for this WhatsApp account. Try again.")
            }
        } catch let e as GraphError {
            if e.needsReauth { throw CoreError.invalid(["token": "This token may not manage the WhatsApp Business Account (it needs whatsapp_business_management)."]) }
            if e.code == 100 { throw CoreError.invalid(["waba_id": "Meta does not know this WhatsApp Business Account id, or this token cannot manage it."]) }
            throw CoreError.provider(e.plainMessage)
        }
        let ch = try ChannelStore(core: core).connect(tenantID: tenantID, kind: .whatsapp, externalID: phone, name: r.name, token: token, locationID: r.locationID)
        try MetaLinkStore(db: core.control).save(tenantID: tenantID, channelID: ch.id, kind: .whatsapp, parentID: waba, metaUserID: nil)
        return ch
    }
}
