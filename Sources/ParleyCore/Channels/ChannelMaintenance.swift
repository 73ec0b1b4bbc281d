import Dispatch
import Synchronization

/// What one maintenance pass did.
public struct MaintenanceSummary: Sendable, Equatable {
    /// Channels checked.
    public var checked = 0
    /// Page/WABA subscriptions restored.
    public var resubscribed = 0
    /// Channels newly marked needs_reauth.
    public var needsReauth = 0
    /// Checks that failed for other reasons (network, Meta hiccups).
    public var errors = 0
}

/// Background upkeep of Meta channels: every 6 hours it checks each active channel's webhook subscription, restores
/// vanished page subscriptions and marks dead tokens needs_reauth; every minute it fills missing contact names.
/// Tenants come from the control routing index and are opened one at a time.
public final class ChannelMaintenance: Sendable {
    let core: Core
    let health: ChannelHealth
    /// The contact-name filler run by the minute pass.
    public let profiles: ProfileFetcher
    let checkEvery: Int64
    let profilesEvery: Int64
    private let ticker = Ticker()
    /// Next profile pass and next check (unix seconds).
    private let next = Mutex<(profiles: Int64, check: Int64)>((0, 0))

    /// Creates the job; intervals in seconds (defaults: 6 h checks, 1 min profile pass).
    public init(core: Core, graph: GraphClient, checkEvery: Int64 = 6 * 3600, profilesEvery: Int64 = 60) {
        self.core = core
        self.health = ChannelHealth(core: core, graph: graph)
        self.profiles = ProfileFetcher(core: core, graph: graph)
        self.checkEvery = checkEvery
        self.profilesEvery = profilesEvery
    }

    /// Starts the background thread (the first check runs one interval after start: a restart loop stays cheap).
    public func start() {
        next.withLock { $0 = (Clock.nowSeconds() + profilesEvery, Clock.nowSeconds() + checkEvery) }
        ticker.start(every: { .seconds(1) }) { [self] in
            let now = Clock.nowSeconds()
            let due = next.withLock { $0 }
            if now >= due.profiles {
                profiles.pass()
                next.withLock { $0.profiles = Clock.nowSeconds() + profilesEvery }
            }
            if now >= due.check {
                runOnce()
                next.withLock { $0.check = Clock.nowSeconds() + checkEvery }
            }
        }
    }

    /// Stops after the current step.
    public func stop() { ticker.stop(timeout: .seconds(15)) }

    /// One check pass over every tenant with Meta channels (public for tests and operators).
    @discardableResult
    public func runOnce() -> MaintenanceSummary {
        var s = MaintenanceSummary()
        guard let tenants = try? MetaLinkStore(db: core.control).tenantsWithMetaChannels() else { return s }
        for tenantID in tenants {
            guard let channels = try? ChannelStore(core: core).list(tenantID: tenantID) else { s.errors += 1; continue }
            // One subscription lookup per page: a page and its Instagram account share it.
            var seenParents: Set<String> = []
            for ch in channels where [.messenger, .instagram, .whatsapp].contains(ch.kind) && ch.status == "active" && !Sandbox.isSandbox(ch.externalID) {
                let parent = (try? MetaLinkStore(db: core.control).link(tenantID: tenantID, channelID: ch.id))??.parentID ?? ch.externalID
                guard seenParents.insert("\(ch.kind == .whatsapp ? "waba" : "page"):\(parent)").inserted else { continue }
                do {
                    let r = try health.check(ch, introspect: false, resubscribe: true)
                    s.checked += 1
                    if r.subscription?.resubscribed == true { s.resubscribed += 1 }
                    if r.status == "needs_reauth" { s.needsReauth += 1 }
                } catch {
                    s.errors += 1
                }
            }
        }
        return s
    }
}
