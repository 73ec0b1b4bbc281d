import ArgumentParser
import ParleyCore

/// `parley`: the server and its operator commands.
@main
struct ParleyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "One inbox for Messenger, Instagram, WhatsApp, e-mail, Telegram and chat; plus social publishing.",
        version: ParleyVersion.string,
        subcommands: [ServeCommand.self, DemoCommand.self, TenantCommand.self, UserCommand.self, MigrateCommand.self, WebhooksCommand.self, BackupCommand.self, RestoreCommand.self, ConfigCommand.self, ChannelCommand.self, VersionCommand.self],
        defaultSubcommand: ServeCommand.self)
}

/// The version the CLI reports (one constant, in ParleyCore).
enum ParleyVersion {
    static let string = ParleyInfo.version
}

/// Reads PARLEY_* and friends; prints the bad variable and exits 2 on a configuration error.
func loadConfig(dataDir: String? = nil) throws -> Config {
    var env = Environment.current
    if let dataDir { env["PARLEY_DATA_DIR"] = dataDir }
    do {
        return try Config.load(environment: env)
    } catch let e as ConfigError {
        printError("parley: \(e)")
        throw ExitCode(2)
    }
}

/// Opens the data folder, turning failures into a readable message.
func openCore(_ config: Config) throws -> Core {
    do {
        return try Core(config: config)
    } catch {
        printError("parley: cannot open data folder \(config.dataDir): \(error)")
        throw ExitCode(1)
    }
}
