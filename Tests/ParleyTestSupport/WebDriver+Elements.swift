import Foundation

/// A reference to an element on the current page.
public struct WebElement: Sendable, Equatable {
    /// The W3C element id.
    public let id: String
    /// The selector that found it (for messages).
    public let selector: String
}

/// Finding elements, interacting with them and waiting.
extension WebDriver {
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// The first element matching a CSS selector (throws "no such element" otherwise).
    public func find(_ css: String) throws -> WebElement {
        let v = try command("POST", "/element", ["using": "css selector", "value": css])
        guard let id = (v as? [String: Any])?[Self.elementKey] as? String else {
            throw WebDriverError(error: "bad answer", message: "no element reference for \(css)")
        }
        return WebElement(id: id, selector: css)
    }

    /// Every element matching a CSS selector.
    public func findAll(_ css: String) throws -> [WebElement] {
        let v = try command("POST", "/elements", ["using": "css selector", "value": css]) as? [[String: Any]] ?? []
        return v.compactMap { ($0[Self.elementKey] as? String).map { WebElement(id: $0, selector: css) } }
    }

    /// Clicks an element.
    public func click(_ e: WebElement) throws { try command("POST", "/element/\(e.id)/click", [String: Any]()) }
    /// Clicks the first element matching a selector.
    public func click(_ css: String) throws { try click(try find(css)) }

    /// Types text into an element (appends to what is there).
    public func type(into e: WebElement, _ text: String) throws { try command("POST", "/element/\(e.id)/value", ["text": text]) }
    /// Types text into the first element matching a selector.
    public func type(into css: String, _ text: String) throws { try type(into: try find(css), text) }
    /// Clears an input.
    public func clear(_ e: WebElement) throws { try command("POST", "/element/\(e.id)/clear", [String: Any]()) }

    /// The rendered text of an element.
    public func text(of e: WebElement) throws -> String { try command("GET", "/element/\(e.id)/text") as? String ?? "" }
    /// The rendered text of the first element matching a selector.
    public func text(of css: String) throws -> String { try text(of: try find(css)) }
    /// An attribute value (nil when absent).
    public func attribute(_ e: WebElement, _ name: String) throws -> String? { try command("GET", "/element/\(e.id)/attribute/\(name)") as? String }
    /// A DOM property (e.g. "value" of an input).
    public func property(_ e: WebElement, _ name: String) throws -> Any? { try command("GET", "/element/\(e.id)/property/\(name)") }
    /// Whether the element is displayed.
    public func isDisplayed(_ e: WebElement) throws -> Bool { try command("GET", "/element/\(e.id)/displayed") as? Bool ?? false }

    /// Polls until a selector matches (and, if `visible`, is displayed); throws a timeout naming the selector.
    @discardableResult
    public func waitFor(_ css: String, timeout: Double = 10, visible: Bool = false) throws -> WebElement {
        let deadline = Date().addingTimeInterval(timeout)
        var last: Error?
        repeat {
            do {
                let e = try find(css)
                if try !visible || isDisplayed(e) { return e }
            } catch let error as WebDriverError where error.error == "no such element" || error.error == "stale element reference" {
                last = error
            }
            usleep(100_000)
        } while Date() < deadline
        throw WebDriverError(error: "timeout", message: "\(css) did not appear within \(timeout) s" + (last.map { " (last: \($0))" } ?? ""))
    }

    /// Polls a JavaScript expression body (`return …`) until it is truthy; returns the value.
    @discardableResult
    public func waitUntil(_ script: String, timeout: Double = 10) throws -> Any {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let v = try execute(script), Self.truthy(v) { return v }
            usleep(100_000)
        } while Date() < deadline
        throw WebDriverError(error: "timeout", message: "script stayed falsy for \(timeout) s: \(script)")
    }

    static func truthy(_ v: Any) -> Bool {
        switch v {
        case let b as Bool: return b
        case let s as String: return !s.isEmpty
        case let n as NSNumber: return n.doubleValue != 0
        case is NSNull: return false
        default: return true
        }
    }
}

extension WebDriver {
    /// Signs in through the real login page (optionally with `?next=`), then waits until `ready` (a JS expression)
    /// holds — each page's helpers say what "loaded" means for them.
    public func signIn(_ base: String, email: String, password: String, next: String? = nil, ready: String, timeout: Double = 15) throws {
        let query = next.map { "?next=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F") } ?? ""
        try navigate(base + "/login" + query)
        try type(into: try waitFor("#email"), email)
        try type(into: "#password", password)
        try click("#login-submit")
        _ = try waitUntil("return " + ready, timeout: timeout)
    }
}
