import Foundation
import Testing
@testable import ParleyWeb

/// The embedded web bundle against the files on disk, and the rules the pages must follow.
@Suite struct WebAssetsTests {
    /// The repository root, found from this file's path (Tests/ParleyAPITests/WebAssetsTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Every regular, non-hidden file under `dir`, as paths relative to it.
    static func files(under dir: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: dir).filter { path in
            var isDir: ObjCBool = false
            return !path.split(separator: "/").contains { $0.hasPrefix(".") }
                && FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }

    /// The on-disk files as embedded paths (`resources/` for Resources/), with their bytes.
    static func diskBundle() throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for path in try files(under: root + "/web") {
            out[path] = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/web/" + path)))
        }
        for path in try files(under: root + "/Resources") {
            out["resources/" + path] = try [UInt8](Data(contentsOf: URL(fileURLWithPath: root + "/Resources/" + path)))
        }
        return out
    }

    @Test func everyFileOnDiskIsEmbeddedWithIdenticalBytes() throws {
        let disk = try Self.diskBundle()
        let embedded = WebAssets.embedded.raw
        #expect(disk.count > 10)
        for (path, bytes) in disk {
            let asset = try #require(embedded[path], "\(path) is not embedded: run sh Sources/CParleyWeb/generate.sh")
            // Compared through a flag so a mismatch reports the path, not two byte dumps.
            let same = asset.byteArray == bytes
            #expect(same, "\(path) differs from the embedded copy (\(asset.bytes.count) vs \(bytes.count) bytes): rebuild")
            #expect(!bytes.isEmpty, "\(path) is empty; #embed would store 1 byte")
        }
        #expect(Set(embedded.keys) == Set(disk.keys), "embedded table lists files that are gone: run generate.sh")
        #expect(WebAssets.embedded.paths == disk.keys.sorted())
    }

    @Test(arguments: [
        ("login.html", "text/html; charset=utf-8"), ("css/app.css", "text/css; charset=utf-8"),
        ("js/app.js", "text/javascript; charset=utf-8"), ("x/y.MJS", "text/javascript; charset=utf-8"),
        ("a.json", "application/json"), ("img/logo.svg", "image/svg+xml"), ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"), ("a.JPEG", "image/jpeg"), ("a.gif", "image/gif"), ("a.webp", "image/webp"),
        ("favicon.ico", "image/x-icon"), ("f.woff2", "font/woff2"), ("README.md", "text/plain; charset=utf-8"),
        ("a.txt", "text/plain; charset=utf-8"), ("site.webmanifest", "application/manifest+json"),
        ("binary", "application/octet-stream"), (".hidden", "application/octet-stream"),
        ("dir.d/noext", "application/octet-stream"), ("a.exe", "application/octet-stream"),
    ])
    func contentTypeFollowsTheExtension(path: String, expected: String) {
        #expect(WebAssets.contentType(forPath: path) == expected)
    }

    @Test func embeddedAssetsCarryTypeAndETag() throws {
        let css = try #require(WebAssets.embedded.asset("/css/app.css"))
        #expect(css.contentType == "text/css; charset=utf-8")
        #expect(css.etag.count == 22 && css.etag.hasPrefix("\"") && css.etag.hasSuffix("\""))
        #expect(css.etag != WebAssets.embedded.asset("js/app.js")?.etag)
        #expect(WebAssets.embedded.asset("nope.css") == nil)
        #expect(WebAssets.embedded.resource("README.md") != nil)
    }

    @Test func versionIsTwelveHexDigitsAndStable() {
        let version = WebAssets.embedded.version
        #expect(version.count == 12)
        #expect(version.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(WebAssets.version(of: WebAssets.embedded.raw) == version)
    }

    @Test func versionChangesWithAnyPathOrByte() throws {
        var changed = WebAssets.embedded.raw
        let base = WebAssets.version(of: changed)
        changed["extra.txt"] = WebAsset(path: "extra.txt", content: [1])
        #expect(WebAssets.version(of: changed) != base)
        changed["extra.txt"] = WebAsset(path: "extra.txt", content: [2])
        let second = WebAssets.version(of: changed)
        #expect(second != base)
        changed["extra.txt"] = WebAsset(path: "extra.txt", content: [2])
        #expect(WebAssets.version(of: changed) == second)
    }

    @Test(arguments: ["login", "app", "index.html"])
    func pagesPointAtTheCurrentVersion(name: String) throws {
        let web = WebAssets.embedded
        let html = String(decoding: try #require(web.page(name)), as: UTF8.self)
        #expect(!html.contains("/assets/_/"))
        #expect(html.contains("/assets/\(web.version)/css/app.css"))
        let file = name.hasSuffix(".html") ? name : name + ".html"
        let source = String(decoding: try #require(web.raw[file]).byteArray, as: UTF8.self)
        let placeholders = source.components(separatedBy: "/assets/_/").count - 1
        #expect(placeholders > 0)
        #expect(html.components(separatedBy: "/assets/\(web.version)/").count - 1 == placeholders)
        #expect(web.pageAsset(name)?.etag != web.raw[file]?.etag)
    }

    @Test func rewriteHandlesEdgesOfTheBuffer() {
        let input = Array("/assets/_/a /assets/_ /assets/_/".utf8)
        let out = input.withUnsafeBytes { WebAssets.rewrite($0, version: "v1") }
        #expect(String(decoding: out, as: UTF8.self) == "/assets/v1/a /assets/_ /assets/v1/")
    }

    @Test func htmlHasNoInlineScriptStyleOrHandlers() throws {
        let htmlFiles = try Self.files(under: Self.root + "/web").filter { $0.hasSuffix(".html") }
        #expect(htmlFiles.count >= 3)
        // The CSP is script-src 'self'; style-src 'self': inline code would be blocked in the browser.
        let inlineScript = try Regex(#"<script\b[^>]*>\s*[^<\s]"#).ignoresCase()
        let scriptWithoutSrc = try Regex(#"<script\b(?![^>]*\bsrc=)[^>]*>"#).ignoresCase()
        let styleAttribute = try Regex(#"<[^>]*\sstyle\s*="#).ignoresCase()
        let handler = try Regex(#"<[^>]*\son[a-z]+\s*="#).ignoresCase()
        let javascriptURL = try Regex(#"(href|src|action)\s*=\s*["']?\s*javascript:"#).ignoresCase()
        for file in htmlFiles {
            let html = try String(contentsOfFile: Self.root + "/web/" + file, encoding: .utf8)
            #expect(!html.contains(inlineScript), "\(file): inline <script> body")
            #expect(!html.contains(scriptWithoutSrc), "\(file): <script> without src")
            #expect(!html.lowercased().contains("<style"), "\(file): <style> element")
            #expect(!html.contains(styleAttribute), "\(file): style= attribute")
            #expect(!html.contains(handler), "\(file): on*= handler attribute")
            #expect(!html.contains(javascriptURL), "\(file): javascript: URL")
        }
    }

    @Test func scriptsNeverInjectMarkup() throws {
        let scripts = try Self.files(under: Self.root + "/web").filter { $0.hasSuffix(".js") }
        #expect(scripts.contains("js/api.js") && scripts.contains("js/views/settings.js"))
        for file in scripts {
            let js = try String(contentsOfFile: Self.root + "/web/" + file, encoding: .utf8)
            for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!js.contains(sink), "\(file) uses \(sink); build nodes and set textContent instead")
            }
            // CSSOM assignments are allowed by the CSP; only validated data colours (labels) may use them.
            let styleUses = js.components(separatedBy: ".style.").count - 1
            let colourUses = js.components(separatedBy: ".style.backgroundColor = color").count - 1
            #expect(styleUses == colourUses, "\(file) sets inline styles; use a class")
            #expect(!js.contains("cssText") && !js.contains("setAttribute('style'"), "\(file) writes a style attribute")
        }
    }

    @Test func developmentModeReadsTheDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-web-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/css", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("<link href=\"/assets/_/css/a.css\">".utf8).write(to: URL(fileURLWithPath: dir + "/p.html"))
        try Data("a{}".utf8).write(to: URL(fileURLWithPath: dir + "/css/a.css"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: dir + "/.env"))
        let web = WebAssets(directory: dir + "/")
        #expect(web.isDevelopment && !WebAssets.embedded.isDevelopment)
        #expect(web.paths.contains("css/a.css") && web.paths.contains("p.html") && !web.paths.contains(".env"))
        #expect(web.paths.contains("resources/README.md"))
        let first = web.version
        #expect(first.count == 12 && first != WebAssets.embedded.version)
        #expect(String(decoding: try #require(web.page("p")), as: UTF8.self) == "<link href=\"/assets/\(first)/css/a.css\">")
        let before = try #require(web.asset("css/a.css"))

        try Data("a{color:red}".utf8).write(to: URL(fileURLWithPath: dir + "/css/a.css"))
        #expect(web.version != first)
        #expect(web.asset("css/a.css")?.byteArray == Array("a{color:red}".utf8))
        #expect(before.byteArray == Array("a{}".utf8), "bytes handed out earlier stay valid and unchanged")
        #expect(web.asset("css/a.css")?.bytes.baseAddress == web.asset("css/a.css")?.bytes.baseAddress)

        for bad in [".env", "../etc/passwd", "css/../p.html", "css//a.css", "", "css\\a.css", "css"] {
            #expect(web.asset(bad) == nil, "\(bad) must not be served")
        }
    }
}
