import ArgumentParser
import ParleyCore

/// `parley tenant …`: manage the businesses hosted here.
struct TenantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tenant", abstract: "Create, list, disable or delete tenants.",
                                                    subcommands: [Create.self, List.self, Disable.self, Delete.self, Export.self, Import.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a tenant and its first admin.")
        @Argument(help: "Short name: lower-case letters, digits, dashes.") var slug: String
        @Option(help: "Business name.") var name: String
        @Option(help: "Admin e-mail.") var adminEmail: String
        @Option(help: "Admin password (at least 12 characters); generated and printed if omitted.") var adminPassword: String?
        @Option(help: "basic, pro or enterprise.") var plan = "basic"
        @Option(help: "Data folder.") var dataDir: String?

        func run() throws {
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            do {
                let r = try Provisioning.createTenant(core, slug: slug, name: name, plan: plan, adminEmail: adminEmail, adminPassword: adminPassword)
                print("created tenant \(r.tenant.slug) (id \(r.tenant.id)); admin \(r.admin.email)")
                if let p = r.generatedPassword { print("admin password: \(p)   (shown once; change it after signing in)") }
            } catch let e as CoreError {
                printError("parley: \(e)")
                throw ExitCode(1)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write one tenant (database + files) to an archive, to move it to another server.")
        @Argument var slug: String
        @Option(help: "Folder for the archive.") var out = "."
        @Option(help: "Data folder.") var dataDir: String?
        func run() throws {
            // The same consistent online copy as `parley backup --tenant`.
            var args = ["--tenant", slug, "--out", out]
            if let d = dataDir { args += ["--data-dir", d] }
            try BackupCommand.parse(args).run()
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add (or replace) a tenant from an archive made by `tenant export` or `backup --tenant`.")
        @Argument var archive: String
        @Flag(help: "Do not ask before replacing an existing tenant.") var yes = false
        @Option(help: "Data folder.") var dataDir: String?
        func run() throws {
            var args = [archive]
            if yes { args.append("--yes") }
            if let d = dataDir { args += ["--data-dir", d] }
            let m = try ParleyCore.Restore.readManifest(archive)
            if let slug = m.tenants.first?.slug { args += ["--tenant", slug] }
            try RestoreCommand.parse(args).run()
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tenants.")
        @Option(help: "Data folder.") var dataDir: String?
        func run() throws {
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            for t in try core.tenantStore.all() { print("\(t.id)\t\(t.slug)\t\(t.status)\t\(t.plan)\t\(t.name)") }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a tenant (its users can no longer sign in).")
        @Argument var slug: String
        @Option(help: "Data folder.") var dataDir: String?
        func run() throws {
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            guard let t = try core.tenantStore.tenant(slug: slug) else { printError("parley: no tenant \(slug)"); throw ExitCode(1) }
            try core.tenantStore.setStatus(id: t.id, "disabled")
            print("disabled \(slug)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a tenant and all its data (asks first).")
        @Argument var slug: String
        @Flag(help: "Do not ask.") var yes = false
        @Option(help: "Data folder.") var dataDir: String?
        func run() throws {
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            guard let t = try core.tenantStore.tenant(slug: slug) else { printError("parley: no tenant \(slug)"); throw ExitCode(1) }
            if !yes {
                print("Delete tenant \(slug) (\(t.name)) and ALL its data? Type the slug to confirm: ", terminator: "")
                guard readLine() == slug else { print("not deleted"); return }
            }
            core.tenants.close(t.id)
            try core.tenantStore.delete(id: t.id)
            for suffix in ["", "-wal", "-shm"] { unlinkPath(core.data.tenantDB(t.id) + suffix) }
            print("deleted \(slug)")
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
func unlinkPath(_ p: String) { unlink(p) }
