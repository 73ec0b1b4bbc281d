import Dispatch
import Synchronization

/// A background thread that calls `tick` after each wait (`interval()` long, or shorter when woken) until stopped.
/// The publishing worker, the channel upkeep and the snooze waker share it instead of each owning the same loop.
/// A plain pthread (`startThread`), not libdispatch: blocking work there would starve the dispatch pool on Linux.
public final class Ticker: Sendable {
    private let running = Atomic<Bool>(false)
    private let wakeup = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// A stopped ticker.
    public init() {}

    /// Starts the thread; a second start while running does nothing.
    public func start(every interval: @escaping @Sendable () -> Duration, _ tick: @escaping @Sendable () -> Void) {
        guard !running.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = startThread { [self] in
            while running.load(ordering: .relaxed) {
                let (s, atto) = interval().components
                _ = wakeup.wait(timeout: .now() + .milliseconds(Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)))
                guard running.load(ordering: .relaxed) else { break }
                tick()
            }
            stopped.signal()
        }
    }

    /// Ends the current wait early.
    public func wake() { wakeup.signal() }

    /// Stops after the tick in progress, waiting for it at most `timeout`.
    public func stop(timeout: Duration) {
        guard running.exchange(false, ordering: .sequentiallyConsistent) else { return }
        wakeup.signal()
        let (s, _) = timeout.components
        _ = stopped.wait(timeout: .now() + .seconds(Int(s)))
    }
}
