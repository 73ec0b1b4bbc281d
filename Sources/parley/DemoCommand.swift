import ArgumentParser
import ParleyAPI
import ParleyCore
#if canImport(Glibc)
import Glibc
#endif

/// `parley demo`: a ready tenant with a known login, so the first minute needs no setup.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Start with a demo business and print its login.")

    @Option(help: "Data folder for the demo.") var dataDir = "./data-demo"

    static let email = "admin@demo.parley"
    static let password = "parley-demo-2026"

    func run() throws {
        var config = try loadConfig(dataDir: dataDir)
        if Environment.current["PARLEY_LISTEN"] == nil { config.listenPort = 8080 }
        let core = try openCore(config)
        var fresh: Tenant? = nil
        if try core.tenantStore.tenant(slug: "demo") == nil {
            let made = try Provisioning.createTenant(core, slug: "demo", name: "Café Luna (demo)", adminEmail: Self.email,
                                                     adminName: "Demo Admin", adminPassword: Self.password)
            try DemoSeed.seed(core, tenant: made.tenant)
            try DemoSeed.seedPublishing(core, tenant: made.tenant, pictures: DemoPictures.embedded())
            fresh = made.tenant
        }
        try runServer(core) { app in
            if let t = fresh { try? DemoSeed.simulateConversations(core, journal: app.ingest.journal, tenant: t) }
            print("""

              Parley demo is running:  \(app.localURL)/login
              Sign in as  \(Self.email)  with password  \(Self.password)
              Data folder: \(core.data.root)   (Ctrl+C to stop)

            """)
            fflush(nil)
        }
    }
}
