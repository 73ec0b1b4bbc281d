import ParleyCore
import ParleyHTTP

/// Settings → System: version, uptime, data size, backlogs, webhook health per channel, and scheduled backups.
/// Backups are server-wide, so they are shown and changed here only when the server hosts one business.
enum SystemSettingsRoutes {
    struct Page: Encodable {
        let system: SystemInfo
        let channels: [ChannelHealthRow]
        let backups: BackupsJSON?
    }
    struct ChannelHealthRow: Encodable {
        let id: Int64
        let kind: String
        let name: String
        let status: String
        let last_webhook_at: Int64?
        let last_error: String?
    }
    struct BackupsJSON: Encodable {
        let settings: BackupSettings
        let last: BackupStatus?
    }

    static func register(_ r: inout Router, _ ctx: RouteContext, version: String) {
        let schedule = BackupSchedule(core: ctx.core, version: version)
        r.add("GET", "/api/v1/system", body: .none) { req in
            let p = try ctx.require(req, .manageSettings)
            let single = try core { try ctx.core.tenantStore.all().count == 1 }
            let info = try core { try SystemInfo.gather(ctx.core, tenantID: p.tenant.id, version: version, serverWide: single) }
            let channels = try core { try ChannelStore(core: ctx.core).list(tenantID: p.tenant.id) }.map {
                ChannelHealthRow(id: $0.id, kind: $0.kind.rawValue, name: $0.name, status: $0.status, last_webhook_at: $0.lastWebhookAt, last_error: $0.lastError)
            }
            let backups = single ? BackupsJSON(settings: try core { try schedule.settings() }, last: try core { try schedule.lastStatus() }) : nil
            return try .json(Page(system: info, channels: channels, backups: backups))
        }
        r.add("PUT", "/api/v1/system/backups") { req in
            let p = try WebhookEventRoutes.guardSingleTenant(ctx, req)
            let s = try req.decodeJSON(BackupSettings.self)
            try core { try schedule.save(s) }
            ctx.audit(req, p, "settings.backups", details: "enabled=\(s.enabled) every \(s.interval_hours) h keep \(s.keep)")
            return try .json(["settings": s])
        }
        r.add("POST", "/api/v1/system/backups/run", body: .none) { req in
            let p = try WebhookEventRoutes.guardSingleTenant(ctx, req)
            return .later {
                let status = schedule.runNow()
                ctx.audit(req, p, "backup.run", result: status.ok ? "ok" : "failed", details: status.archive ?? status.error ?? "")
                return (try? .json(["last": status], status: status.ok ? 201 : 500)) ?? .error(.internal(cause: "encode"))
            }
        }
    }
}
