import Foundation

/// API-side polling for tests (browser waits are WebDriver.waitUntil).
public enum Wait {
    /// Polls `check` every 50 ms until it holds; throws naming `what` after `timeout` seconds.
    public static func until(_ what: String, timeout: Double = 10, _ check: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try check() { return }
            usleep(50_000)
        }
        throw TestError("timed out waiting for \(what)")
    }
}
