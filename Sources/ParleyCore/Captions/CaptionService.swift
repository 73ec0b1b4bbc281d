import FoundationEssentials
import ParleyHTTPClient
import Synchronization

/// Writes post captions: through an OpenAI-compatible `/chat/completions` API when OPENAI_BASE_URL is set, and from
/// the built-in templates otherwise or whenever the API fails (401, 429, 5xx, timeout, odd answers).
public struct CaptionService: Sendable {
    let config: Config
    let http: HTTPClient
    let templates: CaptionTemplates
    let limits = CaptionTimeout()

    /// Creates the service.
    public init(config: Config, templates: CaptionTemplates, http: HTTPClient = HTTPClient(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(30)))) {
        self.config = config
        self.templates = templates
        self.http = http
    }

    /// Sets how long to wait for the AI API (default 20 s) before falling back to a template.
    public func setTimeout(_ d: Duration) { limits.set(d) }

    /// What to write about.
    public struct Request: Sendable, Decodable {
        /// facebook or instagram.
        public var platform: String
        /// professional, casual, humorous, …
        public var tone: String
        /// The subject.
        public var topic: String
        /// Extra facts (prices, dates).
        public var details: String?
        /// Who the caption speaks for (set by the server from settings, never from the request body).
        public var business: BusinessProfile? = nil

        enum CodingKeys: String, CodingKey { case platform, tone, topic, details }

        /// Creates one.
        public init(platform: String, tone: String, topic: String, details: String? = nil, business: BusinessProfile? = nil) {
            self.platform = platform
            self.tone = tone
            self.topic = topic
            self.details = details
            self.business = business
        }
    }

    /// The caption and where it came from ("ai" or "template").
    public struct Result: Sendable, Codable, Equatable {
        /// Text.
        public let caption: String
        /// "ai" or "template".
        public let source: String
        /// What was asked and answered (for the caption log; not sent to clients).
        public var trace: CaptionTrace? = nil
        /// The recent post this caption still resembles, when nothing unique could be written.
        public var similarToPostID: Int64? = nil

        enum CodingKeys: String, CodingKey {
            case caption, source
            case similarToPostID = "similar_to_post_id"
        }
    }

    /// Checks the request; throws `CoreError.invalid` naming each bad field.
    public func validate(_ r: Request) throws -> Request {
        var p: [String: String] = [:]
        var r = r
        r.platform = r.platform.lowercased()
        r.tone = r.tone.lowercased()
        r.topic = r.topic.trimmingSpaces
        if !["facebook", "instagram"].contains(r.platform) { p["platform"] = "Use facebook or instagram." }
        if !templates.tones.contains(r.tone) { p["tone"] = "Use one of: \(templates.tones.joined(separator: ", "))." }
        if r.topic.isEmpty || r.topic.count > 200 { p["topic"] = "Say what the post is about (1–200 characters)." }
        if (r.details?.count ?? 0) > 1000 { p["details"] = "At most 1,000 characters." }
        guard p.isEmpty else { throw CoreError.invalid(p) }
        return r
    }

    /// A caption for a validated request; never fails (templates are the fallback).
    public func write(_ r: Request, useAI: Bool = true) -> Result {
        var trace = CaptionTrace()
        if useAI, !config.openAIBaseURL.isEmpty {
            do {
                if let fitted = fit(try ai(r, trace: &trace), platform: r.platform) { return Result(caption: fitted, source: "ai", trace: trace) }
                trace.error = "AI answer was empty after trimming"
            } catch {
                trace.error = "\(error)"
            }
        }
        let pick = Int.random(in: 0..<max(1, templates.byTone[r.tone]?.count ?? 1))
        trace.template = "\(r.tone)#\(pick)"
        return Result(caption: template(r, pick: pick), source: "template", trace: trace)
    }

    /// A filled template, with a few hashtags for Instagram, within the platform's limits.
    public func template(_ r: Request, pick: Int? = nil) -> String {
        let name = r.business?.name.trimmingSpaces ?? ""
        var text = templates.fill(tone: r.tone, topic: r.topic, details: r.details, pick: pick, business: name) ?? r.topic
        // Templates without a {business} placeholder still sign off with the business's name.
        if !name.isEmpty && !text.contains(name) { text += "\n— \(name)" }
        if r.platform == "instagram" {
            let tags = Self.hashtags(for: r.topic)
            if !tags.isEmpty { text += "\n\n" + tags.joined(separator: " ") }
        }
        return fit(text, platform: r.platform) ?? String(text.prefix(PostRules.instagramCaptionMax))
    }

    /// Up to five hashtags from the topic's words (plus none of the filler words).
    public static func hashtags(for topic: String) -> [String] {
        let stop: Set<String> = ["the", "and", "for", "with", "our", "your", "new", "this", "that", "from", "are", "all", "you", "week", "day"]
        var out: [String] = []
        for w in topic.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            let word = String(w)
            guard word.count >= 3, !stop.contains(word), !out.contains("#" + word) else { continue }
            out.append("#" + word)
            if out.count == 5 { break }
        }
        return out
    }

    /// Trims to the platform's limits; nil when nothing sensible is left.
    func fit(_ raw: String, platform: String) -> String? {
        var text = raw.trimmingSpaces
        if text.hasPrefix("\"") && text.hasSuffix("\"") && text.count > 1 { text = String(text.dropFirst().dropLast()) }
        guard !text.isEmpty else { return nil }
        if platform == "instagram" {
            // Hashtags beyond 30 are dropped (Instagram refuses the post otherwise).
            var count = 0
            text = text.split(separator: " ", omittingEmptySubsequences: false).filter { w in
                guard w.hasPrefix("#") else { return true }
                count += 1
                return count <= PostRules.instagramHashtagMax
            }.joined(separator: " ")
            if text.count > PostRules.instagramCaptionMax { text = String(text.prefix(PostRules.instagramCaptionMax)) }
        } else if text.count > 5000 {
            text = String(text.prefix(5000))
        }
        return text
    }

    struct ChatAnswer: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { let content: String? }
            let message: Message?
        }
        let choices: [Choice]?
    }

    struct ChatRequest: Encodable {
        struct Message: Encodable { let role: String; let content: String }
        let model: String
        let messages: [Message]
        let max_tokens: Int
        let temperature: Double
    }

    /// One `/chat/completions` call.
    func ai(_ r: Request, trace: inout CaptionTrace) throws -> String {
        var base = config.openAIBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        let limit = r.platform == "instagram" ? "at most 2,200 characters and 3 to 5 relevant hashtags at the end" : "at most 600 characters, no hashtags"
        let body = ChatRequest(model: config.openAIModel, messages: [
            .init(role: "system", content: "You write social media captions for small hospitality businesses. Answer with the caption only."
                  + Self.businessContext(r.business)),
            .init(role: "user", content: "Write a \(r.tone) \(r.platform) caption about: \(r.topic).\(r.details.map { " Details: \($0)" } ?? "") Use \(limit)."),
        ], max_tokens: 500, temperature: 0.8)
        var headers: [(String, String)] = []
        if !config.openAIAPIKey.isEmpty { headers.append(("Authorization", "Bearer \(config.openAIAPIKey)")) }
        var req = try HTTPClientRequest.postJSON(base + "/chat/completions", body, headers: headers)
        req.timeout = limits.value
        // The logged request is the JSON body only: the Authorization header (the API key) never reaches the log.
        trace.model = config.openAIModel
        trace.request = String(decoding: req.body ?? [], as: UTF8.self)
        let resp = try http.send(req)
        trace.response = String(String(decoding: resp.body, as: UTF8.self).prefix(20_000))
        guard resp.isSuccess else { throw CoreError.provider("AI API answered \(resp.status)") }
        let answer = try resp.decode(ChatAnswer.self)
        guard let text = answer.choices?.first?.message?.content, !text.trimmingSpaces.isEmpty else { throw CoreError.provider("AI API gave no text") }
        return text
    }
}

extension CaptionService {
    /// The system prompt's sentence about the business, if one is known.
    static func businessContext(_ b: BusinessProfile?) -> String {
        guard let b, !b.name.trimmingSpaces.isEmpty else { return "" }
        let about = b.description.trimmingSpaces
        return " You write for \(b.name)." + (about.isEmpty ? "" : " About the business: \(about)")
    }
}

/// The AI call's timeout, adjustable at run time (shared by copies of the service).
final class CaptionTimeout: Sendable {
    private let box = Mutex<Duration>(.seconds(20))
    var value: Duration { box.withLock { $0 } }
    func set(_ d: Duration) { box.withLock { $0 = d } }
}
