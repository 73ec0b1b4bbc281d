import FoundationEssentials

/// Time helpers: Parley stores instants as unix milliseconds or UTC ISO-8601 text.
public enum Clock {
    /// Milliseconds since 1970.
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
    /// Seconds since 1970.
    public static func nowSeconds() -> Int64 { Int64(Date().timeIntervalSince1970) }
    /// "2026-11-22T10:00:00Z"
    public static func iso(_ date: Date = Date()) -> String { date.formatted(.iso8601) }
    /// ISO text with milliseconds ("2026-11-22T04:52:10.123Z"), for rows ordered against millisecond times.
    public static func isoMillis(_ date: Date = Date()) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
    /// ISO text for unix milliseconds.
    public static func iso(millis: Int64) -> String { iso(Date(timeIntervalSince1970: Double(millis) / 1000)) }
}
