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
            if assets.isEmpty { out.append("Instagram needs at least one picture.") }
            if images.count != assets.count { out.append("Instagram videos (Reels) are not supported yet; attach pictures only.") }
            if assets.count > instagramImagesMax { out.append("Instagram allows at most \(instagramImagesMax) pictures in one post (carousel); this has \(assets.count).") }
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
            if assets.contains(where: { !$0.mediaType.hasPrefix("image/") }) { out.append("Facebook videos are not supported yet; attach pictures only.") }
            for a in assets where a.mediaType.hasPrefix("image/") && a.size > facebookPhotoMaxBytes {
                out.append("\"\(a.name)\" is larger than Facebook's 4 MB photo limit.")
            }
            if assets.count > 1 && text.trimmingSpaces.isEmpty { out.append("A Facebook post with several photos needs some text.") }
            if text.count > facebookTextMax { out.append("The text is longer than Facebook allows.") }
        default:
            out.append("Posts can go to Facebook Pages and Instagram accounts only; \"\(channel.name)\" is a \(channel.kind.rawValue) channel.")
        }
        if channel.status != "active" { out.append("The channel \"\(channel.name)\" needs to be reconnected first.") }
        else if !channel.hasToken { out.append("The channel \"\(channel.name)\" has no access token; reconnect it.") }
        return out
    }
}
