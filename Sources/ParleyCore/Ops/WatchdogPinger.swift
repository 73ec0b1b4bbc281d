import Dispatch
import Synchronization

/// Sends WATCHDOG=1 every `interval` from its own thread, but only while `isHealthy()` says the databases
/// answer: a wedged server then stops pinging and systemd restarts it (Miniflux does the same).
public final class WatchdogPinger: Sendable {
    private final class State: Sendable {
        let wake = DispatchSemaphore(value: 0)
        let stopped = Atomic<Bool>(false)
        let pings = Atomic<Int>(0)
        let skipped = Atomic<Int>(0)
    }

    private let state = State()
    private let thread: BackgroundThread?

    /// Starts pinging; the first ping goes out after one interval.
    public init(notifier: SystemdNotifier, interval: Duration, isHealthy: @escaping @Sendable () -> Bool) {
        let state = self.state
        let nanos = max(1_000_000, interval.components.seconds * 1_000_000_000 + interval.components.attoseconds / 1_000_000_000)
        thread = BackgroundThread {
            while !state.stopped.load(ordering: .acquiring) {
                if state.wake.wait(timeout: .now() + .nanoseconds(Int(nanos))) == .success { break }
                if isHealthy() && notifier.notify("WATCHDOG=1") {
                    state.pings.add(1, ordering: .relaxed)
                } else {
                    state.skipped.add(1, ordering: .relaxed)
                }
            }
        }
    }

    /// Pings sent so far.
    public var pings: Int { state.pings.load(ordering: .relaxed) }
    /// Intervals in which no ping was sent (unhealthy or send failed).
    public var skipped: Int { state.skipped.load(ordering: .relaxed) }

    /// Stops the thread and waits for it; safe to call twice.
    public func stop() {
        guard !state.stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        state.wake.signal()
        thread?.join()
    }

    deinit { stop() }
}
