import Foundation
import Testing
import ParleyHTTP
import ParleyTestSupport

@Suite struct RoutingTests {
    @Test func routesParametersAndEnvelopes() throws {
        try withServer({ r in
            r.add("GET", "/items/{id}") { req in .text("item \(try req.parameter("id"))") }
            r.add("GET", "/files/{rest...}") { req in .text(try req.parameter("rest")) }
            r.add("POST", "/items") { req in
                let e = try req.decodeJSON(Echo.self)
                return try .json(Echo(name: e.name.uppercased(), count: e.count + 1), status: 201)
            }
            r.add("GET", "/boom") { _ in throw POSIXError(.EIO) }
        }) { _, c in
            let ok = try c.request("GET", "/items/42")
            #expect(ok.status == 200)
            #expect(ok.text == "item 42")
            #expect(try c.request("GET", "/files/a/b/c.css").text == "a/b/c.css")

            let missing = try c.request("GET", "/nope")
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not_found")
            #expect(missing.header("content-type") == "application/json")

            let wrongMethod = try c.request("DELETE", "/items/1")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.header("allow") == "GET")

            let created = try c.json("POST", "/items", ["name": "tea", "count": 1])
            #expect(created.status == 201)
            #expect(created.json["name"] as? String == "TEA")
            #expect(created.json["count"] as? Int == 2)

            let head = try c.request("HEAD", "/items/7")
            #expect(head.status == 200)
        }
    }

    @Test func badBodiesGetClearFourHundreds() throws {
        try withServer({ r in
            r.add("POST", "/items") { req in try .json(req.decodeJSON(Echo.self)) }
        }) { _, c in
            let broken = try c.request("POST", "/items", headers: [("Content-Type", "application/json")], body: Array("{\"name\":".utf8))
            #expect(broken.status == 400)
            #expect(broken.errorCode == "invalid_json")

            let missingField = try c.json("POST", "/items", ["name": "x"])
            #expect(missingField.status == 400)
            let message = (missingField.json["error"] as? [String: Any])?["message"] as? String
            #expect(message == "Missing field count.")

            let wrongType = try c.request("POST", "/items", headers: [("Content-Type", "text/plain")], body: Array("{}".utf8))
            #expect(wrongType.status == 415)
        }
    }

    @Test func unknownErrorsBecomeGenericFiveHundreds() throws {
        try withServer({ r in r.add("GET", "/boom") { _ in throw POSIXError(.EIO) } }) { _, c in
            let r = try c.request("GET", "/boom")
            #expect(r.status == 500)
            #expect(r.errorCode == "internal_error")
            #expect(!r.text.contains("EIO"))  // the cause is logged, never sent
        }
    }

    @Test func routerMatchesInOrderAndFallsBackFromHeadToGet() {
        var router = Router()
        router.add("GET", "/a/{x}") { _ in .noContent }
        router.add("GET", "/a/b") { _ in .noContent }
        if case .found(let route, let params) = router.match(method: "GET", path: "/a/b") {
            #expect(route.pattern == "/a/{x}")
            #expect(params["x"] == "b")
        } else {
            Issue.record("no match")
        }
        if case .notFound = router.match(method: "GET", path: "/a/b/c") {} else { Issue.record("should not match") }
        if case .found = router.match(method: "HEAD", path: "/a/z") {} else { Issue.record("HEAD should use GET") }
    }
}
