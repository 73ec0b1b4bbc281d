import FoundationEssentials

/// Parley's settings, read once at startup from `PARLEY_*`, `META_*`, `OPENAI_*` and `SMTP_*` environment variables.
public struct Config: Sendable {
    /// Address to listen on.
    public var listenHost = "127.0.0.1"
    /// Port to listen on (0 = any free port).
    public var listenPort: UInt16 = 8080
    /// The data folder (databases, files, keys, backups).
    public var dataDir = "./data"
    /// The public base URL Meta and browsers see (no trailing slash).
    public var publicURL = "http://127.0.0.1:8080"
    /// The domain whose subdomains name tenants ("acme.parley.example" → tenant "acme"); empty = off.
    public var baseDomain = ""
    /// Path of the master key file (default `<data>/keys/master.key`).
    public var masterKeyFile = ""
    /// Proxies whose X-Forwarded-For/Proto are believed.
    public var trustedProxies: [String] = ["127.0.0.1", "::1"]
    /// HTTP worker threads (0 = number of cores).
    public var threads = 0
    /// Serve web/ from this folder instead of the embedded copy (development).
    public var webDir = ""
    /// Log format: "json" (journald-friendly) or "text".
    public var logFormat = "json"
    /// Session idle expiry.
    public var sessionIdleMinutes = 480
    /// Session absolute expiry.
    public var sessionMaxHours = 168
    /// Meta app id.
    public var metaAppID = ""
    /// Days raw webhook bodies stay in ingest.sqlite after they were applied; 0 = forever.
    public var webhookRetentionDays = 30
    /// Meta app secret (signs webhooks, appsecret_proof).
    public var metaAppSecret = ""
    /// The verify token typed into Meta's webhook settings.
    public var metaVerifyToken = ""
    /// Graph API base URL (a local fake in tests and the demo).
    public var metaGraphURL = "https://graph.facebook.com"
    /// Facebook Login dialog base URL.
    public var metaDialogURL = "https://www.facebook.com"
    /// Graph API version.
    public var metaGraphVersion = "v23.0"
    /// OpenAI-compatible API base URL for captions; empty = templates only.
    public var openAIBaseURL = ""
    /// OpenAI-compatible API key.
    public var openAIAPIKey = ""
    /// Model name for captions.
    public var openAIModel = "gpt-4o-mini"
    /// SMTP server for notifications; empty = off.
    public var smtpHost = ""
    /// SMTP port.
    public var smtpPort = 587
    /// SMTP user.
    public var smtpUsername = ""
    /// SMTP password.
    public var smtpPassword = ""
    /// Sender address for notifications.
    public var smtpFrom = ""

    /// The defaults.
    public init() {}

    /// The effective master key path.
    public var masterKeyPath: String { masterKeyFile.isEmpty ? "\(dataDir)/keys/master.key" : masterKeyFile }

    /// Reads the configuration from an environment; throws naming the first bad variable.
    public static func load(environment env: [String: String]) throws -> Config {
        var c = Config()
        var publicURLSet = false
        for option in ConfigOption.all {
            guard let raw = env[option.name] else { continue }
            do {
                try option.apply(raw, &c)
            } catch let e as ConfigError {
                throw e
            } catch {
                throw ConfigError(variable: option.name, message: "\(error)")
            }
            if option.name == "PARLEY_PUBLIC_URL" { publicURLSet = true }
        }
        if !publicURLSet {
            let host = c.listenHost == "0.0.0.0" ? "127.0.0.1" : c.listenHost
            c.publicURL = "http://\(host):\(c.listenPort)"
        }
        return c
    }
}

/// A configuration problem, naming the variable so the operator can fix it.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong with it.
    public let message: String
    /// Creates one.
    public init(variable: String, message: String) {
        self.variable = variable
        self.message = message
    }
    public var description: String { "configuration error in \(variable): \(message)" }
}
