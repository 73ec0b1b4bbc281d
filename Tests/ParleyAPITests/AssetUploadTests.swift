import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// The asset library over HTTP: magic-byte checks, pixel-bomb caps, dedupe, harmless names, download headers,
/// public media URLs (RELIABILITY.md §4.7).
@Suite struct AssetUploadTests {
    @Test func jpegAndPngUploadWithDimensionsAndDedupe() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let jpeg = AssetFixtures.jpeg(width: 1080, height: 1350)
        let (r1, a1) = try h.upload(jpeg, name: "brunch.jpg", fields: [("tags", "Food, brunch"), ("description", "Sunday brunch")])
        #expect(r1.status == 201)
        #expect(a1["media_type"] as? String == "image/jpeg")
        #expect(a1["width"] as? Int == 1080 && a1["height"] as? Int == 1350)
        #expect(a1["tags"] as? [String] == ["food", "brunch"])
        let stored = try #require(a1["stored_name"] as? String)
        #expect(stored.hasSuffix(".jpg") && !stored.contains("brunch"))
        #expect(FileManager.default.fileExists(atPath: "\(h.t.dataDir)/files/\(h.tenant.id)/assets/\(stored)"))

        // Same bytes again: the existing asset, 200, no second file.
        let (r2, a2) = try h.upload(jpeg, name: "copy.jpg")
        #expect(r2.status == 200)
        #expect(a2["id"] as? Int == a1["id"] as? Int)
        let files = try FileManager.default.contentsOfDirectory(atPath: "\(h.t.dataDir)/files/\(h.tenant.id)/assets")
        #expect(files.count == 1)

        let (r3, a3) = try h.upload(AssetFixtures.png(width: 640, height: 480), name: "logo.png")
        #expect(r3.status == 201)
        #expect(a3["media_type"] as? String == "image/png" && a3["width"] as? Int == 640 && a3["height"] as? Int == 480)

