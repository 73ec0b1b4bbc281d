import FoundationEssentials
import ParleyHTTPClient

extension GraphClient {
    /// POSTs form fields with the token (the publishing endpoints take form parameters).
    public func postForm<Out: Decodable>(_ path: String, token: String, fields: [(String, String)], as: Out.Type) throws(GraphError) -> Out {
        try decode(send(HTTPClientRequest.postForm(url(path), fields + [("access_token", token)] + proof(token))), Out.self)
    }
}

extension GraphError {
    /// Plain words for publishing failures (codes from meta-platform.md §7), falling back to the general mapping.
    public var publishingMessage: String {
        switch (code, subcode) {
        case (_, 2207052), (_, 2207003):
            return "Instagram could not download the picture or video from Parley. Meta fetches media from PARLEY_PUBLIC_URL, so that address must be reachable from the internet."
        case (9007, _), (_, 2207027):
            return "Instagram had not finished processing the media yet."
        case (9, 2207042), (_, 2207042):
            return "This Instagram account reached its limit of posts published through the API in 24 hours. Try again later."
        case (_, 2207026):
            return "Instagram cannot use this video: Reels need MP4 or MOV with H.264 or HEVC video and AAC sound, 3 seconds to 15 minutes long."
        case (_, 2207005):
            return "Instagram accepts JPEG pictures only."
        case (_, 2207009), (36003, _):
            return "Instagram refused the picture's shape: use an aspect ratio between 4:5 (portrait) and 1.91:1 (landscape)."
        case (_, 2207004):
            return "The picture is too large for Instagram (8 MB at most)."
        case (351, _), (352, _):
            return "Facebook could not use the video file. Export it again as MP4 (H.264 video, AAC sound) and retry."
        case (324, _):
            return "Facebook could not download the picture from Parley. Meta fetches media from PARLEY_PUBLIC_URL, so that address must be reachable from the internet."
        case (_, 1366046):
            return "Facebook accepts photos under 4 MB in JPG or PNG format."
        case (368, _), (_, 1390008):
            return "Facebook is temporarily blocking posts from this page because it posted too fast. Wait a while before posting again."
        case (506, _), (_, 1366051):
            return "Facebook refused this as a duplicate of a recent post."
        case (_, 1404078):
            return "Facebook requires Page Publishing Authorization for this page. Complete it in the page's settings on Facebook."
        default:
            return plainMessage
        }
    }

    /// Meta answered with an error: the call was refused, so nothing was published by it.
    var isDefiniteRefusal: Bool { status >= 400 }
}
