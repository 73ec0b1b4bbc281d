import ArgumentParser
import ParleyCore

/// `parley migrate`: bring every database to this version's schema.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending migrations to all databases.")
    @Option(help: "Data folder.") var dataDir: String?
    func run() throws {
        let core = try openCore(try loadConfig(dataDir: dataDir))  // control and ingest migrate on open
        defer { core.close() }
        for (t, applied) in try core.migrateAll() {
            print("\(t.slug): " + (applied.isEmpty ? "up to date" : "applied \(applied.map(String.init).joined(separator: ", "))"))
        }
    }
}

/// `parley version`.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")
    func run() { print("parley \(ParleyVersion.string)") }
}
