// libcurl global state and the pool of idle easy handles.
import Synchronization
internal import CCurl

/// `curl_global_init` exactly once per process, before any handle exists.
enum CurlGlobal {
    /// Swift runs a global's initialiser once, thread-safely (swift_once), which is what libcurl asks for.
    private static let initCode: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// Touches the once-only initialiser.
    static func ensureInitialized() {
        _ = initCode
    }
}

/// An easy handle that may move between threads.
// SAFETY: a handle is used by one thread at a time: `checkOut` hands it to exactly one caller under the
// pool's mutex and the caller gives it back with `checkIn` after `curl_easy_perform` returns.
struct EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Idle easy handles kept for reuse: each one keeps its connection cache, so the next request to the same
/// host skips the TCP and TLS handshakes.
final class CurlHandlePool: Sendable {
    private let idle: Mutex<[EasyHandle]>
    private let capacity: Int

    /// A pool keeping at most `capacity` idle handles (0 disables reuse).
    init(capacity: Int) {
        self.capacity = capacity
        self.idle = Mutex([])
    }

    deinit {
        idle.withLock { handles in
            for handle in handles { curl_easy_cleanup(handle.raw) }
            handles.removeAll()
        }
    }

    /// An idle handle, or a new one; `nil` only if libcurl cannot allocate.
    func checkOut() -> EasyHandle? {
        if let reused = idle.withLock({ $0.popLast() }) { return reused }
        return curl_easy_init().map(EasyHandle.init(raw:))
    }

    /// Returns a handle after use: reset (options cleared, connections kept) and pooled, or freed if full.
    func checkIn(_ handle: EasyHandle) {
        curl_easy_reset(handle.raw)
        let kept = idle.withLock { handles -> Bool in
            guard handles.count < capacity else { return false }
            handles.append(handle)
            return true
        }
        if !kept { curl_easy_cleanup(handle.raw) }
    }
}

/// Set from `onCancel` on any thread, read by libcurl's progress callback on the transfer thread.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Asks the transfer to abort.
    func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
