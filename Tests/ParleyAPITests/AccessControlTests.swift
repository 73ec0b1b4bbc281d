import Foundation
import Testing
import ParleyAPI
import ParleyCore
import ParleyTestSupport

/// Access control end to end over HTTP (RELIABILITY.md §4, rows 12, 13, 19–21, 26).
@Suite struct AccessControlTests {
    @Test func sessionCookieHasTheRightAttributesOverHttpAndBehindHttpsProxy() throws {
        let t = try TestApp()
        defer { t.stop() }
        _ = try t.createTenant()
        let plain = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)
        let cookie = try #require(plain.loginResponse.headerValues("set-cookie").first)
        #expect(cookie.hasPrefix("parley_session="))
        for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] { #expect(cookie.contains(attr)) }
        #expect(!cookie.contains("Secure"))
        // 256-bit secret after the tenant prefix.
        let secret = try #require(plain.sessionID?.split(separator: ".").last)
        #expect(secret.count >= 43)

        // Behind a trusted proxy that says https, the cookie is __Host- and Secure.
        let r = try t.client.json("POST", "/api/v1/auth/login", ["email": "admin@acme.test", "password": TestApp.defaultPassword],
                                  headers: [("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "203.0.113.9")])
        let secure = try #require(r.headerValues("set-cookie").first)
        #expect(secure.hasPrefix("__Host-parley_session="))
        #expect(secure.contains("; Secure"))
        // A second login got a new session id (rotation; no fixation).
        #expect(secure.split(separator: ";")[0].split(separator: "=")[1] != plain.sessionID.map { Substring($0) })
        // The audit log saw the proxy's client address, not 127.0.0.1.
        let audit = try plain.get("/api/v1/audit?action=auth.login")
        let ips = (audit.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["ip"] as? String }
        #expect(ips.contains("203.0.113.9"))
    }

    @Test func csrfAndOriginAreEnforcedOnStateChanges() throws {
        let t = try TestApp()
        defer { t.stop() }
        _ = try t.createTenant()
        let s = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)
        let body = ["name": "kitchen"]
        let ok = try s.post("/api/v1/teams", body)
        #expect(ok.status == 201)
        let noToken = try t.client.json("POST", "/api/v1/teams", ["name": "a"], headers: [("Cookie", s.cookieHeader)])
        #expect(noToken.status == 403)
        #expect(noToken.errorCode == "csrf_failed")
        let wrongToken = try t.client.json("POST", "/api/v1/teams", ["name": "b"], headers: [("Cookie", s.cookieHeader), ("X-CSRF-Token", "nope")])
        #expect(wrongToken.status == 403)
        let foreign = try t.client.json("POST", "/api/v1/teams", ["name": "c"],
                                        headers: [("Cookie", s.cookieHeader), ("X-CSRF-Token", s.csrfToken), ("Origin", "https://evil.example")])
        #expect(foreign.status == 403)
        let crossSite = try t.client.json("POST", "/api/v1/teams", ["name": "d"],
                                          headers: [("Cookie", s.cookieHeader), ("X-CSRF-Token", s.csrfToken), ("Sec-Fetch-Site", "cross-site")])
        #expect(crossSite.status == 403)
        // Form bodies are not accepted on JSON routes even with the token.
        let form = try t.client.request("POST", "/api/v1/teams", headers: s.headers + [("Content-Type", "application/x-www-form-urlencoded")],
                                        body: Array("name=e".utf8))
        #expect(form.status == 415)
        // Login itself refuses a cross-site form post.
        let loginCSRF = try t.client.json("POST", "/api/v1/auth/login", ["email": "admin@acme.test", "password": TestApp.defaultPassword],
                                          headers: [("Origin", "https://evil.example")])
        #expect(loginCSRF.status == 403)
        // Only the first team exists.
        let teams = try s.get("/api/v1/teams").json["teams"] as? [[String: Any]] ?? []
        #expect(teams.count == 1)
        // Bearer tokens need no CSRF token (browsers never attach them on their own).
        let bearer = try s.createToken()
        #expect(try bearer.post("/api/v1/teams", ["name": "via-token"]).status == 201)
        // …but cannot mint more tokens.
        #expect(try bearer.post("/api/v1/tokens", ["name": "more"]).status == 403)
    }

    @Test func sessionsDieOnLogoutDisableAndPasswordChange() throws {
        let t = try TestApp()
        defer { t.stop() }
        let tenant = try t.createTenant().tenant
        _ = try t.addUser(tenant: tenant, email: "agent@acme.test", role: .agent)
        let admin = try APISession.login(client: t.client, email: "admin@acme.test", password: TestApp.defaultPassword)

        let a1 = try APISession.login(client: t.client, email: "agent@acme.test", password: TestApp.defaultPassword)
        #expect(try a1.get("/api/v1/auth/me").status == 200)
        #expect(try a1.post("/api/v1/auth/logout").status == 204)
        #expect(try a1.get("/api/v1/auth/me").status == 401)

        let a2 = try APISession.login(client: t.client, email: "agent@acme.test", password: TestApp.defaultPassword)
        let users = try admin.get("/api/v1/users").json["users"] as? [[String: Any]] ?? []
        let agentID = try #require(users.first { $0["email"] as? String == "agent@acme.test" }?["id"] as? Int)
        #expect(try admin.patch("/api/v1/users/\(agentID)", ["active": false]).status == 200)
        #expect(try a2.get("/api/v1/auth/me").status == 401)
        #expect(throws: (any Error).self) { _ = try APISession.login(client: t.client, email: "agent@acme.test", password: TestApp.defaultPassword) }
        #expect(try admin.patch("/api/v1/users/\(agentID)", ["active": true]).status == 200)

        let a3 = try APISession.login(client: t.client, email: "agent@acme.test", password: TestApp.defaultPassword)
        let other = try APISession.login(client: t.client, email: "agent@acme.test", password: TestApp.defaultPassword)
        let change = try a3.post("/api/v1/auth/password", ["current_password": TestApp.defaultPassword, "new_password": "a much better passphrase"])
        #expect(change.status == 204)
        #expect(try other.get("/api/v1/auth/me").status == 401)
        #expect(try a3.get("/api/v1/auth/me").status == 401)
        _ = try APISession.login(client: t.client, email: "agent@acme.test", password: "a much better passphrase")

        // The last admin cannot be disabled or demoted.
        let me = try #require(admin.get("/api/v1/auth/me").json["user"] as? [String: Any])
        let adminID = try #require(me["id"] as? Int)
        let demote = try admin.patch("/api/v1/users/\(adminID)", ["role": "agent"])
        #expect(demote.status == 409)
    }

    @Test func bruteForceIsThrottledAndUnknownUsersLookLikeWrongPasswords() throws {
        let t = try TestApp()
        defer { t.stop() }
        _ = try t.createTenant()
        let unknown = try t.client.json("POST", "/api/v1/auth/login", ["email": "nobody@acme.test", "password": "whatever password"])
        let wrong = try t.client.json("POST", "/api/v1/auth/login", ["email": "admin@acme.test", "password": "whatever password"])
        #expect(unknown.status == 401)
        #expect(unknown.status == wrong.status)
        #expect(unknown.text == wrong.text)
        // Four more failures reach the free limit of five; the next attempt is refused even with the right password.
        for _ in 0..<4 { _ = try t.client.json("POST", "/api/v1/auth/login", ["email": "admin@acme.test", "password": "still wrong pw"]) }
        let locked = try t.client.json("POST", "/api/v1/auth/login", ["email": "admin@acme.test", "password": TestApp.defaultPassword])
        #expect(locked.status == 429)
        #expect(Int(locked.header("retry-after") ?? "") ?? 0 >= 1)
        #expect(locked.errorCode == "rate_limited")
        // Failed logins are audited (the audit row names the e-mail tried, never the password).
        let db = try t.core.tenants.database(1)
        let rows = try AuditLog(db: db).entries({ var f = AuditLog.Filter(); f.action = "auth.login"; f.result = "failed"; return f }())
        #expect(rows.count >= 5)
        #expect(!rows.contains { $0.details.contains("wrong") })
    }

    @Test func tenantsCannotReachEachOthersData() throws {
        let t = try TestApp()
        defer { t.stop() }
        _ = try t.createTenant(slug: "alpha", name: "Alpha", adminEmail: "a@alpha.test")
        let beta = try t.createTenant(slug: "beta", name: "Beta", adminEmail: "b@beta.test").tenant
        _ = try t.addUser(tenant: beta, email: "agent@beta.test", role: .agent)
        let a = try APISession.login(client: t.client, email: "a@alpha.test", password: TestApp.defaultPassword, tenant: "alpha")
        let b = try APISession.login(client: t.client, email: "b@beta.test", password: TestApp.defaultPassword, tenant: "beta")
        let teamB = try #require(b.post("/api/v1/teams", ["name": "beta-team"]).json["team"] as? [String: Any])
        let teamID = try #require(teamB["id"] as? Int)
        let tokenB = try b.createToken(name: "beta-token")
        let betaUsers = try b.get("/api/v1/users").json["users"] as? [[String: Any]] ?? []
        let betaAgent = try #require(betaUsers.first { $0["email"] as? String == "agent@beta.test" }?["id"] as? Int)

        // Alpha's admin uses Beta's ids: every answer is 404 (or an empty list), nothing changes.
        #expect(try a.patch("/api/v1/teams/\(teamID)", ["name": "stolen"]).status == 404)
        #expect(try a.delete("/api/v1/teams/\(teamID)").status == 404)
        let guessedUser = try a.patch("/api/v1/users/\(betaAgent + 1000)", ["role": "admin"])
        #expect(guessedUser.status == 404)
        #expect(try a.get("/api/v1/conversations/1").status == 404)
        let tokens = try a.get("/api/v1/tokens").json["tokens"] as? [[String: Any]] ?? []
        #expect(tokens.isEmpty)
        // A tenant field on an authenticated call is ignored: the session decides.
        let list = try a.get("/api/v1/teams?tenant=beta").json["teams"] as? [[String: Any]] ?? []
        #expect(list.isEmpty)
        // Beta's token cannot be turned into Alpha access by changing the tenant prefix.
        let forged = BearerClient(token: tokenB.token.replacingOccurrences(of: "pt_2_", with: "pt_1_"), client: t.client)
        #expect(try forged.get("/api/v1/auth/me").status == 401)
        // Beta is unchanged.
        let after = try b.get("/api/v1/teams").json["teams"] as? [[String: Any]] ?? []
        #expect(after.first?["name"] as? String == "beta-team")
    }

    /// Every API route × every role: no unexpected 2xx (RELIABILITY.md row 13); anonymous callers get 401.
    @Test func roleMatrixHasNoUnexpectedSuccess() throws {
        let t = try TestApp()
        defer { t.stop() }
        let tenant = try t.createTenant().tenant
        for role in [Role.manager, .agent, .viewer] { _ = try t.addUser(tenant: tenant, email: "\(role.rawValue)@acme.test", role: role) }
        // Routes any signed-in user may call successfully (reads of shared lists, own session and tokens).
        let openToAll: Set<String> = [
            "GET /api/v1/auth/me", "POST /api/v1/auth/logout", "POST /api/v1/auth/password", "GET /api/v1/users", "GET /api/v1/users/{id}",
            "GET /api/v1/teams", "POST /api/v1/tokens", "GET /api/v1/tokens", "DELETE /api/v1/tokens/{id}", "GET /api/v1/conversations",
            "GET /api/v1/events", "GET /api/v1/channels", "GET /api/v1/contacts", "GET /api/v1/locations", "GET /api/v1/search",
            "GET /api/v1/assets", "GET /api/v1/asset-folders", "GET /api/v1/posts", "GET /api/v1/labels", "GET /api/v1/canned-responses",
        ]
        let apiRoutes = t.app.routes.filter { $0.pattern.hasPrefix("/api/v1/") && $0.pattern != "/api/v1/auth/login" && $0.pattern != "/api/v1/openapi.json" }
        #expect(apiRoutes.count >= 20)
        for route in apiRoutes {
            let path = route.pattern.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{section}", with: "x")
            // SSE would stay open; its authorisation is the same require() as the list.
            if route.pattern == "/api/v1/events" { continue }
            let anon = try t.client.request(route.method, path, headers: [("Content-Type", "application/json")])
            #expect(anon.status == 401, "anonymous \(route.method) \(route.pattern) → \(anon.status)")
        }
        for role in [Role.viewer, .agent] {
            let s = try APISession.login(client: t.client, email: "\(role.rawValue)@acme.test", password: TestApp.defaultPassword)
            for route in apiRoutes where route.pattern != "/api/v1/events" && route.pattern != "/api/v1/auth/logout" && route.pattern != "/api/v1/auth/password" {
                let key = "\(route.method) \(route.pattern)"
                let path = route.pattern.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{section}", with: "x")
                let r: RawResponse
                switch route.method {
                case "GET": r = try s.get(path)
                case "DELETE": r = try s.delete(path)
                case "PATCH": r = try s.patch(path, ["name": "x"])
                case "PUT": r = try s.put(path, ["user_ids": [], "team_ids": []])
                default: r = try s.post(path, ["name": "x", "text": "x", "email": "n@acme.test", "role": "admin", "password": "long enough password"])
                }
                if (200..<300).contains(r.status) {
                    let allowed = openToAll.contains(key) || (role == .agent && key.contains("/conversations/"))
                    #expect(allowed, "\(role) got \(r.status) on \(key)")
                }
            }
        }
        // Denials are audited.
        let db = try t.core.tenants.database(tenant.id)
        var f = AuditLog.Filter()
        f.action = "access.denied"
        #expect(try AuditLog(db: db).entries(f).count > 0)
    }
}
