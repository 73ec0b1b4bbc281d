/// What each platform accepts (meta-platform.md §7), checked before a post is scheduled so problems show up front.
public enum PostRules {
    /// Instagram caption limit (characters).
    public static let instagramCaptionMax = 2200
    /// Instagram hashtag limit.
    public static let instagramHashtagMax = 30
    /// Instagram carousel size.
    public static let instagramImagesMax = 10
    /// Facebook photo size limit (error 1366046).
    public static let facebookPhotoMaxBytes: Int64 = 4 << 20
    /// Facebook post text limit.
    public static let facebookTextMax = 63_206
    /// Instagram Reels length (meta-platform.md §7.3: 3 seconds to 15 minutes).
    public static let reelMillis = 3_000...900_000
    /// Facebook Page video length limit (240 minutes).
    public static let facebookVideoMaxMillis = 240 * 60_000

    /// Hashtags in a text ("#word").
    public static func hashtagCount(_ text: String) -> Int {
        var n = 0
        var prev: Character = " "
        var it = text.makeIterator()
        while let ch = it.next() {
            if ch == "#" && (prev.isWhitespace || prev == "#" || n == 0 && prev == " ") { n += 1 }
            prev = ch
        }
        return n
    }

    /// Everything wrong with publishing `text` + `assets` to `channel`, in plain words (empty when fine).
    public static func problems(text: String, assets: [Asset], channel: Channel) -> [String] {
        var out: [String] = []
        switch channel.kind {
        case .instagram:
            let images = assets.filter { $0.mediaType.hasPrefix("image/") }
            if assets.isEmpty { out.append("Instagram needs at least one picture, or one video (a Reel).") }
            if images.count != assets.count {
                if assets.count > 1 { out.append("A Reel is one video on its own; remove the other files or post them separately.") }
                for v in assets where !v.mediaType.hasPrefix("image/") {
                    guard let ms = v.durationMillis else { continue }
                    if ms < reelMillis.lowerBound { out.append("\"\(v.name)\" is \(seconds(ms)) long; Instagram Reels must be at least 3 seconds.") }
                    if ms > reelMillis.upperBound { out.append("\"\(v.name)\" is \(seconds(ms)) long; Instagram Reels can be 15 minutes at most.") }
                }
            } else if assets.count > instagramImagesMax {
                out.append("Instagram allows at most \(instagramImagesMax) pictures in one post (carousel); this has \(assets.count).")
            }
            for a in images where a.mediaType != "image/jpeg" {
                out.append("Instagram accepts JPEG only: \"\(a.name)\" is \(a.mediaType.dropFirst(6).uppercased()).")
            }
            for a in images {
                guard let w = a.width, let h = a.height, h > 0 else { continue }
                let ratio = Double(w) / Double(h)
                if ratio < 0.8 - 0.0005 || ratio > 1.91 + 0.0005 {
                    out.append("\"\(a.name)\" is \(w)×\(h); Instagram needs an aspect ratio between 4:5 and 1.91:1.")
                }
                if a.size > 8 << 20 { out.append("\"\(a.name)\" is larger than Instagram's 8 MB.") }
            }
            if text.count > instagramCaptionMax { out.append("The caption has \(text.count) characters; Instagram allows \(instagramCaptionMax).") }
            let tags = hashtagCount(text)
            if tags > instagramHashtagMax { out.append("The caption has \(tags) hashtags; Instagram allows \(instagramHashtagMax).") }
        case .messenger:
            if text.trimmingSpaces.isEmpty && assets.isEmpty { out.append("Facebook needs text or at least one photo.") }
            let videos = assets.filter { !$0.mediaType.hasPrefix("image/") }
            if !videos.isEmpty && assets.count > 1 { out.append("A Facebook video is posted on its own; remove the other files or post them separately.") }
            for v in videos where (v.durationMillis ?? 0) > facebookVideoMaxMillis {
                out.append("\"\(v.name)\" is longer than Facebook's 240 minutes.")
            }
            for a in assets where a.mediaType.hasPrefix("image/") && a.size > facebookPhotoMaxBytes {
                out.append("\"\(a.name)\" is larger than Facebook's 4 MB photo limit.")
            }
            if assets.count > 1 && videos.isEmpty && text.trimmingSpaces.isEmpty { out.append("A Facebook post with several photos needs some text.") }
            if text.count > facebookTextMax { out.append("The text is longer than Facebook allows.") }
        default:
            out.append("Posts can go to Facebook Pages and Instagram accounts only; \"\(channel.name)\" is a \(channel.kind.rawValue) channel.")
        }
        if channel.status != "active" { out.append("The channel \"\(channel.name)\" needs to be reconnected first.") }
        else if !channel.hasToken && !Sandbox.isSandbox(channel.externalID) { out.append("The channel \"\(channel.name)\" has no access token; reconnect it.") }
        return out
    }

    /// "2.5 seconds", "16 minutes 3 seconds".
    static func seconds(_ ms: Int) -> String {
        if ms < 60_000 { return ms % 1000 == 0 ? "\(ms / 1000) seconds" : "\(ms / 1000).\(ms % 1000 / 100) seconds" }
        let m = ms / 60_000, s = ms % 60_000 / 1000
        return s == 0 ? "\(m) minutes" : "\(m) minutes \(s) seconds"
    }
}
