import ArgumentParser
import FoundationEssentials
import ParleyCore

/// `parley backup`: an online, consistent archive of the data folder (or one tenant), safe while the server runs.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write parley-backup-<UTC time>[-<tenant>].tar with the databases and uploaded files (never the master key).")

    @Option(help: "Only this tenant's database and files.") var tenant: String?
    @Option(help: "Folder for the archive (default: <data>/backups).") var out: String?
    @Option(help: "Data folder (overrides PARLEY_DATA_DIR).") var dataDir: String?

    func run() throws {
        let config = try loadConfig(dataDir: dataDir)
        let progress = TerminalProgress()
        let started = ContinuousClock.now
        do {
            let data = try DataDirectory(config.dataDir)
            let request = BackupRequest(outDir: out ?? data.backupsDir, tenantSlug: tenant, parleyVersion: ParleyVersion.string)
            let result = try Backup.create(data: data, request, progress: progress)
            let elapsed = ContinuousClock.now - started
            print("\(result.archive)\t\(result.manifest.files.count) files, \(result.manifest.tenants.count) tenant(s), "
                  + "\(result.archiveSize) bytes, \(elapsed)")
            printError("note: the master key (\(config.masterKeyPath)) is not in the archive; keep a copy of it somewhere else.")
        } catch {
            progress.finish()
            printError("parley: backup failed: \(error)")
            throw ExitCode(1)
        }
    }
}
