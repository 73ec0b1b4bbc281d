import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Health, metrics, pages, security headers, configuration errors and the OpenAPI document.
@Suite struct SystemTests {
    @Test func healthReadinessAndMetrics() throws {
        let t = try TestApp()
        defer { t.stop() }
        #expect(try t.client.request("GET", "/healthz").text == "{\"status\":\"ok\"}")
        #expect(try t.client.request("GET", "/readyz").status == 200)
        _ = try t.client.request("GET", "/nope")
        let metrics = try t.client.request("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("parley_http_requests_total{route=\"GET /healthz\",status=\"200\"} 1"))
        #expect(metrics.text.contains("parley_http_request_duration_seconds_bucket"))
        #expect(metrics.text.contains("parley_open_tenants"))
        #expect(metrics.text.contains("parley_ingest_backlog"))
    }

    @Test func everyResponseClassCarriesTheSecurityHeaders() throws {
        let t = try TestApp()
        defer { t.stop() }
        let login = try t.client.request("GET", "/login")
        #expect(login.status == 200)
        let script = try #require(login.text.range(of: #"/assets/[0-9a-f]{12}/js/[a-z]+\.js"#, options: .regularExpression).map { String(login.text[$0]) })
        let asset = try t.client.request("GET", script)
        #expect(asset.header("content-type") == "text/javascript; charset=utf-8")
        #expect(asset.header("cache-control") == "public, max-age=31536000, immutable")
        let stale = try t.client.request("GET", script.replacingOccurrences(of: #"/assets/[0-9a-f]{12}/"#, with: "/assets/000000000000/", options: .regularExpression))
        #expect(stale.status == 200)
        #expect(stale.header("cache-control") == "no-cache")
        #expect(login.header("cache-control") == "no-cache")
        for r in [login, asset, try t.client.request("GET", "/healthz"), try t.client.request("GET", "/api/v1/auth/me"), try t.client.request("GET", "/missing")] {
            let csp = r.header("content-security-policy") ?? ""
            #expect(csp.contains("default-src 'none'"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"))
            #expect(r.header("x-content-type-options") == "nosniff")
            #expect(r.header("x-frame-options") == "DENY")
            #expect(r.header("referrer-policy") != nil)
            #expect(r.header("x-request-id") != nil)
        }
        // An unauthenticated API call gets the envelope, not a stack trace.
        let me = try t.client.request("GET", "/api/v1/auth/me")
        #expect(me.status == 401)
        #expect(me.errorCode == "unauthorized")
        // "/" sends visitors to the login page.
        #expect(try t.client.request("GET", "/").header("location") == "/login")
    }

    @Test func configurationErrorsNameTheVariable() throws {
        for (name, value) in [("PARLEY_LISTEN", "8080"), ("PARLEY_PUBLIC_URL", "ftp://x"), ("PARLEY_THREADS", "-1"), ("META_GRAPH_VERSION", "23"),
                              ("PARLEY_LOG_FORMAT", "xml"), ("SMTP_PORT", "70000")] {
            do {
                _ = try Config.load(environment: [name: value])
                Issue.record("\(name)=\(value) was accepted")
            } catch let e as ConfigError {
                #expect(e.variable == name)
                #expect(e.description.contains(name))
            }
        }
        let c = try Config.load(environment: ["PARLEY_LISTEN": "127.0.0.1:9000", "META_GRAPH_URL": "http://127.0.0.1:1/"])
        #expect(c.listenPort == 9000)
        #expect(c.publicURL == "http://127.0.0.1:9000")
        #expect(c.metaGraphURL == "http://127.0.0.1:1")
        // packaging/parley.env lists every option (it is generated from the same table).
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let env = try String(contentsOf: repo.appendingPathComponent("packaging/parley.env"), encoding: .utf8)
        #expect(env == ConfigDocs.envFile())
    }

    @Test func openAPIDocumentDescribesEveryAPIRoute() throws {
        let t = try TestApp()
        defer { t.stop() }
        let doc = try t.client.request("GET", "/api/v1/openapi.json").json
        #expect(doc["openapi"] as? String == "3.1.0")
        let paths = doc["paths"] as? [String: Any] ?? [:]
        for r in t.app.routes where r.pattern.hasPrefix("/api/") {
            let ops = paths[r.pattern] as? [String: Any]
            #expect(ops?[r.method.lowercased()] != nil, "\(r.method) \(r.pattern) missing")
        }
    }
}

/// Settings → System: figures, scheduled backup settings and a manual backup.
@Suite struct SystemSettingsTests {
    @Test func systemPageBackupsAndExportImport() throws {
        let t = try TestApp()
        defer { t.stop() }
        _ = try t.createTenant()
        let admin = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)
        let page = try admin.get("/api/v1/system").json
        let system = try #require(page["system"] as? [String: Any])
        #expect(system["version"] as? String == ParleyInfo.version)
        #expect((system["tenant_data_bytes"] as? Int ?? 0) > 0)
        let backups = try #require(page["backups"] as? [String: Any])
        #expect((backups["settings"] as? [String: Any])?["keep"] as? Int == 7)
        #expect(try admin.put("/api/v1/system/backups", ["enabled": true, "interval_hours": 0, "keep": 3]).status == 422)
        #expect(try admin.put("/api/v1/system/backups", ["enabled": true, "interval_hours": 12, "keep": 3]).status == 200)
        let run = try admin.post("/api/v1/system/backups/run")
        #expect(run.status == 201)
        let last = try #require(run.json["last"] as? [String: Any])
        #expect(last["ok"] as? Bool == true)
        let archive = try #require(last["archive"] as? String)
        #expect(FileManager.default.fileExists(atPath: t.dataDir + "/backups/" + archive))
        let after = try admin.get("/api/v1/system").json["backups"] as? [String: Any]
        #expect((after?["last"] as? [String: Any])?["archive"] as? String == archive)
        #expect((after?["settings"] as? [String: Any])?["interval_hours"] as? Int == 12)
        // A second business turns the server-wide controls off for tenant admins.
        _ = try t.createTenant(slug: "other", name: "Other", adminEmail: "o@other.test")
        #expect(try admin.get("/api/v1/system").json["backups"] == nil)
        #expect(try admin.post("/api/v1/system/backups/run").status == 403)
        let metrics = try t.client.request("GET", "/metrics").text
        #expect(metrics.contains("parley_scheduler_lag_seconds"))
        #expect(metrics.contains("parley_last_webhook_age_seconds"))
    }
}
