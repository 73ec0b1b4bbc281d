import ArgumentParser
import ParleyCore

/// `parley user create`: add a staff account from the shell (e.g. a locked-out admin).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage staff accounts.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user in a tenant.")
        @Option(help: "Tenant slug.") var tenant: String
        @Option(help: "E-mail.") var email: String
        @Option(help: "Name.") var name: String
        @Option(help: "admin, manager, agent or viewer.") var role = "agent"
        @Option(help: "Password (at least 12 characters).") var password: String
        @Option(help: "Data folder.") var dataDir: String?

        func run() throws {
            guard let r = Role(rawValue: role) else { printError("parley: role must be admin, manager, agent or viewer"); throw ExitCode(2) }
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            guard let t = try core.tenantStore.tenant(slug: tenant) else { printError("parley: no tenant \(tenant)"); throw ExitCode(1) }
            do {
                let u = try UserStore(db: try core.tenants.database(t.id)).create(email: email, name: name, role: r, password: password)
                print("created \(u.role.rawValue) \(u.email) (id \(u.id)) in \(t.slug)")
            } catch let e as CoreError {
                printError("parley: \(e)")
                throw ExitCode(1)
            }
        }
    }
}
