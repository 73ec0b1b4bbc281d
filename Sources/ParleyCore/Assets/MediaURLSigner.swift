import ParleyCrypto

/// Public, unguessable, expiring asset URLs for Meta to fetch (`/media/{token}/{name}`): the token is an HMAC over
/// tenant, asset and expiry, keyed with a key derived from the master key (so no extra secret to back up).
public struct MediaURLSigner: Sendable {
    let key: [UInt8]
    let baseURL: String
    /// How long a URL works (Meta fetches at container creation; 24 h matches a container's life).
    public static let lifetimeSeconds: Int64 = 24 * 3600

    /// Derives the signing key from the master key file.
    public init(core: Core) throws {
        let master = try MasterKeyFile.loadOrCreate(path: core.config.masterKeyPath)
        self.init(masterKey: master, baseURL: core.config.publicURL)
    }

    /// A signer from a master key (tests).
    public init(masterKey: [UInt8], baseURL: String) {
        self.key = HMACSHA256.mac(key: masterKey, message: Array("parley media url v1".utf8))
        var b = baseURL
        while b.hasSuffix("/") { b.removeLast() }
        self.baseURL = b
    }

    /// What a valid token names.
    public struct Claim: Sendable, Equatable {
        /// Tenant.
        public let tenantID: Int64
        /// Asset.
        public let assetID: Int64
        /// Unix seconds.
        public let expiresAt: Int64
    }

    /// The token for an asset, valid until `expiresAt`.
    public func token(tenantID: Int64, assetID: Int64, expiresAt: Int64) -> String {
        let payload = Array("\(tenantID).\(assetID).\(expiresAt)".utf8)
        return Base64URL.encode(payload) + "." + Base64URL.encode(HMACSHA256.mac(key: key, message: payload))
    }

    /// The full public URL of an asset.
    public func url(tenantID: Int64, asset: Asset, now: Int64 = Clock.nowSeconds()) -> String {
        url(tenantID: tenantID, assetID: asset.id, storedName: asset.storedName, now: now)
    }

    /// The full public URL from an asset's id and stored file name (when the whole Asset is not at hand).
    public func url(tenantID: Int64, assetID: Int64, storedName: String, now: Int64 = Clock.nowSeconds()) -> String {
        "\(baseURL)/media/\(token(tenantID: tenantID, assetID: assetID, expiresAt: now + Self.lifetimeSeconds))/\(storedName)"
    }

    /// The claim of a token whose MAC matches and which has not expired; nil otherwise.
    public func verify(_ token: String, now: Int64 = Clock.nowSeconds()) -> Claim? {
        guard token.count < 200 else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(String(parts[0])), let mac = Base64URL.decode(String(parts[1])),
              ConstantTime.equals(mac, HMACSHA256.mac(key: key, message: payload)) else { return nil }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: ".").compactMap { Int64($0) }
        guard fields.count == 3, fields[2] > now else { return nil }
        return Claim(tenantID: fields[0], assetID: fields[1], expiresAt: fields[2])
    }
}
