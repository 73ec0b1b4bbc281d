import FoundationEssentials

/// One environment variable: its name, default, description and how it is parsed (the single table of options).
public struct ConfigOption: Sendable {
    /// The variable name.
    public let name: String
    /// The default, as text, for docs and `parley.env`.
    public let defaultText: String
    /// One line for operators.
    public let help: String
    let apply: @Sendable (String, inout Config) throws -> Void

    /// Every option Parley reads.
    public static let all: [ConfigOption] = [
        .init(name: "PARLEY_LISTEN", defaultText: "127.0.0.1:8080", help: "Address and port to listen on (keep it on loopback behind Caddy/nginx).") { v, c in
            let parts = v.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let port = UInt16(parts[1]), isIPv4(String(parts[0])) else {
                throw ConfigError(variable: "PARLEY_LISTEN", message: "expected IPv4:port such as 127.0.0.1:8080, got \"\(v)\"")
            }
            c.listenHost = String(parts[0])
            c.listenPort = port
        },
        .init(name: "PARLEY_DATA_DIR", defaultText: "./data", help: "Data folder: control.sqlite, ingest.sqlite, tenants/, files/, keys/, backups/.") { v, c in
            c.dataDir = try nonEmpty("PARLEY_DATA_DIR", v)
        },
        .init(name: "PARLEY_PUBLIC_URL", defaultText: "http://<listen>", help: "Public https URL of this server as Meta and browsers reach it.") { v, c in
            c.publicURL = try url("PARLEY_PUBLIC_URL", v)
        },
        .init(name: "PARLEY_BASE_DOMAIN", defaultText: "", help: "Tenants by subdomain: acme.<base domain> selects tenant acme at login.") { v, c in c.baseDomain = v.lowercased() },
        .init(name: "PARLEY_MASTER_KEY_FILE", defaultText: "<data>/keys/master.key", help: "32-byte key (64 hex) that encrypts stored tokens; created 0600 on first run. Back it up separately.") { v, c in c.masterKeyFile = v },
        .init(name: "PARLEY_TRUSTED_PROXIES", defaultText: "127.0.0.1,::1", help: "Comma-separated proxy IPs whose X-Forwarded-For/Proto are trusted.") { v, c in
            c.trustedProxies = v.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        },
        .init(name: "PARLEY_THREADS", defaultText: "0", help: "HTTP worker threads; 0 = one per core.") { v, c in c.threads = try int("PARLEY_THREADS", v, 0...256) },
        .init(name: "PARLEY_WEB_DIR", defaultText: "", help: "Development: serve web/ from this folder instead of the embedded copy.") { v, c in c.webDir = v },
        .init(name: "PARLEY_LOG_FORMAT", defaultText: "json", help: "json (one object per line, for journald) or text.") { v, c in
            guard v == "json" || v == "text" else { throw ConfigError(variable: "PARLEY_LOG_FORMAT", message: "use json or text") }
            c.logFormat = v
        },
        .init(name: "PARLEY_SESSION_IDLE_MINUTES", defaultText: "480", help: "Sign staff out after this many idle minutes.") { v, c in c.sessionIdleMinutes = try int("PARLEY_SESSION_IDLE_MINUTES", v, 5...10080) },
        .init(name: "PARLEY_SESSION_MAX_HOURS", defaultText: "168", help: "Sign staff out this many hours after login, active or not.") { v, c in c.sessionMaxHours = try int("PARLEY_SESSION_MAX_HOURS", v, 1...2160) },
        .init(name: "PARLEY_WEBHOOK_RETENTION_DAYS", defaultText: "30", help: "Keep raw webhook bodies this many days after they were applied (replay, audit); 0 = forever. Failed ones stay until replayed.") { v, c in
            c.webhookRetentionDays = try int("PARLEY_WEBHOOK_RETENTION_DAYS", v, 0...3650)
        },
        .init(name: "META_APP_ID", defaultText: "", help: "Meta app id (App Dashboard > Settings > Basic).") { v, c in c.metaAppID = v },
        .init(name: "META_APP_SECRET", defaultText: "", help: "Meta app secret: verifies webhook signatures and signs appsecret_proof.") { v, c in c.metaAppSecret = v },
        .init(name: "META_VERIFY_TOKEN", defaultText: "", help: "The Verify Token you type into Meta's webhook settings.") { v, c in c.metaVerifyToken = v },
        .init(name: "META_GRAPH_URL", defaultText: "https://graph.facebook.com", help: "Graph API base URL.") { v, c in c.metaGraphURL = try url("META_GRAPH_URL", v) },
        .init(name: "META_DIALOG_URL", defaultText: "https://www.facebook.com", help: "Facebook Login dialog base URL.") { v, c in c.metaDialogURL = try url("META_DIALOG_URL", v) },
        .init(name: "META_GRAPH_VERSION", defaultText: "v23.0", help: "Graph API version, e.g. v23.0.") { v, c in
            guard v.hasPrefix("v"), Double(v.dropFirst()) != nil else { throw ConfigError(variable: "META_GRAPH_VERSION", message: "expected a version like v23.0") }
            c.metaGraphVersion = v
        },
        .init(name: "OPENAI_BASE_URL", defaultText: "", help: "OpenAI-compatible API base URL for AI captions; empty = built-in templates.") { v, c in c.openAIBaseURL = v.isEmpty ? "" : try url("OPENAI_BASE_URL", v) },
        .init(name: "OPENAI_API_KEY", defaultText: "", help: "API key for OPENAI_BASE_URL.") { v, c in c.openAIAPIKey = v },
        .init(name: "OPENAI_MODEL", defaultText: "gpt-4o-mini", help: "Model name for captions.") { v, c in c.openAIModel = try nonEmpty("OPENAI_MODEL", v) },
        .init(name: "SMTP_HOST", defaultText: "", help: "SMTP server for notifications (the author of a post that failed or may have gone out is e-mailed); empty = off. TLS is required unless it is on this machine.") { v, c in c.smtpHost = v },
        .init(name: "SMTP_PORT", defaultText: "587", help: "SMTP port (587 STARTTLS, 465 TLS).") { v, c in c.smtpPort = try int("SMTP_PORT", v, 1...65535) },
        .init(name: "SMTP_USERNAME", defaultText: "", help: "SMTP user name.") { v, c in c.smtpUsername = v },
        .init(name: "SMTP_PASSWORD", defaultText: "", help: "SMTP password.") { v, c in c.smtpPassword = v },
        .init(name: "SMTP_FROM", defaultText: "", help: "Sender address for notifications (needed with SMTP_HOST).") { v, c in c.smtpFrom = v },
    ]