        // Listing and filters.
        let all = try h.admin.get("/api/v1/assets").json["assets"] as? [[String: Any]] ?? []
        #expect(all.count == 2)
        let tagged = try h.admin.get("/api/v1/assets?tag=brunch").json["assets"] as? [[String: Any]] ?? []
        #expect(tagged.count == 1 && tagged.first?["id"] as? Int == a1["id"] as? Int)
        let searched = try h.admin.get("/api/v1/assets?q=sunday").json["assets"] as? [[String: Any]] ?? []
        #expect(searched.count == 1)
    }

    @Test func refusedContentGets415WithAClearMessage() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let svg = Array("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)
        let (r1, _) = try h.upload(svg, name: "logo.svg")
        #expect(r1.status == 415)
        #expect(r1.text.contains("SVG"))
        // JPEG magic followed by HTML: no frame header, refused.
        let polyglot: [UInt8] = [0xFF, 0xD8, 0xFF] + Array("<html><script>alert(1)</script></html>".utf8)
        #expect(try h.upload(polyglot, name: "x.jpg").0.status == 415)
        // PNG magic without an IHDR.
        let fakePNG: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("<script>alert(1)</script>".utf8)
        #expect(try h.upload(fakePNG, name: "x.png").0.status == 415)
        // A script named .jpg: wrong magic.
        let (r4, _) = try h.upload(Array("#!/bin/sh\necho hi\n".utf8), name: "run.jpg")
        #expect(r4.status == 415)
        #expect(r4.errorCode == "unsupported_media_type")
        // Pixel bombs: too wide, too many pixels.
        let (r5, _) = try h.upload(AssetFixtures.png(width: 30_000, height: 10), name: "wide.png")
        #expect(r5.status == 415 && r5.text.contains("30000"))
        #expect(try h.upload(AssetFixtures.jpeg(width: 12_000, height: 12_000), name: "bomb.jpg").0.status == 415)
        // Containers that look like MP4: a HEIC photo (its ftyp brand), a clip cut off before its movie header,
        // a box whose size points past the end, and a video track claiming 30,000 pixels a side.
        let (heic, _) = try h.upload(AssetFixtures.mp4(width: 4032, height: 3024, millis: 0, brand: "heic"), name: "IMG_0001.HEIC")
        #expect(heic.status == 415 && heic.text.contains("HEIC"))
        let cut = Array(AssetFixtures.mp4(width: 1080, height: 1920, millis: 5000).prefix(600))
        let (truncated, _) = try h.upload(cut, name: "cut.mp4")
        #expect(truncated.status == 415 && truncated.text.contains("no movie header"))
        let lying: [UInt8] = [0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8) + [0x7F, 0xFF, 0xFF, 0xFF] + Array("moov".utf8)
        #expect(try h.upload(lying, name: "lying.mp4").0.status == 415)
        let (huge, _) = try h.upload(AssetFixtures.mp4(width: 30_000, height: 1000, millis: 5000), name: "huge.mp4")
        #expect(huge.status == 415 && huge.text.contains("video is 30000"))
        // Nothing was kept.
        let dir = "\(h.t.dataDir)/files/\(h.tenant.id)/assets"
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).isEmpty)
        // The server removes the raw body file when the request completes (possibly just after the answer went out).
        var leftovers: [String] = ["?"]
        for _ in 0..<50 where !leftovers.isEmpty {
            leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: "\(h.t.dataDir)/tmp")) ?? []).filter { !$0.hasPrefix(".") }
            if !leftovers.isEmpty { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(leftovers.isEmpty)
    }

    @Test func hostileFileNamesAreHarmlessMetadata() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let names = ["../../../etc/passwd.jpg", "a\u{0}b.jpg", "invoice\u{202E}gpj.exe", "..\\..\\win.ini", "   .hidden.jpg"]
        for (i, n) in names.enumerated() {
            let (r, a) = try h.upload(AssetFixtures.jpeg(width: 100 + i, height: 100), name: n)
            #expect(r.status == 201, "\(n): \(r.text)")
            let name = a["name"] as? String ?? ""
            #expect(!name.contains("/") && !name.contains("\\") && !name.contains("\u{0}") && !name.contains("\u{202E}") && !name.contains(".."))
            #expect(!name.isEmpty)
        }
        // Every stored file sits in the tenant's asset folder with a random name.
        let stored = try FileManager.default.contentsOfDirectory(atPath: "\(h.t.dataDir)/files/\(h.tenant.id)/assets")
        #expect(stored.count == names.count)
        #expect(stored.allSatisfy { $0.range(of: "^[0-9a-f]{32}\\.jpg$", options: .regularExpression) != nil })
        #expect(!FileManager.default.fileExists(atPath: "\(h.t.dataDir)/etc/passwd.jpg"))
    }

    @Test func staffDownloadAndPublicMediaURL() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let bytes = AssetFixtures.jpeg(width: 800, height: 800)
        let (_, a) = try h.upload(bytes, name: "menü \"special\".jpg")
        let id = try #require(a["id"] as? Int)
        let d = try h.admin.get("/api/v1/assets/\(id)/file")
        #expect(d.status == 200)
        #expect(d.body == bytes)
        #expect(d.header("content-type") == "image/jpeg")
        #expect(d.header("x-content-type-options") == "nosniff")
        #expect(d.header("content-security-policy") == "default-src 'none'; sandbox")
        let cd = try #require(d.header("content-disposition"))
        #expect(cd.hasPrefix("inline; filename=\"men_ _special_.jpg\"; filename*=UTF-8''men%C3%BC%20_special_.jpg"))
        // Without a login: 401.
        #expect(try h.t.client.request("GET", "/api/v1/assets/\(id)/file").status == 401)

        // Public media URL: works without login, only for the right name, not after expiry, not when forged.
        let signer = h.t.app.publishing.signer
        let asset = try #require(try AssetStore(core: h.t.core, tenantID: h.tenant.id, db: h.t.core.tenants.database(h.tenant.id)).get(Int64(id)))
        let url = signer.url(tenantID: h.tenant.id, asset: asset)
        let path = String(url.dropFirst(h.t.baseURL.count))
        let m = try h.t.client.request("GET", path)
        #expect(m.status == 200 && m.body == bytes)
        #expect(m.header("x-content-type-options") == "nosniff" && m.header("content-security-policy") == "default-src 'none'; sandbox")
        let token = path.split(separator: "/")[1]
        #expect(try h.t.client.request("GET", "/media/\(token)/other.jpg").status == 404)
        let expired = signer.token(tenantID: h.tenant.id, assetID: Int64(id), expiresAt: Int64(Date().timeIntervalSince1970) - 1)
        #expect(try h.t.client.request("GET", "/media/\(expired)/\(asset.storedName)").status == 404)
        let otherKey = MediaURLSigner(masterKey: [UInt8](repeating: 7, count: 32), baseURL: h.t.baseURL)
        let forged = otherKey.token(tenantID: h.tenant.id, assetID: Int64(id), expiresAt: Int64(Date().timeIntervalSince1970) + 3600)
        #expect(try h.t.client.request("GET", "/media/\(forged)/\(asset.storedName)").status == 404)
        #expect(try h.t.client.request("GET", "/media/garbage/\(asset.storedName)").status == 404)
    }

    @Test func foldersNestRenameMoveAndDeleteOnlyWhenEmpty() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let folders = try h.admin.get("/api/v1/asset-folders").json["folders"] as? [[String: Any]] ?? []
        #expect(Set(folders.compactMap { $0["name"] as? String }) == ["Food", "Drinks", "Place", "Seasonal"])
        let food = try #require(folders.first { $0["name"] as? String == "Food" }?["id"] as? Int)
        let sub = try h.admin.post("/api/v1/asset-folders", ["name": "Desserts", "parent_id": food])
        #expect(sub.status == 201)
        let subID = try #require((sub.json["folder"] as? [String: Any])?["id"] as? Int)
        #expect(try h.admin.post("/api/v1/asset-folders", ["name": "desserts", "parent_id": food]).status == 409)
        // A folder cannot move into its own child.
        #expect(try h.admin.patch("/api/v1/asset-folders/\(food)", ["parent_id": subID]).status == 422)
        let renamed = try h.admin.patch("/api/v1/asset-folders/\(subID)", ["name": "Sweets", "move_to_root": true])
        #expect((renamed.json["folder"] as? [String: Any])?["name"] as? String == "Sweets")
        let (_, a) = try h.upload(AssetFixtures.jpeg(width: 10, height: 10), fields: [("folder_id", "\(subID)")])
        #expect(a["folder_id"] as? Int == subID)
        #expect(try h.admin.delete("/api/v1/asset-folders/\(subID)").status == 409)
        let aid = try #require(a["id"] as? Int)
        let moved = try h.admin.patch("/api/v1/assets/\(aid)", ["folder_id": food, "name": "Cake", "tags": ["cake"]])
        #expect((moved.json["asset"] as? [String: Any])?["folder_id"] as? Int == food)
        #expect(try h.admin.delete("/api/v1/asset-folders/\(subID)").status == 204)
        #expect(try h.admin.delete("/api/v1/assets/\(aid)").status == 204)
        #expect(try h.admin.get("/api/v1/assets/\(aid)").status == 404)
    }
}

