// Failures that must surface as typed errors, quickly, without leaking credentials.
import Foundation
import Testing
@testable import ParleyHTTPClient

@Suite struct HTTPClientFailureTests {
    let server: TestServer
    let client = HTTPClient(configuration: .init(connectTimeout: .seconds(2), totalTimeout: .seconds(10),
                                                 maxResponseBytes: 1024 * 1024))

    init() throws { server = try TestServer() }

    @Test func timeoutFiresAndMapsToTimeout() {
        let request = HTTPClientRequest.get(server.baseURL + "/slow", query: [("ms", "3000")]).timeout(.seconds(1))
        let (error, seconds) = timed { failure(client, request) }
        #expect(error?.kind == .timeout)
        #expect(error?.isRetryable == true)
        #expect(seconds >= 0.9 && seconds < 2.5)
    }

    @Test func connectionRefusedFailsFast() {
        let (error, seconds) = timed { failure(client, .get("http://127.0.0.1:\(closedPort())/echo")) }
        #expect(error?.kind == .connectionFailed)
        #expect(seconds < 1)
    }

    @Test func httpsToAPlainHTTPPortIsATLSError() {
        let url = "https://127.0.0.1:\(server.port)/echo"
        let (error, seconds) = timed { failure(client, .get(url)) }
        #expect(error?.kind == .tls)
        #expect(seconds < 3)
    }

    @Test func responseSizeLimitIsEnforced() throws {
        let exact = try client.send(.get(server.baseURL + "/huge", query: [("bytes", "\(1024 * 1024)")]))
        #expect(exact.body.count == 1024 * 1024)
        let announced = failure(client, .get(server.baseURL + "/huge", query: [("bytes", "2000000")]))
        #expect(announced?.kind == .tooLarge)
        let streamed = failure(client, .get(server.baseURL + "/huge", query: [("bytes", "2000000"), ("chunked", "1")]))
        #expect(streamed?.kind == .tooLarge)
        #expect(streamed?.description.contains("1048576") == true)
    }

    @Test func droppedConnectionIsATransportError() {
        let error = failure(client, .get(server.baseURL + "/close"))
        #expect(error?.kind == .transport(code: 52))
        #expect(error?.isRetryable == true)
    }

    @Test func badRequestsAreRefusedBeforeSending() {
        #expect(failure(client, .get("ftp://127.0.0.1/x"))?.kind == .invalidURL)
        #expect(failure(client, .get("file:///etc/passwd"))?.kind == .invalidURL)
        #expect(failure(client, .get("http://127.0.0.1/a b"))?.kind == .invalidURL)
        #expect(failure(client, .get("not a url"))?.kind == .invalidURL)
        let injected = HTTPClientRequest.get(server.baseURL + "/echo").header("X-Note", "a\r\nX-Evil: 1")
        #expect(failure(client, injected)?.kind == .invalidRequest)
        #expect(failure(client, HTTPClientRequest(method: "get me", url: server.baseURL))?.kind == .invalidRequest)
        let missing = HTTPClientRequest.postMultipart(server.baseURL + "/multipart", fields: [],
            files: [MultipartFile(name: "f", filename: "f", filePath: "/nonexistent/\(UUID().uuidString)")])
        #expect(failure(client, missing)?.kind == .invalidRequest)
        #expect(server.acceptedConnections == 0)
    }

    @Test func errorDescriptionsNeverContainTokens() throws {
        let port = closedPort()
        let graph = HTTPClientRequest.get("http://127.0.0.1:\(port)/v19.0/me",
                                          query: [("fields", "id"), ("access_token", "EAABsecretTOKEN")])
            .bearer("sk-bearer-SECRET")
        let graphError = try #require(failure(client, graph))
        let telegram = HTTPClientRequest.get("http://127.0.0.1:\(port)/bot123456:AAEsecretBOT/getMe")
        let telegramError = try #require(failure(client, telegram))
        for error in [graphError, telegramError] {
            let text = error.description + error.message + (error.url ?? "") + String(describing: error)
            #expect(!text.contains("EAABsecretTOKEN"))
            #expect(!text.contains("sk-bearer-SECRET"))
            #expect(!text.contains("AAEsecretBOT"))
            #expect(text.contains("<redacted>"))
        }
        #expect(graphError.description.contains("fields=id"))
    }
}