    init(name: String, defaultText: String, help: String, apply: @escaping @Sendable (String, inout Config) throws -> Void) {
        self.name = name
        self.defaultText = defaultText
        self.help = help
        self.apply = apply
    }
}

private func nonEmpty(_ name: String, _ v: String) throws -> String {
    guard !v.trimmingSpaces.isEmpty else { throw ConfigError(variable: name, message: "must not be empty") }
    return v
}

private func int(_ name: String, _ v: String, _ range: ClosedRange<Int>) throws -> Int {
    guard let n = Int(v.trimmingSpaces), range.contains(n) else {
        throw ConfigError(variable: name, message: "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(v)\"")
    }
    return n
}

private func url(_ name: String, _ v: String) throws -> String {
    let t = v.trimmingSpaces
    guard (t.hasPrefix("http://") || t.hasPrefix("https://")), t.count > 8, URL(string: t) != nil else {
        throw ConfigError(variable: name, message: "expected an http(s) URL, got \"\(v)\"")
    }
    return t.hasSuffix("/") ? String(t.dropLast()) : t
}

private func isIPv4(_ s: String) -> Bool {
    let p = s.split(separator: ".", omittingEmptySubsequences: false)
    return p.count == 4 && p.allSatisfy { UInt8($0) != nil }
}
