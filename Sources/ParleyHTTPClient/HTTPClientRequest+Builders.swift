// Shorthands for the request shapes Parley sends: Graph API GETs with query items, JSON and form POSTs,
// multipart media uploads and DELETEs.
import FoundationEssentials

extension HTTPClientRequest {
    /// `GET url?query`, with each query name and value percent-encoded (RFC 3986 unreserved set kept).
    public static func get(_ url: String, query: [(String, String)] = [],
                           headers: [(String, String)] = []) -> HTTPClientRequest {
        HTTPClientRequest(method: "GET", url: PercentEncoding.appendQuery(query, to: url),
                          headers: [HTTPHeader](pairs: headers))
    }

    /// `DELETE url?query`.
    public static func delete(_ url: String, query: [(String, String)] = [],
                              headers: [(String, String)] = []) -> HTTPClientRequest {
        HTTPClientRequest(method: "DELETE", url: PercentEncoding.appendQuery(query, to: url),
                          headers: [HTTPHeader](pairs: headers))
    }

    /// `POST` of raw bytes with the given content type.
    public static func post(_ url: String, body: [UInt8], contentType: String,
                            headers: [(String, String)] = []) -> HTTPClientRequest {
        HTTPClientRequest(method: "POST", url: url,
                          headers: [HTTPHeader("Content-Type", contentType)] + [HTTPHeader](pairs: headers),
                          body: body)
    }

    /// `POST` of `value` encoded as JSON (`Content-Type: application/json`); throws if encoding fails.
    public static func postJSON<T: Encodable>(_ url: String, _ value: T, headers: [(String, String)] = [],
                                              encoder: JSONEncoder = JSONEncoder()) throws -> HTTPClientRequest {
        let data = try encoder.encode(value)
        return post(url, body: [UInt8](data), contentType: "application/json", headers: headers)
    }

    /// `POST` of `application/x-www-form-urlencoded` fields.
    public static func postForm(_ url: String, _ fields: [(String, String)],
                                headers: [(String, String)] = []) -> HTTPClientRequest {
        post(url, body: Array(PercentEncoding.formEncode(fields).utf8),
             contentType: "application/x-www-form-urlencoded", headers: headers)
    }

    /// `POST` of `multipart/form-data`; libcurl picks the boundary and streams file parts from disk.
    public static func postMultipart(_ url: String, fields: [(String, String)], files: [MultipartFile],
                                     headers: [(String, String)] = []) -> HTTPClientRequest {
        HTTPClientRequest(method: "POST", url: url, headers: [HTTPHeader](pairs: headers),
                          multipart: MultipartBody(fields: fields, files: files))
    }
}
