import ParleyCore

/// The systemd side of `serve`: READY=1 once listening, WATCHDOG=1 while the databases answer, STOPPING=1 on
/// shutdown. Everything is a no-op when NOTIFY_SOCKET is unset (not started by systemd).
struct SystemdSession {
    let notifier: SystemdNotifier
    let pinger: WatchdogPinger?

    /// Announces readiness and starts the watchdog pinger when WatchdogSec= is set.
    static func start(core: Core, url: String) -> SystemdSession {
        let notifier = SystemdNotifier.fromEnvironment()
        guard notifier.isEnabled else { return SystemdSession(notifier: notifier, pinger: nil) }
        notifier.notify("READY=1\nSTATUS=listening on \(url)")
        let pinger = SystemdNotifier.watchdogPingInterval().map { interval in
            WatchdogPinger(notifier: notifier, interval: interval) { core.isReady() }
        }
        return SystemdSession(notifier: notifier, pinger: pinger)
    }

    /// Tells systemd the stop has begun and stops pinging (a slow drain must not look like a hang to it).
    func stopping() {
        notifier.notify("STOPPING=1")
        pinger?.stop()
    }
}
