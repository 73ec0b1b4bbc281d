import FoundationEssentials
import ParleyCrypto
import ParleyHTTPClient

/// Calls the Graph API with a page/system-user token, adding appsecret_proof, and turns errors into GraphError.
public struct GraphClient: Sendable {
    let http: HTTPClient
    /// Base URL, e.g. https://graph.facebook.com (a local fake in tests).
    public let baseURL: String
    /// Version path segment, e.g. v23.0.
    public let version: String
    let appSecret: String

    /// Creates a client from the configuration.
    public init(config: Config, http: HTTPClient) {
        self.http = http
        self.baseURL = config.metaGraphURL
        self.version = config.metaGraphVersion
        self.appSecret = config.metaAppSecret
    }

    /// `https://graph…/vXX.0/<path>`
    public func url(_ path: String) -> String { "\(baseURL)/\(version)/\(path)" }

    /// appsecret_proof = hex HMAC-SHA256(key: app secret, message: token): a leaked token alone is then useless.
    func proof(_ token: String) -> [(String, String)] {
        appSecret.isEmpty ? [] : [("appsecret_proof", HMACSHA256.hex(key: Array(appSecret.utf8), message: Array(token.utf8)))]
    }

    /// POSTs JSON with the token; returns the decoded success body.
    public func postJSON<Body: Encodable, Out: Decodable>(_ path: String, token: String, body: Body, as: Out.Type) throws(GraphError) -> Out {
        let target = PercentEncoding.appendQuery([("access_token", token)] + proof(token), to: url(path))
        let req: HTTPClientRequest
        do {
            req = try HTTPClientRequest.postJSON(target, body)
        } catch {
            throw GraphError(status: 0, code: 0, subcode: 0, metaMessage: "could not encode request: \(error)", notSent: true)
        }
        return try decode(send(req), Out.self)
    }

    /// GETs with query parameters and the token.
    public func get<Out: Decodable>(_ path: String, token: String, query: [(String, String)] = [], as: Out.Type) throws(GraphError) -> Out {
        try decode(send(HTTPClientRequest.get(url(path), query: query + [("access_token", token)] + proof(token))), Out.self)
    }

    func send(_ req: HTTPClientRequest) throws(GraphError) -> HTTPClientResponse {
        let resp: HTTPClientResponse
        do {
            resp = try http.send(req)
        } catch {
            // Connection refused or DNS failure: the request never left. A timeout may have reached Meta.
            let notSent = error.kind == .connectionFailed || error.kind == .invalidURL
            throw GraphError(status: 0, code: 0, subcode: 0, metaMessage: error.description, notSent: notSent)
        }
        guard resp.isSuccess else { throw GraphError.parse(status: resp.status, body: resp.body) }
        return resp
    }

    func decode<Out: Decodable>(_ resp: HTTPClientResponse, _ type: Out.Type) throws(GraphError) -> Out {
        do {
            return try JSONDecoder().decode(Out.self, from: Data(resp.body))
        } catch {
            throw GraphError(status: resp.status, code: 0, subcode: 0, metaMessage: "unexpected response: \(String(decoding: resp.body.prefix(200), as: UTF8.self))")
        }
    }
}

