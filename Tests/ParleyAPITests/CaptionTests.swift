import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Captions (AI through an OpenAI-compatible API, template fallback on every failure) and content calendars.
@Suite struct CaptionTests {
    @Test func templatesWithoutAI() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let r = try h.admin.post("/api/v1/captions", ["platform": "instagram", "tone": "casual", "topic": "pumpkin soup", "details": "Only in October"])
        #expect(r.status == 200, "\(r.text)")
        #expect(r.json["source"] as? String == "template")
        let caption = r.json["caption"] as? String ?? ""
        #expect(caption.contains("pumpkin soup") && caption.contains("Only in October"))
        #expect(caption.contains("#pumpkin") && caption.contains("#soup"))
        let fb = try h.admin.post("/api/v1/captions", ["platform": "facebook", "tone": "professional", "topic": "brunch"])
        #expect(!(fb.json["caption"] as? String ?? "").contains("#"))
        let bad = try h.admin.post("/api/v1/captions", ["platform": "tiktok", "tone": "grumpy", "topic": ""])
        #expect(bad.status == 422)
        let fields = (bad.json["error"] as? [String: Any])?["fields"] as? [String: String] ?? [:]
        #expect(fields.keys.sorted() == ["platform", "tone", "topic"])
        #expect(fields["tone"]?.contains("humorous") == true)
    }

    @Test func aiPathAndEveryFailureFallsBackToTemplates() throws {
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        let h = try PublishingHarness(configure: { c in
            c.openAIBaseURL = ai.baseURL
            c.openAIAPIKey = "sk-test"
        })
        defer { h.stop() }
        h.t.app.publishing.captions.setTimeout(.milliseconds(700))
        let body: [String: Any] = ["platform": "instagram", "tone": "humorous", "topic": "sourdough"]
        let ok = try h.admin.post("/api/v1/captions", body)
        #expect(ok.json["source"] as? String == "ai")
        #expect(ok.json["caption"] as? String == "Fresh from the oven! #bread")
        let sent = try #require(ai.requests.last)
        #expect(sent.header("Authorization") == "Bearer sk-test")
        #expect(sent.text.contains("sourdough") && sent.text.contains("humorous"))

        for mode in [FakeOpenAI.Mode.status(401), .status(429), .status(500), .garbage, .slow(seconds: 2)] {
            ai.set(mode)
            let r = try h.admin.post("/api/v1/captions", body)
            #expect(r.status == 200)
            #expect(r.json["source"] as? String == "template", "\(mode)")
            #expect((r.json["caption"] as? String ?? "").contains("sourdough"))
        }
        // An AI answer over Instagram's limits is trimmed to them.
        ai.set(.caption(String(repeating: "a", count: 3000) + " " + (0..<40).map { "#h\($0)" }.joined(separator: " ")))
        let long = try h.admin.post("/api/v1/captions", body).json["caption"] as? String ?? ""
        #expect(long.count <= 2200 && PostRules.hashtagCount(long) <= 30)
    }

    @Test func calendarDraftsPostsSpreadOverTheMonth() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let r = try h.admin.post("/api/v1/calendars", ["month": "2026-12", "count": 8, "use_ai": false])
        #expect(r.status == 202)
        let id = try #require(r.json["id"] as? Int)
        var progress: [String: Any] = [:]
        for _ in 0..<100 {
            progress = try h.admin.get("/api/v1/calendars/\(id)").json
            if progress["state"] as? String != "running" { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(progress["state"] as? String == "done")
        #expect(progress["done"] as? Int == 8 && progress["total"] as? Int == 8)
        let ids = progress["post_ids"] as? [Int] ?? []
        #expect(ids.count == 8)
        let posts = try ids.map { try h.admin.get("/api/v1/posts/\($0)").json["post"] as? [String: Any] ?? [:] }
        #expect(posts.allSatisfy { $0["state"] as? String == "draft" && !($0["text"] as? String ?? "").isEmpty })
        let days = Set(posts.compactMap { ($0["scheduled_at"] as? String)?.prefix(10) })
        #expect(days.count == 8 && days.allSatisfy { $0.hasPrefix("2026-12-") })
        #expect(try h.admin.post("/api/v1/calendars", ["month": "2026-13", "count": 8]).status == 422)
        // 5 to 31 posts; without a count, 8.
        for n in [4, 32] {
            let r = try h.admin.post("/api/v1/calendars", ["month": "2026-12", "count": n])
            #expect(r.status == 422 && ((r.json["error"] as? [String: Any])?["fields"] as? [String: String])?["count"]?.contains("5 to 31") == true)
        }
        let plain = try #require(try h.admin.post("/api/v1/calendars", ["month": "2027-01"]).json["id"] as? Int)
        #expect(try h.admin.get("/api/v1/calendars/\(plain)").json["total"] as? Int == 8)
    }

    @Test func aPlanMixesPostKindsAndSuggestsPicturesFromTheLibrary() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let folders = try h.admin.get("/api/v1/asset-folders").json["folders"] as? [[String: Any]] ?? []
        func folder(_ name: String) -> String { String(folders.first { $0["name"] as? String == name }?["id"] as? Int ?? 0) }
        let food = try h.upload(AssetFixtures.jpeg(width: 1080, height: 1080), name: "pasta.jpg", fields: [("folder_id", folder("Food"))]).1["id"] as? Int
        let drink = try h.upload(AssetFixtures.png(width: 1080, height: 1080), name: "spritz.png", fields: [("folder_id", folder("Drinks"))]).1["id"] as? Int
        let place = try h.upload(AssetFixtures.jpeg(width: 1350, height: 1080), name: "terrace.jpg", fields: [("folder_id", folder("Place"))]).1["id"] as? Int
        #expect(food != nil && drink != nil && place != nil)
        let id = try #require(try h.admin.post("/api/v1/calendars", ["month": "2026-12", "count": 5]).json["id"] as? Int)
        var progress: [String: Any] = [:]
        for _ in 0..<100 where progress["running"] as? Bool != false {
            progress = try h.admin.get("/api/v1/calendars/\(id)").json
            Thread.sleep(forTimeInterval: 0.03)
        }
        let posts = try (progress["post_ids"] as? [Int] ?? []).map { try h.admin.get("/api/v1/posts/\($0)").json["post"] as? [String: Any] ?? [:] }
        // Five posts, one of each kind, in plan order.
        #expect(posts.map { $0["plan_kind"] as? String ?? "" } == ["product_showcase", "promotional", "weekend_driver", "engagement_poll", "customer_appreciation"])
        // Pictures come from the folder that suits the kind, each used once in the plan; when none is left, no picture.
        #expect(posts.map { ($0["asset_ids"] as? [Int])?.first } == [food, drink, place, nil, nil])
        // The poll asks a question; the promotional one uses the promotional templates.
        #expect((posts[3]["text"] as? String ?? "").contains("Tell us in the comments"))
        let log = try h.admin.get("/api/v1/captions/log").json["entries"] as? [[String: Any]] ?? []
        #expect(log.contains { $0["tone"] as? String == "promotional" && ($0["request"] as? String)?.hasPrefix("template:promotional#") == true },
                "\(log.map { $0["request"] ?? "" })")
        #expect(CalendarService.slots(month: "2024-02", count: 29)?.count == 29)
    }
}