/// A large upload streams to disk (BodyPolicy toFile) and is hashed without loading it whole.
@Suite struct AssetUploadSizeTests {
    @Test func twentyMegabyteUploadAndTheCap() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let big = AssetFixtures.jpeg(width: 4000, height: 3000, padding: 20 << 20)
        let mp = AssetFixtures.multipart(file: big, filename: "big.jpg")
        let started = Date()
        let r = try h.admin.raw("POST", "/api/v1/assets", body: mp.body, contentType: mp.contentType)
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 201, "\(r.text)")
        let asset = try #require(r.json["asset"] as? [String: Any])
        #expect(asset["size"] as? Int == big.count)
        let stored = "\(h.t.dataDir)/files/\(h.tenant.id)/assets/\(asset["stored_name"] as? String ?? "")"
        #expect(FileManager.default.contents(atPath: stored).map { [UInt8]($0) == big } == true)
        print("upload of \(big.count >> 20) MB: \(Int(seconds * 1000)) ms, \(Int(Double(big.count) / 1_048_576 / seconds)) MB/s (loopback, debug build)")
        // Over 50 MB: refused from the Content-Length alone, before any body byte is stored.
        var head = "POST /api/v1/assets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: \(mp.contentType)\r\nContent-Length: \((50 << 20) + 1)\r\n"
        for (k, v) in h.admin.headers { head += "\(k): \(v)\r\n" }
        let r2 = try h.t.client.raw(Array((head + "\r\n").utf8))
        #expect(r2.status == 413)
    }

    @Test func gifAndWebPDimensionsComeFromTheirHeaders() throws {
        let h = try PublishingHarness()
        defer { h.stop() }
        let gif: [UInt8] = Array("GIF89a".utf8) + [0x40, 0x01, 0xF0, 0x00, 0, 0, 0] + [0x3B]
        let (g, ga) = try h.upload(gif, name: "a.gif")
        #expect(g.status == 201 && ga["media_type"] as? String == "image/gif" && ga["width"] as? Int == 320 && ga["height"] as? Int == 240)
        // Extended WebP (VP8X): canvas width-1 and height-1 as 24-bit little-endian numbers.
        var webp: [UInt8] = Array("RIFF".utf8) + [30, 0, 0, 0] + Array("WEBPVP8X".utf8) + [10, 0, 0, 0] + [0, 0, 0, 0]
        webp += [0x7F, 0x07, 0x00, 0x37, 0x04, 0x00]  // 1920 x 1080
        let (w, wa) = try h.upload(webp, name: "a.webp")
        #expect(w.status == 201 && wa["media_type"] as? String == "image/webp" && wa["width"] as? Int == 1920 && wa["height"] as? Int == 1080)
        // MP4: the ftyp box, then length and picture size from moov (past the mdat), a phone's quarter turn applied.
        let (m, ma) = try h.upload(AssetFixtures.mp4(width: 1920, height: 1080, millis: 12_500, rotated: true), name: "clip.mp4")
        #expect(m.status == 201 && ma["media_type"] as? String == "video/mp4")
        #expect(ma["width"] as? Int == 1080 && ma["height"] as? Int == 1920 && ma["duration_ms"] as? Int == 12_500)
        let (v1, v1a) = try h.upload(AssetFixtures.mp4(width: 1280, height: 720, millis: 61_000, version1: true), name: "long.mp4")
        #expect(v1.status == 201 && v1a["width"] as? Int == 1280 && v1a["duration_ms"] as? Int == 61_000)
    }
}
