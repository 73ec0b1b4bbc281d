import ParleyWeb

/// The demo's sample pictures, embedded from Resources/demo/ (drawn for Parley; no third-party photos).
public enum DemoPictures {
    /// File name → bytes.
    public static func embedded(_ web: WebAssets = .embedded) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for path in web.paths where path.hasPrefix("resources/demo/") {
            let name = String(path.dropFirst("resources/demo/".count))
            if let a = web.resource("demo/" + name) { out[name] = a.byteArray }
        }
        return out
    }
}
