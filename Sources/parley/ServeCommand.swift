import ArgumentParser
import Dispatch
import ParleyAPI
import ParleyCore
#if canImport(Glibc)
import Glibc
#endif

/// `parley serve`: run the server until SIGTERM/SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the server (configuration from PARLEY_* environment variables).")

    @Option(help: "Data folder (overrides PARLEY_DATA_DIR).") var dataDir: String?

    func run() throws {
        let config = try loadConfig(dataDir: dataDir)
        // Held for the whole run, taken before any database opens: `parley restore` refuses while it is held.
        let lock: DataDirLock
        do { lock = try DataDirLock.acquire(root: config.dataDir) } catch {
            printError("parley: \(error)")
            throw ExitCode(1)
        }
        defer { lock.release() }
        let core = try openCore(config)
        try runServer(core, banner: nil)
    }
}

/// Starts the app and blocks until a signal; the first signal stops gracefully, a second one exits at once.
func runServer(_ core: Core, banner: ((App) -> Void)?) throws {
    let app: App
    do {
        app = try App(core: core)
    } catch {
        printError("parley: \(error)")
        core.close()
        throw ExitCode(1)
    }
    app.logger.info("listening", [("url", app.localURL), ("data", core.data.root), ("version", ParleyVersion.string)])
    banner?(app)
    let systemd = SystemdSession.start(core: core, url: app.localURL)
    signal(SIGTERM, SIG_IGN)
    signal(SIGINT, SIG_IGN)
    let done = DispatchSemaphore(value: 0)
    let queue = DispatchQueue(label: "parley.signals")
    var sources: [DispatchSourceSignal] = []
    for sig in [SIGTERM, SIGINT] {
        let src = DispatchSource.makeSignalSource(signal: sig, queue: queue)
        var count = 0
        src.setEventHandler {
            count += 1
            if count > 1 { _exit(1) }  // a second signal: stop now
            done.signal()
        }
        src.resume()
        sources.append(src)
    }
    done.wait()
    systemd.stopping()
    app.logger.info("stopping")
    app.stop(grace: .seconds(8))
    app.logger.info("stopped")
    _ = sources
}