/// The caption log: one row per caption, with the AI exchange (never the key) or the template used.
@Suite struct CaptionLogTests {
    @Test func everyCaptionIsLoggedNewestFirst() throws {
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        let h = try PublishingHarness(configure: { c in
            c.openAIBaseURL = ai.baseURL
            c.openAIAPIKey = "sk-secret-key"
        })
        defer { h.stop() }
        h.t.app.publishing.captions.setTimeout(.milliseconds(700))
        let body: [String: Any] = ["platform": "instagram", "tone": "humorous", "topic": "sourdough"]
        #expect(try h.admin.post("/api/v1/captions", body).json["source"] as? String == "ai")
        ai.set(.status(500))
        #expect(try h.admin.post("/api/v1/captions", body).json["source"] as? String == "template")
        let log = try h.admin.get("/api/v1/captions/log")
        #expect(log.status == 200, "\(log.text)")
        let entries = log.json["entries"] as? [[String: Any]] ?? []
        #expect(entries.count == 2)
        let (failed, ok) = (entries.first ?? [:], entries.last ?? [:])
        #expect((failed["id"] as? Int ?? 0) > (ok["id"] as? Int ?? 0))
        #expect(ok["source"] as? String == "ai" && ok["topic"] as? String == "sourdough" && ok["model"] as? String != nil)
        #expect((ok["request"] as? String ?? "").contains("sourdough"))
        #expect((ok["response"] as? String ?? "").contains("Fresh from the oven"))
        #expect(failed["source"] as? String == "template" && (failed["error"] as? String ?? "").contains("500"))
        #expect((failed["request"] as? String ?? "").contains("template:humorous#"))
        #expect(!log.text.contains("sk-secret-key"))
        let page = try h.admin.get("/api/v1/captions/log?limit=1&before=\(failed["id"] as? Int ?? 0)").json["entries"] as? [[String: Any]] ?? []
        #expect(page.count == 1 && page.first?["id"] as? Int == ok["id"] as? Int)
        #expect(try h.admin.get("/api/v1/captions/log?limit=0").status == 422)
    }
}

