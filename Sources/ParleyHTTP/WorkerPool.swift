import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A fixed set of threads for work that may block (password hashing, waiting for a commit).
/// Not Dispatch's global queue: on Linux it does not notice threads blocked in syscalls and can starve.
public final class WorkerPool: Sendable {
    private let queue = Mutex<[@Sendable () -> Void]>([])
    private let signal = DispatchSemaphore(value: 0)

    /// The pool deferred responses run on.
    public static let shared = WorkerPool(threads: 16)

    /// Starts `threads` worker threads that live as long as the process.
    public init(threads: Int) {
        for _ in 0..<max(1, threads) {
            let box = Unmanaged.passRetained(self)
            var tid = pthread_t()
            pthread_create(&tid, nil, { arg in
                let pool = Unmanaged<WorkerPool>.fromOpaque(arg!).takeRetainedValue()
                pool.run()
                return nil
            }, box.toOpaque())
            pthread_detach(tid)
        }
    }

    /// Queues a job.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        queue.withLock { $0.append(job) }
        signal.signal()
    }

    private func run() -> Never {
        while true {
            signal.wait()
            let job = queue.withLock { q -> (@Sendable () -> Void)? in q.isEmpty ? nil : q.removeFirst() }
            job?()
        }
    }
}
