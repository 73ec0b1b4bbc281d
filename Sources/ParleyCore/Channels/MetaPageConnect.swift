import FoundationEssentials

/// A page in the picker as the browser sees it (no tokens).
public struct PickerPage: Encodable, Sendable {
    /// Where an account is connected already: "this_workspace", "other_workspace" or nil.
    public typealias Placement = String
    /// Page id.
    public let page_id: String
    /// Page name.
    public let name: String
    /// The user's tasks on it.
    public let tasks: [String]
    /// Whether the user may message as the page.
    public let can_message: Bool
    /// Where the page is connected already.
    public let connected: Placement?
    /// The linked Instagram account, if any.
    public let instagram: PickerInstagram?
}

/// A linked Instagram account in the picker.
public struct PickerInstagram: Encodable, Sendable {
    /// IG account id.
    public let id: String
    /// Username, if known.
    public let username: String?
    /// Where it is connected already.
    public let connected: String?
}

/// One chosen page.
public struct PageChoice: Decodable, Sendable {
    /// Page id from the picker.
    public let page_id: String
    /// Location to put the channel(s) in.
    public let location_id: Int64?
    /// Also connect the linked Instagram account.
    public let include_instagram: Bool?
}

/// What happened to one chosen account.
public struct ConnectOutcome: Encodable, Sendable {
    /// messenger or instagram.
    public let kind: String
    /// Page or IG id.
    public let external_id: String
    /// connected, conflict or failed.
    public let status: String
    /// The channel, when connected.
    public let channel_id: Int64?
    /// Why not, in plain words.
    public let message: String?
}

/// Connects pages chosen in the picker: subscribes each to the webhooks, stores its page token sealed, never takes
/// over a page another workspace has connected, and refreshes (re-activates) pages connected here before.
public struct MetaPageConnect: Sendable {
    let core: Core
    let graph: GraphClient

    /// Uses the core and a Graph client.
    public init(core: Core, graph: GraphClient) {
        self.core = core
        self.graph = graph
    }

    /// The picker's pages for display, or `CoreError.notFound` when expired or not this user's.
    public func pages(pickerID: String, tenantID: Int64, userID: Int64) throws -> (pages: [PickerPage], declined: [String]) {
        let picker = try load(pickerID, tenantID, userID)
        let pages = try picker.pages.map { p in
            PickerPage(page_id: p.id, name: p.name, tasks: p.tasks, can_message: p.tasks.isEmpty || p.tasks.contains("MESSAGING") || p.tasks.contains("MANAGE"),
                       connected: try placement(.messenger, p.id, tenantID),
                       instagram: try p.instagramID.map { PickerInstagram(id: $0, username: p.instagramUsername, connected: try placement(.instagram, $0, tenantID)) })
        }
        return (pages, picker.declinedScopes)
    }

    /// Connects the chosen pages; one outcome per account (page, then its Instagram account if asked).
    public func connect(pickerID: String, tenantID: Int64, userID: Int64, choices: [PageChoice]) throws -> [ConnectOutcome] {
        let picker = try load(pickerID, tenantID, userID)
        guard !choices.isEmpty, choices.count <= 200 else { throw CoreError.invalid(["pages": "Choose at least one page."]) }
        var out: [ConnectOutcome] = []
        for choice in choices {
            guard let page = picker.pages.first(where: { $0.id == choice.page_id }) else {
                out.append(ConnectOutcome(kind: "messenger", external_id: choice.page_id, status: "failed", channel_id: nil,
                                          message: "This page was not part of the Facebook sign-in."))
                continue
            }
            let wantsIG = choice.include_instagram == true && page.instagramID != nil
            if try placement(.messenger, page.id, tenantID) == "other_workspace" {
                out.append(conflict(.messenger, page.id))
                if wantsIG, let ig = page.instagramID { out.append(conflict(.instagram, ig)) }
                continue
            }
            // Subscribe first: a page that will never deliver webhooks must not look connected.
            do {
                guard try graph.subscribePage(page.id, pageToken: page.accessToken) else {
                    out.append(failed(.messenger, page.id, "Meta did not confirm the webhook subscription for this page. Try again."))
                    continue
                }
            } catch {
                out.append(failed(.messenger, page.id, error.plainMessage))
                continue
            }
            out.append(attach(.messenger, page.id, page.name, page, choice, picker, tenantID))
            if wantsIG, let ig = page.instagramID {
                if try placement(.instagram, ig, tenantID) == "other_workspace" {
                    out.append(conflict(.instagram, ig))
                } else {
                    out.append(attach(.instagram, ig, page.instagramUsername.map { "@\($0)" } ?? "\(page.name) (Instagram)", page, choice, picker, tenantID))
                }
            }
        }
        return out
    }

    func attach(_ kind: ChannelKind, _ externalID: String, _ name: String, _ page: MetaPageCandidate, _ choice: PageChoice,
                _ picker: MetaPicker, _ tenantID: Int64) -> ConnectOutcome {
        do {
            let store = ChannelStore(core: core)
            // Keep a name the admin chose earlier when re-connecting.
            let existing = try store.list(tenantID: tenantID).first { $0.kind == kind && $0.externalID == externalID }
            let ch = try store.connect(tenantID: tenantID, kind: kind, externalID: externalID, name: existing?.name ?? name,
                                       token: page.accessToken, locationID: choice.location_id ?? existing?.locationID)
            // Page tokens from a long-lived user token do not expire.
            try store.setTokenExpiry(tenantID: tenantID, id: ch.id, expiresAt: nil)
            try MetaLinkStore(db: core.control).save(tenantID: tenantID, channelID: ch.id, kind: kind, parentID: page.id, metaUserID: picker.metaUserID)
            return ConnectOutcome(kind: kind.rawValue, external_id: externalID, status: "connected", channel_id: ch.id, message: nil)
        } catch CoreError.conflict(let m) {
            return ConnectOutcome(kind: kind.rawValue, external_id: externalID, status: "conflict", channel_id: nil, message: m)
        } catch CoreError.invalid(let fields) {
            return failed(kind, externalID, fields.values.sorted().joined(separator: " "))
        } catch {
            return failed(kind, externalID, "Parley could not save this channel; try again.")
        }
    }

    func placement(_ kind: ChannelKind, _ externalID: String, _ tenantID: Int64) throws -> String? {
        guard let route = try ChannelStore(core: core).route(RouteKey(provider: kind.routeProvider, externalID: externalID)) else { return nil }
        return route.tenantID == tenantID ? "this_workspace" : "other_workspace"
    }

    func conflict(_ kind: ChannelKind, _ id: String) -> ConnectOutcome {
        ConnectOutcome(kind: kind.rawValue, external_id: id, status: "conflict", channel_id: nil,
                       message: "This account is already connected to another Parley workspace. Disconnect it there first.")
    }

    func failed(_ kind: ChannelKind, _ id: String, _ message: String) -> ConnectOutcome {
        ConnectOutcome(kind: kind.rawValue, external_id: id, status: "failed", channel_id: nil, message: message)
    }

    func load(_ id: String, _ tenantID: Int64, _ userID: Int64) throws -> MetaPicker {
        guard let p = try OAuthPickerStore(core: core).load(id: id, tenantID: tenantID, userID: userID) else {
            throw CoreError.notFound("The page list (it expires 15 minutes after signing in with Facebook)")
        }
        return p
    }
}