/// The business profile (settings `business.name` / `business.description`) flows into captions.
@Suite struct CaptionBusinessTests {
    @Test func templateCaptionsCarryTheBusinessName() throws {
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        let h = try PublishingHarness(configure: { c in c.openAIBaseURL = ai.baseURL })
        defer { h.stop() }
        h.t.app.publishing.captions.setTimeout(.milliseconds(700))
        let initial = try h.admin.get("/api/v1/settings/business")
        #expect(initial.status == 200 && initial.json["name"] as? String == h.tenant.name, "\(initial.text)")
        let put = try h.admin.put("/api/v1/settings/business", ["name": "Cafe Luna Roastery", "description": "A cosy cafe by the harbour."])
        #expect(put.status == 200 && put.json["name"] as? String == "Cafe Luna Roastery", "\(put.text)")
        #expect(try h.admin.get("/api/v1/settings/business").json["description"] as? String == "A cosy cafe by the harbour.")
        #expect(try h.admin.put("/api/v1/settings/business", ["name": String(repeating: "x", count: 101), "description": ""]).status == 422)

        _ = try h.admin.post("/api/v1/captions", ["platform": "facebook", "tone": "casual", "topic": "brunch"])
        let sent = try #require(ai.requests.last)
        #expect(sent.text.contains("Cafe Luna Roastery") && sent.text.contains("cosy cafe by the harbour"))
        ai.set(.status(500))
        for tone in ["casual", "professional", "humorous", "friendly"] {
            let r = try h.admin.post("/api/v1/captions", ["platform": "instagram", "tone": tone, "topic": "brunch"])
            #expect(r.json["source"] as? String == "template")
            #expect((r.json["caption"] as? String ?? "").contains("Cafe Luna Roastery"), "\(r.text)")
        }
        let audit = try h.admin.get("/api/v1/audit?action=settings.business").json["entries"] as? [[String: Any]] ?? []
        #expect(audit.count == 1)
    }

    @Test func theTenantCanTurnAICaptionsOff() throws {
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        let h = try PublishingHarness(configure: { c in
            c.openAIBaseURL = ai.baseURL
            c.openAIModel = "llama3.1:8b"
        })
        defer { h.stop() }
        let initial = try h.admin.get("/api/v1/settings/business").json
        #expect(initial["ai_captions"] as? Bool == true && initial["ai_available"] as? Bool == true && initial["ai_model"] as? String == "llama3.1:8b")
        let off = try h.admin.put("/api/v1/settings/business", ["name": "Cafe Luna", "description": "", "ai_captions": false])
        #expect(off.status == 200 && off.json["ai_captions"] as? Bool == false, "\(off.text)")
        // Captions and a plan asking for AI both use the templates; the AI server is not called at all.
        let r = try h.admin.post("/api/v1/captions", ["platform": "instagram", "tone": "promotional", "topic": "happy hour"])
        #expect(r.json["source"] as? String == "template" && (r.json["caption"] as? String ?? "").contains("happy hour"), "\(r.text)")
        let plan = try #require(try h.admin.post("/api/v1/calendars", ["month": "2026-12", "count": 5, "use_ai": true]).json["id"] as? Int)
        var progress: [String: Any] = [:]
        for _ in 0..<100 where progress["running"] as? Bool != false {
            progress = try h.admin.get("/api/v1/calendars/\(plan)").json
            Thread.sleep(forTimeInterval: 0.03)
        }
        #expect(progress["state"] as? String == "done")
        #expect(ai.requests.isEmpty)
        // Left out of a later save, the switch means on again.
        #expect(try h.admin.put("/api/v1/settings/business", ["name": "Cafe Luna", "description": ""]).json["ai_captions"] as? Bool == true)
        #expect(try h.admin.post("/api/v1/captions", ["platform": "instagram", "tone": "casual", "topic": "brunch"]).json["source"] as? String == "ai")
        // An agent may not read or change it.
        try h.t.addUser(tenant: h.tenant, email: "agent@acme.test", role: .agent)
        #expect(try h.t.login(email: "agent@acme.test").put("/api/v1/settings/business", ["name": "x", "ai_captions": false]).status == 403)
    }
}

