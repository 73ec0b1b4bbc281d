import FoundationEssentials
import ParleyCrypto
import ParleyHTTPClient
import ParleySQLite

/// E-mails a post's author when one of its targets fails or ends uncertain — a scheduled post that did not go out at
/// 3 a.m. should not wait for someone to open the Posts tab. Needs `SMTP_HOST` and `SMTP_FROM`. Sending happens on its
/// own thread so the publish worker never waits on a mail server; it is best effort (a mail that cannot be sent is
/// logged, not retried): the post's state in Parley stays the record.
public struct PublishNotifier: Sendable {
    let smtp: SMTPClient
    let from: String
    let publicURL: String
    let log: @Sendable (String) -> Void

    /// A notifier for the configured server, or nil when `SMTP_HOST` or `SMTP_FROM` is empty. TLS is required unless
    /// the server is on this machine (a local relay such as Postfix).
    public static func make(config: Config, log: @escaping @Sendable (String) -> Void) -> PublishNotifier? {
        guard !config.smtpHost.isEmpty, !config.smtpFrom.isEmpty else { return nil }
        let local = ["127.0.0.1", "localhost", "::1"].contains(config.smtpHost)
        return PublishNotifier(smtp: SMTPClient(host: config.smtpHost, port: config.smtpPort, username: config.smtpUsername,
                                                password: config.smtpPassword, requireTLS: !local),
                               from: config.smtpFrom, publicURL: config.publicURL, log: log)
    }

    /// The e-mail for a target that failed (`uncertain` false) or may have gone out (`uncertain` true), or nil when
    /// the author has no address on file.
    static func message(_ c: Connection, postID: Int64, channelID: Int64, problem: String, uncertain: Bool, from: String,
                        publicURL: String) throws -> SMTPMessage? {
        guard let r = try c.queryOne("""
            SELECT p.text, u.email, u.name, coalesce(ch.name, 'a channel') AS channel FROM posts p JOIN users u ON u.id = p.created_by
            LEFT JOIN channels ch ON ch.id = ? WHERE p.id = ? AND u.active = 1
            """, [channelID, postID]) else { return nil }
        let email = try r.string("email"), channel = try r.string("channel"), text = try r.string("text")
        let short = text.count > 60 ? String(text.prefix(57)) + "…" : text
        let subject = uncertain ? "Check this post on \(channel): “\(short)”" : "Post not published on \(channel): “\(short)”"
        let lead = uncertain
            ? "Parley lost contact with Meta while publishing your post to \(channel), so it may or may not be live. Parley will not post it again by itself: check the page or account first."
            : "Parley could not publish your post to \(channel)."
        let body = """
            Hello \(try r.string("name")),

            \(lead)

            “\(text.count > 300 ? String(text.prefix(297)) + "…" : text)”

            What happened: \(problem)

            See it in Parley: \(publicURL)/publish?tab=posts

            — Parley
            """
        return SMTPMessage(from: from, to: [email], subject: subject, text: body)
    }

    /// Sends in the background.
    func send(_ m: SMTPMessage) {
        let id = Hex.encode(SecureRandom.bytes(12)) + "@parley"
        _ = startThread { [self] in
            do {
                try smtp.send(m, date: Int(Clock.nowMillis() / 1000), messageID: id)
            } catch {
                log("publishing notification to \(m.to.joined(separator: ", ")) not sent: \(error)")
            }
        }
    }
}
