import Foundation
import ParleyHTTP
import ParleyHTTPClient

/// Publishing: Facebook `/{page}/feed`, `/{page}/photos` and `/{page}/videos`; Instagram containers (pictures, carousels,
/// Reels), status polling, `media_publish` and `content_publishing_limit` (meta-platform.md §7).
extension FakeGraphAPI {
    /// `POST /{page}/feed`.
    func feed(_ r: RecordedRequest, page: String) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        return try store.withLock { s in
            try Self.requirePageToken(s, info, page)
            let message = r.params["message"], link = r.params["link"]
            guard message?.isEmpty == false || link?.isEmpty == false else {
                throw GraphFailure.invalidParameter("(#100) Missing message or attachment")
            }
            let (published, scheduled) = try Self.schedule(r, now: s.now)
            let id = "\(page)_\(FakeIDs.numeric())"
            s.posts.append(FakePost(id: id, pageID: page, edge: "feed", message: message, url: link, published: published, scheduledAt: scheduled))
            return Self.ok(["id": id])
        }
    }

    /// `POST /{page}/photos` with `url=` (downloaded like Meta does, so it must be reachable and a picture) or a
    /// multipart `source`, `message`/`caption`.
    func photos(_ r: RecordedRequest, page: String) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        try store.withLock { s in try Self.requirePageToken(s, info, page) }
        let url = r.params["url"], source = r.params["source"]
        guard url?.isEmpty == false || source?.hasPrefix("@file:") == true else {
            throw GraphFailure(code: 324, message: "(#324) Requires upload file")
        }
        guard let url, !url.isEmpty else { return try addPhoto(r, page: page, url: nil) }
        return Self.later {
            guard let body = self.fetchMedia(url), body.count > 3,
                  (body[0] == 0xFF && body[1] == 0xD8) || body.starts(with: [0x89, 0x50, 0x4E, 0x47]) || body.starts(with: Array("GIF8".utf8)) else {
                return self.decorate(GraphFailure(code: 324, message: "(#324) Missing or invalid image file").response())
            }
            do { return self.decorate(try self.addPhoto(r, page: page, url: url)) } catch let f as GraphFailure {
                return self.decorate(f.response())
            } catch {
                return self.decorate(GraphFailure(status: 500, code: 1, message: "An unknown error occurred: \(error)").response())
            }
        }
    }

    private func addPhoto(_ r: RecordedRequest, page: String, url: String?) throws -> HTTPResponse {
        try store.withLock { s in
            let (published, scheduled) = try Self.schedule(r, now: s.now)
            let photoID = FakeIDs.numeric()
            let postID = "\(page)_\(FakeIDs.numeric())"
            s.posts.append(FakePost(id: published || scheduled != nil ? postID : photoID, pageID: page, edge: "photos",
                                    message: r.params["message"] ?? r.params["caption"], url: url, published: published, scheduledAt: scheduled))
            if scheduled != nil { return Self.ok(["id": postID]) }
            return Self.ok(published ? ["id": photoID, "post_id": postID] : ["id": photoID])
        }
    }

    /// `POST /{page}/videos` with `file_url`: Meta downloads the file, which must be a video, and answers with the video id.
    func videos(_ r: RecordedRequest, page: String) throws -> HTTPResponse {
        let (_, info) = try authorize(r)
        try store.withLock { s in try Self.requirePageToken(s, info, page) }
        guard let url = r.params["file_url"], !url.isEmpty else {
            throw GraphFailure.invalidParameter("(#100) Either file_url or source must be specified")
        }
        return Self.later {
            guard let body = self.fetchMedia(url) else {
                return self.decorate(GraphFailure(code: 351, message: "(#351) There was a problem with your video file. Please try again with another file.").response())
            }
            guard Self.isMP4(body) else {
                return self.decorate(GraphFailure(code: 352, message: "(#352) Sorry, the video file you selected is in a format that we don't support.").response())
            }
            let id = FakeIDs.numeric()
            self.store.withLock { s in
                s.posts.append(FakePost(id: id, pageID: page, edge: "videos", message: r.params["description"], url: url, published: true, scheduledAt: nil))
            }
            return self.decorate(Self.ok(["id": id]))
        }
    }

    /// Downloads media like Meta's fetcher does (recorded in `fetches`); nil when it failed.
    func fetchMedia(_ url: String) -> [UInt8]? {
        let response = try? fetcher.send(.get(url))
        store.withLock { $0.fetches.append((url, response?.status ?? 0)) }
        guard let response, response.isSuccess else { return nil }
        return Array(response.body)
    }

    /// An ISO media file: a size, then "ftyp".
    static func isMP4(_ b: [UInt8]) -> Bool { b.count > 12 && Array(b[4..<8]) == Array("ftyp".utf8) }

    static func requirePageToken(_ s: FakeGraphStore, _ info: FakeToken, _ page: String) throws {
        guard s.page(page) != nil else { throw GraphFailure.unknownObject(page, method: "POST") }
        guard info.kind == .page(page) else {
            throw GraphFailure.permission("If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission")
        }
    }

    /// `published` and `scheduled_publish_time` (10 minutes to 30 days ahead, only with published=false).
    static func schedule(_ r: RecordedRequest, now: Date) throws -> (Bool, Date?) {
        let published = r.params["published"].map { $0 != "false" && $0 != "0" } ?? true
        guard let raw = r.params["scheduled_publish_time"], !raw.isEmpty else { return (published, nil) }
        guard !published else { throw GraphFailure.invalidParameter("(#100) Cannot specify a scheduled publish time on a published post") }
        let when = Double(raw).map { Date(timeIntervalSince1970: $0) } ?? ISO8601DateFormatter().date(from: raw)
        guard let when, when.timeIntervalSince(now) >= 600, when.timeIntervalSince(now) <= 30 * 86400 else {
            throw GraphFailure.invalidParameter("(#100) The specified scheduled publish time is invalid.")
        }
        return (false, when)
    }

    /// `POST /{ig}/media`: downloads `image_url` like Meta does, then creates a container.
    func createContainer(_ r: RecordedRequest, ig: String) throws -> HTTPResponse {
        _ = try authorize(r)
        guard store.withLock({ $0.pageOwning(ig: ig) }) != nil else { throw GraphFailure.unknownObject(ig, method: "POST") }
        let mediaType = r.params["media_type"]
        if mediaType == "CAROUSEL" {
            let children = (r.params["children"] ?? "").split(separator: ",").map(String.init)
            guard (2...10).contains(children.count) else { throw GraphFailure.invalidParameter("(#100) Carousels need 2 to 10 children") }
            return Self.ok(["id": addContainer(ig: ig, url: nil, r: r)])
        }
        guard let url = r.params["image_url"] ?? r.params["video_url"], !url.isEmpty else {
            throw GraphFailure.invalidParameter("(#100) The parameter image_url is required.")
        }
        let isImage = r.params["image_url"] != nil
        if !isImage && mediaType != "REELS" && mediaType != "STORIES" {
            throw GraphFailure.invalidParameter("(#100) The parameter media_type must be REELS or STORIES for a video.")
        }
        // Fetching blocks, so answer from another thread (the app under test may be serving this very URL).
        return Self.later {
            guard let body = self.fetchMedia(url) else {
                return self.decorate(GraphFailure(code: 9004, subcode: 2207052, message: "Only photo or video can be accepted as media type.",
                                                  isTransient: false, userTitle: "Media download has failed.",
                                                  userMessage: "The media could not be fetched from this uri: \(url)").response())
            }
            if isImage && self.settings.requireJPEG && !(body.count > 3 && body[0] == 0xFF && body[1] == 0xD8) {
                return self.decorate(GraphFailure(code: 9004, subcode: 2207005, message: "Only photo or video can be accepted as media type.",
                                                  isTransient: false, userTitle: "Unsupported format",
                                                  userMessage: "The image format is not supported. JPEG is the only supported format.").response())
            }
            if !isImage && !Self.isMP4(body) {
                return self.decorate(GraphFailure(code: 9004, subcode: 2207026, message: "The video format is not supported.",
                                                  isTransient: false, userTitle: "Unsupported video format",
                                                  userMessage: "The video format is not supported. Please check spec for supported video formats.").response())
            }
            return self.decorate(Self.ok(["id": self.addContainer(ig: ig, url: url, r: r)]))
        }
    }

    private func addContainer(ig: String, url: String?, r: RecordedRequest) -> String {
        let id = FakeIDs.numeric()
        store.withLock { s in
            s.containers.append(FakeContainer(id: id, igID: ig, mediaURL: url, caption: r.params["caption"], mediaType: r.params["media_type"],
                                              status: "IN_PROGRESS",
                                              pollsLeft: r.params["media_type"] == "REELS" ? s.settings.reelInProgressPolls : s.settings.containerInProgressPolls,
                                              createdAt: s.now))
            Self.advance(&s, index: s.containers.count - 1)
        }
        return id
    }

    /// Moves a container on: IN_PROGRESS while polls are left, then FINISHED (or the configured final status); EXPIRED after 24 h.
    static func advance(_ s: inout FakeGraphStore, index i: Int) {
        var c = s.containers[i]
        if c.status != "PUBLISHED" && s.now.timeIntervalSince(c.createdAt) > 24 * 3600 { c.status = "EXPIRED" }
        if c.status == "IN_PROGRESS" && c.pollsLeft <= 0 { c.status = s.settings.containerFinalStatus ?? "FINISHED" }
        s.containers[i] = c
    }

    /// `GET /{container}?fields=status_code`: each poll uses up one IN_PROGRESS answer.
    static func pollContainer(_ s: inout FakeGraphStore, index i: Int, fields: [String]) -> [String: Any] {
        advance(&s, index: i)
        let c = s.containers[i]
        if c.status == "IN_PROGRESS" { s.containers[i].pollsLeft -= 1 }
        var o: [String: Any] = ["id": c.id]
        if fields.contains("status_code") { o["status_code"] = c.status }
        if fields.contains("status") { o["status"] = c.status == "IN_PROGRESS" ? "In Progress: Media is still being processed." : c.status.capitalized }
        return o
    }

    /// `POST /{ig}/media_publish?creation_id=`.
    func mediaPublish(_ r: RecordedRequest, ig: String) throws -> HTTPResponse {
        _ = try authorize(r)
        return try store.withLock { s in
            guard s.pageOwning(ig: ig) != nil else { throw GraphFailure.unknownObject(ig, method: "POST") }
            guard let cid = r.params["creation_id"], let i = s.containers.firstIndex(where: { $0.id == cid && $0.igID == ig }) else {
                throw GraphFailure.invalidParameter("(#100) The parameter creation_id is required or does not belong to this account.")
            }
            Self.advance(&s, index: i)
            let recent = s.published.filter { $0.igID == ig && s.now.timeIntervalSince($0.at) < 86400 }.count
            guard recent < s.settings.publishQuota else {
                throw GraphFailure(code: 9, subcode: 2207042, message: "Application request limit reached", isTransient: false,
                                   userTitle: "Cannot publish", userMessage: "You reached the maximum number of posts that is allowed to be published by Content Publishing API.")
            }
            switch s.containers[i].status {
            case "FINISHED": break
            case "IN_PROGRESS":
                throw GraphFailure(code: 9007, subcode: 2207027, message: "Media ID is not available", isTransient: false,
                                   userTitle: "Media is not ready for publishing", userMessage: "The media is not ready for publishing, please wait for a moment")
            default:
                throw GraphFailure.invalidParameter("(#100) The media container is \(s.containers[i].status) and cannot be published.", subcode: 2207008)
            }
            let mediaID = FakeIDs.numeric()
            s.containers[i].status = "PUBLISHED"
            s.containers[i].mediaID = mediaID
            s.published.append((ig, s.now))
            return Self.ok(["id": mediaID])
        }
    }

    /// `GET /{ig}/content_publishing_limit?fields=config,quota_usage`.
    func publishingLimit(_ r: RecordedRequest, ig: String) throws -> HTTPResponse {
        _ = try authorize(r)
        return try store.withLock { s in
            guard s.pageOwning(ig: ig) != nil else { throw GraphFailure.unknownObject(ig, method: "GET") }
            let used = s.published.filter { $0.igID == ig && s.now.timeIntervalSince($0.at) < 86400 }.count
            return Self.ok(["data": [["quota_usage": used, "config": ["quota_total": s.settings.publishQuota, "quota_duration": 86400]]]])
        }
    }
}