/// Anti-repetition: captions too close to one of the last 30 posts are replaced.
@Suite struct CaptionRepetitionTests {
    @Test func aRecentPostIsNotRepeated() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let service = h.t.app.publishing.captions
        let req = CaptionService.Request(platform: "facebook", tone: "casual", topic: "brunch", business: BusinessProfile(name: h.tenant.name, description: ""))
        let firstVariant = service.template(req, pick: 0)
        let made = try h.admin.post("/api/v1/posts", ["text": firstVariant, "draft": true])
        #expect(made.status == 201, "\(made.text)")
        #expect(CaptionService.similarity(firstVariant, firstVariant) == 1)
        for _ in 0..<8 {
            let r = try h.admin.post("/api/v1/captions", ["platform": "facebook", "tone": "casual", "topic": "brunch"])
            let caption = r.json["caption"] as? String ?? ""
            #expect(!caption.isEmpty && caption != firstVariant)
            #expect(CaptionService.similarity(caption, firstVariant) < CaptionService.repeatThreshold, "\(caption)")
            #expect(r.json["similar_to_post_id"] == nil)
        }
        // Every variant already posted: the caption comes back flagged with the post it resembles.
        let variants = Set((0..<40).map { service.template(req, pick: $0) })
        for v in variants where v != firstVariant { _ = try h.admin.post("/api/v1/posts", ["text": v, "draft": true]) }
        let r = try h.admin.post("/api/v1/captions", ["platform": "facebook", "tone": "casual", "topic": "brunch"])
        #expect(r.status == 200)
        #expect(r.json["similar_to_post_id"] as? Int != nil, "\(r.text)")
    }
}

/// Anti-repetition with an AI model: a repeat makes Parley ask once more, naming the post to avoid.
@Suite struct CaptionAIRepetitionTests {
    let repeated = "Weekend brunch is back: eggs, pancakes and our house coffee from 9 to 2. #brunch #weekend"

    func harness(_ ai: FakeOpenAI) throws -> PublishingHarness {
        let h = try PublishingHarness(configure: { c in
            c.openAIBaseURL = ai.baseURL
            c.openAIAPIKey = "sk-test"
        })
        _ = try h.admin.post("/api/v1/posts", ["text": repeated, "draft": true])
        return h
    }

    @Test func aRepeatedAIAnswerIsAskedForOnceMore() throws {
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        let h = try harness(ai)
        defer { h.stop() }
        let fresh = "Slow Sunday? Shakshuka, sourdough and a flat white on the terrace, 9 to 2. #sundayfunday"
        ai.set(.captions([repeated, fresh]))
        let r = try h.admin.post("/api/v1/captions", ["platform": "instagram", "tone": "casual", "topic": "weekend brunch"])
        #expect(r.json["source"] as? String == "ai" && r.json["caption"] as? String == fresh, "\(r.text)")
        #expect(r.json["similar_to_post_id"] == nil)
        #expect(ai.requests.count == 2)
        // The second request names the text to avoid; the first did not.
        #expect(!(ai.requests.first?.text.contains("Avoid repeating") ?? true))
        #expect(ai.requests.last?.text.contains("Avoid repeating: Weekend brunch is back") == true)
    }

    @Test func anAIThatRepeatsTwiceGivesWayToATemplate() throws {
        let ai = try FakeOpenAI()
        defer { ai.stop() }
        let h = try harness(ai)
        defer { h.stop() }
        ai.set(.captions([repeated]))
        let r = try h.admin.post("/api/v1/captions", ["platform": "instagram", "tone": "casual", "topic": "weekend brunch"])
        #expect(r.json["source"] as? String == "template", "\(r.text)")
        #expect(CaptionService.similarity(r.json["caption"] as? String ?? "", repeated) < CaptionService.repeatThreshold)
        #expect(ai.requests.count == 2)
        // The caption log keeps what happened: the retry's exchange and why the AI answer was not used.
        let log = try h.admin.get("/api/v1/captions/log").json["entries"] as? [[String: Any]] ?? []
        #expect((log.first?["error"] as? String)?.contains("repeated post") == true, "\(log.first ?? [:])")
    }
}
