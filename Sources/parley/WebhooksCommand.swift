import ArgumentParser
import FoundationEssentials
import ParleyCore

/// `parley webhooks`: review and replay journal rows that failed or could not be routed.
struct WebhooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "webhooks", abstract: "List or replay received webhooks.",
                                                    subcommands: [List.self, Replay.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List webhook deliveries, newest first.")
        @Option(help: "pending, done, failed or unroutable.") var status: String?
        @Option(help: "How many.") var limit = 50
        @Option(help: "Data folder.") var dataDir: String?
        func run() throws {
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            for r in try InboundLog(db: core.ingest).rows(status: status, limit: limit, beforeID: nil) {
                print("\(r.id)\t\(Clock.iso(millis: r.received_at))\t\(r.status)\t\(r.size) B\t\(r.last_error ?? "")")
            }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark deliveries for processing again (the server picks them up).")
        @Argument(help: "Journal ids.") var ids: [Int64] = []
        @Flag(help: "Every failed and unroutable delivery.") var allFailed = false
        @Option(help: "Data folder.") var dataDir: String?
        func run() throws {
            let core = try openCore(try loadConfig(dataDir: dataDir))
            defer { core.close() }
            var n = 0
            if allFailed {
                n = try core.ingest.write { c in try c.run("UPDATE inbound SET status = 'pending' WHERE status IN ('failed', 'unroutable')") }
            }
            for id in ids { n += try core.ingest.write { c in try c.run("UPDATE inbound SET status = 'pending' WHERE id = ?", [id]) } }
            print("\(n) deliveries queued for processing")
        }
    }
}
