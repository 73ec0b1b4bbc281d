/// Renders the option table for operators.
public enum ConfigDocs {
    /// A commented environment file listing every option with its default, all commented out.
    public static func envFile() -> String {
        var s = "# Parley configuration: every option, commented out at its default.\n" +
            "# Installed as /etc/parley/parley.env and read by the systemd unit (EnvironmentFile=).\n"
        for o in ConfigOption.all {
            s += "\n# \(o.help)\n#\(o.name)=\(o.defaultText.contains("<") ? "" : o.defaultText)\n"
        }
        return s
    }

    /// A Markdown table of the options.
    public static func markdownTable() -> String {
        var s = "| Variable | Default | What it does |\n|---|---|---|\n"
        for o in ConfigOption.all {
            s += "| `\(o.name)` | \(o.defaultText.isEmpty ? "—" : "`\(o.defaultText)`") | \(o.help) |\n"
        }
        return s
    }
}
