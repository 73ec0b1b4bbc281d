import ArgumentParser
import ParleyCore

/// `parley channel …` (hidden): operator/bench shortcuts for channels that normally come from the OAuth page picker.
struct ChannelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "channel", abstract: "Connect channels without OAuth (benchmarks, tests).",
                                                    shouldDisplay: false, subcommands: [Connect.self])

    /// `parley channel connect`: writes a channel and its route, so webhooks for `--external-id` reach the tenant.
    struct Connect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Connect an account (page id, IG id, phone number id) to a tenant.")
        @Option(help: "Tenant slug.") var tenant: String
        @Option(help: "messenger, instagram, whatsapp, telegram, email, sms or widget.") var kind: String
        @Option(help: "The provider's account id (e.g. the Facebook page id).") var externalId: String
        @Option(help: "Display name.") var name: String
        @Option(help: "Access token to store sealed (optional).") var token: String?
        @Option(help: "Data folder.") var dataDir: String?

        func run() throws {
            guard let k = ChannelKind(rawValue: kind) else {
                printError("parley: unknown channel kind \(kind) (one of: \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                throw ExitCode(2)
            }
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            guard let t = try core.tenantStore.tenant(slug: tenant) else { printError("parley: no tenant \(tenant)"); throw ExitCode(1) }
            do {
                let ch = try ChannelStore(core: core).connect(tenantID: t.id, kind: k, externalID: externalId, name: name, token: token)
                print("connected \(ch.kind.rawValue) \(externalId) to \(t.slug) (channel \(ch.id))")
            } catch let e as CoreError {
                printError("parley: \(e)")
                throw ExitCode(1)
            }
        }
    }
}
