import Synchronization

/// Counts failures per key (account, IP) and imposes a growing lockout: free for the first `free` failures,
/// then 2, 4, 8 … seconds up to `maxSeconds`. In memory: a restart forgives, which is acceptable for a single VPS.
public final class FailureThrottle: Sendable {
    private struct Entry { var failures: Int; var lockedUntil: Int64; var lastFailure: Int64 }
    private let state = Mutex<[String: Entry]>([:])
    private let free: Int
    private let maxSeconds: Int64

    /// Creates a throttle.
    public init(free: Int = 5, maxSeconds: Int64 = 900) {
        self.free = free
        self.maxSeconds = maxSeconds
    }

    /// Seconds until `key` may try again (0 = now).
    public func retryAfter(_ key: String, now: Int64 = Clock.nowSeconds()) -> Int {
        state.withLock { m in
            guard let e = m[key] else { return 0 }
            return e.lockedUntil > now ? Int(e.lockedUntil - now) : 0
        }
    }

    /// Records a failure.
    public func fail(_ key: String, now: Int64 = Clock.nowSeconds()) {
        state.withLock { m in
            var e = m[key] ?? Entry(failures: 0, lockedUntil: 0, lastFailure: now)
            // Failures older than an hour no longer count.
            if now - e.lastFailure > 3600 { e.failures = 0 }
            e.failures += 1
            e.lastFailure = now
            if e.failures >= free {
                let exp = min(e.failures - free + 1, 20)
                e.lockedUntil = now + min(maxSeconds, Int64(1) << Int64(exp))
            }
            m[key] = e
            if m.count > 100_000 { m = m.filter { now - $0.value.lastFailure < 3600 } }
        }
    }

    /// Forgets a key (after a success).
    public func reset(_ key: String) { state.withLock { _ = $0.removeValue(forKey: key) } }
}

/// Requests per tenant per clock hour, against the plan's budget.
public final class HourlyBudget: Sendable {
    private let state = Mutex<[Int64: (hour: Int64, count: Int)]>([:])

    /// Creates an empty budget tracker.
    public init() {}

    /// Counts one request; returns seconds until the next hour when over `limit`, else nil.
    public func spend(tenantID: Int64, limit: Int, now: Int64 = Clock.nowSeconds()) -> Int? {
        let hour = now / 3600
        return state.withLock { m in
            var e = m[tenantID] ?? (hour, 0)
            if e.hour != hour { e = (hour, 0) }
            e.count += 1
            m[tenantID] = e
            return e.count > limit ? Int((hour + 1) * 3600 - now) : nil
        }
    }
}

/// What each plan allows.
public enum PlanLimits {
    /// API requests per tenant per hour.
    public static func apiRequestsPerHour(_ plan: String) -> Int {
        switch plan {
        case "enterprise": return 200_000
        case "pro": return 50_000
        default: return 10_000
        }
    }
    /// Posts per day.
    public static func postsPerDay(_ plan: String) -> Int {
        switch plan {
        case "enterprise": return 500
        case "pro": return 100
        default: return 25
        }
    }
}
