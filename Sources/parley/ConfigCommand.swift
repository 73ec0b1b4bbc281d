import ArgumentParser
import ParleyCore

/// `parley config`: print every option (the source of packaging/parley.env and the README table).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Print all configuration options.")

    @Flag(help: "As a commented environment file (packaging/parley.env).") var env = false
    @Flag(help: "As a Markdown table (README).") var markdown = false
    @Flag(help: "Check the current environment and print the effective values (secrets hidden).") var check = false

    func run() throws {
        if env { print(ConfigDocs.envFile(), terminator: "") }
        else if markdown { print(ConfigDocs.markdownTable(), terminator: "") }
        else {
            let c = try loadConfig()
            print("configuration ok: listen \(c.listenHost):\(c.listenPort), data \(c.dataDir), public URL \(c.publicURL)")
        }
    }
}
