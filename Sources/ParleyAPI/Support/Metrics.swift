import Synchronization

/// Prometheus-style counters and a latency histogram, kept in memory.
public final class Metrics: Sendable {
    private struct Key: Hashable { let route: String; let status: Int }
    private struct State {
        var requests: [Key: Int] = [:]
        var buckets = [Int](repeating: 0, count: Metrics.bounds.count + 1)
        var sum: Double = 0
        var count = 0
    }
    /// Upper bounds of the latency buckets, in seconds.
    static let bounds: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
    private let state = Mutex(State())
    /// Extra gauges computed at scrape time (open tenants, ingest backlog…).
    private let gauges = Mutex<[(String, String, @Sendable () -> Double)]>([])

    /// Creates an empty registry.
    public init() {}

    /// Counts one finished request.
    public func record(route: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests[Key(route: route, status: status), default: 0] += 1
            let i = Self.bounds.firstIndex { seconds <= $0 } ?? Self.bounds.count
            s.buckets[i] += 1
            s.sum += seconds
            s.count += 1
        }
    }

    /// Named counters with one optional label set each, e.g. parley_webhook_requests_total{result="accepted"}.
    private let counters = Mutex<[String: (help: String, series: [String: Int])]>([:])

    /// Adds `by` to a counter; `labels` is the rendered label text without braces (`result="accepted"`), "" for none.
    public func increment(_ name: String, labels: String = "", help: String, by n: Int = 1) {
        counters.withLock { c in
            var entry = c[name] ?? (help, [:])
            entry.series[labels, default: 0] += n
            c[name] = entry
        }
    }

    /// The current value of a counter series (0 if never incremented).
    public func counter(_ name: String, labels: String = "") -> Int {
        counters.withLock { $0[name]?.series[labels] ?? 0 }
    }

    /// Registers a gauge read at every scrape.
    public func gauge(_ name: String, help: String, _ read: @escaping @Sendable () -> Double) {
        gauges.withLock { $0.append((name, help, read)) }
    }

    /// The exposition text.
    public func render() -> String {
        var out = "# HELP parley_http_requests_total HTTP requests by route and status.\n# TYPE parley_http_requests_total counter\n"
        let s = state.withLock { $0 }
        for (k, v) in s.requests.sorted(by: { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }) {
            out += "parley_http_requests_total{route=\"\(escape(k.route))\",status=\"\(k.status)\"} \(v)\n"
        }
        out += "# HELP parley_http_request_duration_seconds Request latency.\n# TYPE parley_http_request_duration_seconds histogram\n"
        var cumulative = 0
        for (i, b) in Self.bounds.enumerated() {
            cumulative += s.buckets[i]
            out += "parley_http_request_duration_seconds_bucket{le=\"\(b)\"} \(cumulative)\n"
        }
        out += "parley_http_request_duration_seconds_bucket{le=\"+Inf\"} \(s.count)\n"
        out += "parley_http_request_duration_seconds_sum \(s.sum)\nparley_http_request_duration_seconds_count \(s.count)\n"
        for (name, entry) in counters.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
            out += "# HELP \(name) \(entry.help)\n# TYPE \(name) counter\n"
            for (labels, v) in entry.series.sorted(by: { $0.key < $1.key }) {
                out += labels.isEmpty ? "\(name) \(v)\n" : "\(name){\(labels)} \(v)\n"
            }
        }
        for (name, help, read) in gauges.withLock({ $0 }) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(read())\n"
        }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
    }
}
