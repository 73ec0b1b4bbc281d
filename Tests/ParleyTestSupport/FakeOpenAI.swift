import Foundation
import Synchronization

/// A tiny OpenAI-compatible `/v1/chat/completions` server for caption tests, with switchable failure answers.
public final class FakeOpenAI: Sendable {
    /// How the next requests are answered.
    public enum Mode: Sendable {
        /// 200 with this caption.
        case caption(String)
        /// An error status with an OpenAI-style error body.
        case status(Int)
        /// Wait, then answer with a caption (for client timeouts).
        case slow(seconds: Double)
        /// 200 with a body that is not a chat completion.
        case garbage
        /// 200 with these captions in turn, one per request (the last one repeats).
        case captions([String])
    }

    private let stub: StubServer

    /// Starts on a free port.
    public init() throws {
        let box = ModeBox()
        stub = try StubServer(["POST /v1/chat/completions": { req in box.answer(req) }])
        self.box = box
    }
    private let box: ModeBox

    /// Base URL to put in OPENAI_BASE_URL.
    public var baseURL: String { stub.baseURL + "/v1" }

    /// Changes how requests are answered.
    public func set(_ m: Mode) {
        box.mode.withLock { $0 = m }
        box.served.withLock { $0 = 0 }
    }

    /// Requests received.
    public var requests: [StubRequest] { stub.requests }

    /// Stops the server.
    public func stop() { stub.stop() }
}

/// Shared state between the server's handler and the test.
final class ModeBox: Sendable {
    let mode = Mutex<FakeOpenAI.Mode>(.caption("Fresh from the oven! #bread"))
    let served = Mutex(0)

    func answer(_ req: StubRequest) -> StubResponse {
        guard req.header("Content-Type")?.hasPrefix("application/json") == true,
              let obj = (try? JSONSerialization.jsonObject(with: Data(req.body))) as? [String: Any], obj["messages"] is [Any] else {
            return .json("{\"error\":{\"message\":\"bad request\"}}", status: 400)
        }
        switch mode.withLock({ $0 }) {
        case .caption(let text):
            return Self.completion(text)
        case .status(let code):
            return .json("{\"error\":{\"message\":\"fake error \(code)\",\"type\":\"fake\"}}", status: code)
        case .slow(let seconds):
            Thread.sleep(forTimeInterval: seconds)
            return Self.completion("too late")
        case .garbage:
            return .json("{\"object\":\"list\",\"data\":[]}")
        case .captions(let list):
            let n = served.withLock { n in defer { n += 1 }; return n }
            return Self.completion(list.isEmpty ? "" : list[min(n, list.count - 1)])
        }
    }

    static func completion(_ text: String) -> StubResponse {
        let body: [String: Any] = ["id": "chatcmpl-1", "object": "chat.completion", "model": "fake",
                                   "choices": [["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": text]]]]
        let data = (try? JSONSerialization.data(withJSONObject: body)) ?? Data()
        return StubResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(data))
    }
}
