// Pure unit tests: percent-encoding, request builders and redaction (no network).
import Foundation
import Testing
@testable import ParleyHTTPClient

@Suite struct PercentEncodingTests {
    @Test func keepsOnlyUnreservedCharacters() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("a b&c=d+e/f?g#h%") == "a%20b%26c%3Dd%2Be%2Ff%3Fg%23h%25")
        #expect(PercentEncoding.encode("zürich 🙂") == "z%C3%BCrich%20%F0%9F%99%82")
        #expect(PercentEncoding.encode("") == "")
    }

    @Test func appendsQueryRespectingExistingQueryAndFragment() {
        #expect(PercentEncoding.appendQuery([("a", "1")], to: "https://x/p") == "https://x/p?a=1")
        #expect(PercentEncoding.appendQuery([("a", "1")], to: "https://x/p?b=2") == "https://x/p?b=2&a=1")
        #expect(PercentEncoding.appendQuery([("a", "1")], to: "https://x/p?") == "https://x/p?a=1")
        #expect(PercentEncoding.appendQuery([("a", "1")], to: "https://x/p#frag") == "https://x/p?a=1#frag")
        #expect(PercentEncoding.appendQuery([], to: "https://x/p") == "https://x/p")
    }

    @Test func formBodyIsEncodedPairs() {
        let request = HTTPClientRequest.postForm("https://x/oauth", [("grant type", "a&b"), ("code", "é=")])
        #expect(request.body.map { String(decoding: $0, as: UTF8.self) } == "grant%20type=a%26b&code=%C3%A9%3D")
        #expect(request.headers.last(named: "content-type") == "application/x-www-form-urlencoded")
    }

    @Test func jsonBuilderEncodesAndSetsContentType() throws {
        let request = try HTTPClientRequest.postJSON("https://x/m", ["text": "hi"])
        #expect(request.method == "POST")
        #expect(request.body == Array(#"{"text":"hi"}"#.utf8))
        #expect(request.headers.last(named: "Content-Type") == "application/json")
    }
}

@Suite struct RedactionTests {
    @Test(arguments: [
        ("https://graph.facebook.com/v19.0/me?access_token=EAAB123&fields=id",
         "https://graph.facebook.com/v19.0/me?access_token=<redacted>&fields=id"),
        ("GET /x?fields=id&appsecret_proof=abc123 failed", "GET /x?fields=id&appsecret_proof=<redacted> failed"),
        ("client_secret=s3cr3t&client_id=42", "client_secret=<redacted>&client_id=42"),
        ("https://api.telegram.org/bot123456:AAE-xyz_987/sendMessage", "https://api.telegram.org/bot<redacted>/sendMessage"),
        ("Authorization: Bearer sk-live-abc.def", "Authorization: Bearer <redacted>"),
        ("code=AQD9x&state=s", "code=<redacted>&state=s"),
        ("the bot answered; nothing secret here", "the bot answered; nothing secret here"),
        ("https://example.com/robots.txt?page=2", "https://example.com/robots.txt?page=2"),
    ])
    func hidesCredentials(input: String, expected: String) {
        #expect(Redaction.redact(input) == expected)
    }

    @Test func requestAndHeaderDescriptionsAreRedacted() {
        let request = HTTPClientRequest.get("https://graph.facebook.com/me", query: [("access_token", "EAABsecret")])
            .bearer("sk-secret")
        #expect(request.description == "GET https://graph.facebook.com/me?access_token=<redacted>")
        #expect(!request.headers.description.contains("sk-secret"))
    }

    @Test func errorsRedactMessageAndURL() {
        let error = HTTPClientError(.timeout, "while sending access_token=EAABsecret", method: "GET",
                                    url: "https://graph.facebook.com/me?access_token=EAABsecret")
        #expect(!error.description.contains("EAABsecret"))
        #expect(error.description.hasPrefix("GET https://graph.facebook.com/me?access_token=<redacted>: timed out"))
        #expect(error.isRetryable)
        #expect(!HTTPClientError.tooLarge.isRetryable)
    }
}
