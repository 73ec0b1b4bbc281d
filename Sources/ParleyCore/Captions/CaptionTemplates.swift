/// Built-in caption templates by tone (Resources/captions/<tone>.txt; templates separated by a line "---").
/// Placeholders: {topic}, {details}, {business}.
public struct CaptionTemplates: Sendable {
    /// Templates per tone.
    public let byTone: [String: [String]]

    /// Parses template files given as tone → file text.
    public init(files: [String: String]) {
        var out: [String: [String]] = [:]
        for (tone, text) in files {
            var items: [String] = []
            var current: [Substring] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.trimmingSpaces == "---" {
                    items.append(current.joined(separator: "\n").trimmingSpaces)
                    current = []
                } else if !line.hasPrefix("#!") {
                    current.append(line)
                }
            }
            items.append(current.joined(separator: "\n").trimmingSpaces)
            let kept = items.filter { !$0.isEmpty }
            if !kept.isEmpty { out[tone.lowercased()] = kept }
        }
        byTone = out
    }

    /// A minimal set used when the embedded resources are missing (so captions always work).
    public static let fallback = CaptionTemplates(files: fallbackFiles)

    /// One template per tone, for tones the embedded resources lack.
    public static let fallbackFiles: [String: String] = [
        "professional": "We are pleased to present {topic}.\n{details}",
        "casual": "Guess what's here? {topic}!\n{details}",
        "humorous": "Breaking news: {topic} has entered the building.\n{details}",
        "friendly": "Hello friends! We can't wait to share {topic} with you.\n{details}",
        "promotional": "Now on: {topic}.\n{details}\nCome in while it lasts.",
        "educational": "Did you know? {topic}.\n{details}",
    ]

    /// The tones with templates, sorted.
    public var tones: [String] { byTone.keys.sorted() }

    /// Fills a template of the tone (`pick` chooses which; random by default).
    public func fill(tone: String, topic: String, details: String?, pick: Int? = nil, business: String = "") -> String? {
        guard let list = byTone[tone], !list.isEmpty else { return nil }
        let t = list[(pick ?? Int.random(in: 0..<list.count)) % list.count]
        let d = details?.trimmingSpaces ?? ""
        // A line carrying the details (or the business name) disappears when there are none.
        let lines = t.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.contains("{details}") && d.isEmpty { return nil }
            if line.contains("{business}") && business.isEmpty { return nil }
            return String(line).replacing("{topic}", with: topic).replacing("{details}", with: d).replacing("{business}", with: business)
        }
        return lines.joined(separator: "\n").trimmingSpaces
    }
}
