import ArgumentParser
import ParleyCore

/// `parley restore`: check an archive, restore a whole data folder, or replace one tenant. The server must be stopped.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Verify a backup archive, restore it into an empty data folder, or replace one tenant (--tenant).")

    @Argument(help: "The parley-backup-….tar file.") var archive: String
    @Flag(help: "Only check every checksum and run integrity_check on each database (in a temp folder).") var verifyOnly = false
    @Option(help: "Restore only this tenant (replacing it if it exists).") var tenant: String?
    @Flag(help: "Do not ask before replacing a tenant.") var yes = false
    @Option(help: "Data folder (overrides PARLEY_DATA_DIR).") var dataDir: String?

    func run() throws {
        let progress = TerminalProgress()
        do {
            if verifyOnly {
                let m = try Restore.verify(archive, progress: progress)
                print("ok: \(m.files.count) files, \(m.tenants.count) tenant(s), scope \(m.scope), made by parley \(m.parleyVersion) at \(m.createdAt)")
                return
            }
            let root = try loadConfig(dataDir: dataDir).dataDir
            if try tenant != nil || Restore.readManifest(archive).scope == "tenant" {
                try restoreTenant(root: root, progress: progress)
            } else {
                let m = try Restore.restoreAll(archive, into: root, progress: progress)
                print("restored \(m.files.count) files and \(m.tenants.count) tenant(s) into \(root)")
                printError("note: put the master key back into \(root)/keys/ (or PARLEY_MASTER_KEY_FILE) before starting the server;"
                           + " without it stored channel tokens cannot be opened.")
            }
        } catch let e as OpsError {
            progress.finish()
            printError("parley: restore: \(e)")
            throw ExitCode(e.kind == .damaged || e.kind == .integrity ? 3 : 1)
        }
    }

    private func restoreTenant(root: String, progress: TerminalProgress) throws {
        let plan = try Restore.planTenant(try Restore.readManifest(archive), slug: tenant, into: root)
        if plan.replacesExisting && !yes {
            print("Replace tenant \(plan.tenant.slug) (id \(plan.targetID)) in \(root) with the backup copy? "
                  + "Everything it stored since then is lost. [y/N] ", terminator: "")
            guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                printError("parley: restore cancelled")
                throw ExitCode(1)
            }
        }
        let done = try Restore.restoreTenant(archive, slug: plan.tenant.slug, into: root, progress: progress)
        print("restored tenant \(done.tenant.slug) as id \(done.targetID) in \(root)"
              + (done.replacesExisting ? " (replaced)" : " (new)"))
    }
}
