#if canImport(Glibc)
import Glibc
#endif

/// A joinable POSIX thread running one closure. Ingest uses dedicated threads (not Dispatch) because they block in
/// fsync and on semaphores for their whole life, which would starve a shared pool.
final class BackgroundThread: Sendable {
    private let tid: pthread_t

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts the thread; `nil` if the system refused (out of threads).
    init?(_ body: @escaping @Sendable () -> Void) {
        // SAFETY: the retained Box is handed to exactly one thread, which takes (releases) it once.
        let box = Unmanaged.passRetained(Box(body))
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { arg in
            guard let arg else { return nil }
            Unmanaged<Box>.fromOpaque(arg).takeRetainedValue().body()
            return nil
        }, box.toOpaque())
        guard rc == 0 else {
            box.release()
            return nil
        }
        self.tid = tid
    }

    /// Waits for the closure to return. Call once.
    func join() { pthread_join(tid, nil) }
}
