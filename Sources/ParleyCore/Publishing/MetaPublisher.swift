import FoundationEssentials

/// The Graph calls of publishing (meta-platform.md §7). Each step says whether a failure there can have published
/// anything, so the worker knows when a retry is safe and when the honest answer is "uncertain".
struct MetaPublisher: Sendable {
    let graph: GraphClient

    struct IDAnswer: Decodable { let id: String; let post_id: String? }
    struct StatusAnswer: Decodable { let status_code: String?; let status: String? }
    struct PermalinkAnswer: Decodable { let permalink: String?; let permalink_url: String? }
    struct Quota: Decodable {
        struct Item: Decodable {
            struct Config: Decodable { let quota_total: Int? }
            let quota_usage: Int?
            let config: Config?
        }
        let data: [Item]?
    }

    /// Where a failure happened: before anything visible (`prepare`) or in the call that makes the post public.
    enum Phase { case prepare, publish }

    /// Facebook video: `/{page}/videos` with `file_url` (Meta downloads it, then processes it on its side);
    /// the permalink is asked for afterwards (best effort).
    func publishFacebookVideo(page: String, token: String, text: String, videoURL: String) throws(PublishFailure) -> (String, String) {
        let id: String
        do {
            var fields = [("file_url", videoURL)]
            if !text.isEmpty { fields.append(("description", text)) }
            id = try graph.postForm("\(page)/videos", token: token, fields: fields, as: IDAnswer.self).id
        } catch {
            throw PublishFailure(error, phase: .publish)
        }
        let path = (try? graph.get(id, token: token, query: [("fields", "permalink_url")], as: PermalinkAnswer.self))?.permalink_url
        guard let path, !path.isEmpty else { return (id, "https://www.facebook.com/\(page)/videos/\(id)/") }
        return (id, path.hasPrefix("/") ? "https://www.facebook.com" + path : path)
    }

    /// Facebook: text → /feed; one photo → /photos with our media URL; several → unpublished photos + attached_media.
    func publishFacebook(page: String, token: String, text: String, imageURLs: [String]) throws(PublishFailure) -> (String, String) {
        var phase = Phase.prepare
        do {
            let id: String
            if imageURLs.isEmpty {
                var fields = [("message", text)]
                if let link = Self.firstLink(text) { fields.append(("link", link)) }
                phase = .publish
                id = try graph.postForm("\(page)/feed", token: token, fields: fields, as: IDAnswer.self).id
            } else if imageURLs.count == 1 {
                phase = .publish
                let a = try graph.postForm("\(page)/photos", token: token, fields: [("url", imageURLs[0]), ("message", text)], as: IDAnswer.self)
                id = a.post_id ?? a.id
            } else {
                var photoIDs: [String] = []
                for url in imageURLs {
                    photoIDs.append(try graph.postForm("\(page)/photos", token: token, fields: [("url", url), ("published", "false")], as: IDAnswer.self).id)
                }
                var fields = [("message", text)]
                for (i, pid) in photoIDs.enumerated() { fields.append(("attached_media[\(i)]", "{\"media_fbid\":\"\(pid)\"}")) }
                phase = .publish
                id = try graph.postForm("\(page)/feed", token: token, fields: fields, as: IDAnswer.self).id
            }
            return (id, "https://www.facebook.com/\(id)")
        } catch {
            throw PublishFailure(error, phase: phase)
        }
    }

    /// Instagram steps 0–1: quota check, then container(s) — a Reel for a video — and returns the container to poll.
    func createInstagramContainer(ig: String, token: String, caption: String, imageURLs: [String], videoURL: String? = nil) throws(PublishFailure) -> String {
        do {
            let q = try graph.get("\(ig)/content_publishing_limit", token: token, query: [("fields", "config,quota_usage")], as: Quota.self)
            if let item = q.data?.first, let used = item.quota_usage, let total = item.config?.quota_total, used >= total {
                throw PublishFailure(final: "This Instagram account reached its limit of \(total) posts published through the API in 24 hours (\(used) used). Try again later.")
            }
            if let videoURL {
                return try graph.postForm("\(ig)/media", token: token,
                                          fields: [("media_type", "REELS"), ("video_url", videoURL), ("caption", caption), ("share_to_feed", "true")],
                                          as: IDAnswer.self).id
            }
            if imageURLs.count == 1 {
                return try graph.postForm("\(ig)/media", token: token, fields: [("image_url", imageURLs[0]), ("caption", caption)], as: IDAnswer.self).id
            }
            var children: [String] = []
            for url in imageURLs {
                children.append(try graph.postForm("\(ig)/media", token: token, fields: [("image_url", url), ("is_carousel_item", "true")], as: IDAnswer.self).id)
            }
            return try graph.postForm("\(ig)/media", token: token,
                                      fields: [("media_type", "CAROUSEL"), ("children", children.joined(separator: ",")), ("caption", caption)],
                                      as: IDAnswer.self).id
        } catch let e as PublishFailure {
            throw e
        } catch let e as GraphError {
            throw PublishFailure(e, phase: .prepare)
        } catch {
            throw PublishFailure(final: "\(error)")
        }
    }

    /// Instagram step 2: the container's status_code, and Meta's words about it (`status`, e.g. why a video failed).
    func containerStatus(_ id: String, token: String) throws(GraphError) -> (code: String, detail: String?) {
        let a = try graph.get(id, token: token, query: [("fields", "status_code,status")], as: StatusAnswer.self)
        return (a.status_code ?? "UNKNOWN", a.status)
    }

    /// Instagram step 3: media_publish, then the permalink (best effort).
    func publishContainer(ig: String, container: String, token: String) throws(PublishFailure) -> (String, String?) {
        let id: String
        do {
            id = try graph.postForm("\(ig)/media_publish", token: token, fields: [("creation_id", container)], as: IDAnswer.self).id
        } catch {
            throw PublishFailure(error, phase: .publish)
        }
        let link = try? graph.get(id, token: token, query: [("fields", "permalink")], as: PermalinkAnswer.self).permalink
        return (id, link ?? nil)
    }

    static func firstLink(_ text: String) -> String? {
        for word in text.split(whereSeparator: { $0.isWhitespace }) where word.hasPrefix("https://") || word.hasPrefix("http://") {
            return String(word)
        }
        return nil
    }
}

/// A failed publishing step, classified.
struct PublishFailure: Error, Sendable {
    enum Kind: Sendable, Equatable {
        /// Nothing was published; try again later.
        case retry
        /// Nothing was published; trying again will not help.
        case final
        /// The post may or may not be live: never retried automatically.
        case uncertain
    }
    let kind: Kind
    let message: String
    let detail: String
    let graph: GraphError?

    init(final message: String) {
        kind = .final
        self.message = message
        detail = message
        graph = nil
    }

    init(_ e: GraphError, phase: MetaPublisher.Phase) {
        graph = e
        detail = e.description
        message = e.publishingMessage
        if e.notSent { kind = .retry; return }
        switch phase {
        case .prepare:
            // Containers and unpublished photos are invisible: any failure there is safe to retry if it may pass.
            kind = e.isRetryable || e.status == 0 || e.status >= 500 ? .retry : .final
        case .publish:
            if e.status == 0 || e.status >= 500 { kind = .uncertain }   // timeout or Meta hiccup: it may have gone out
            else { kind = e.isRetryable ? .retry : .final }
        }
    }
}
