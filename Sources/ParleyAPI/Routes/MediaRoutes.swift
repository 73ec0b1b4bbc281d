import ParleyCore
import ParleyHTTP

/// `GET /media/{token}/{name}`: the public, unguessable, expiring asset URL Meta fetches when publishing.
/// No login; anything wrong (forged, expired, another file's name) is a plain 404 that reveals nothing.
enum MediaRoutes {
    static func register(_ r: inout Router, _ ctx: RouteContext) {
        r.add("GET", "/media/{token}/{name}", body: .none) { req in
            guard let claim = ctx.publishing.signer.verify(try req.parameter("token")),
                  (try? ctx.core.tenantStore.tenant(id: claim.tenantID)) != nil,
                  let db = try? ctx.core.tenants.database(claim.tenantID) else { throw HTTPError.notFound("The file") }
            let s = AssetStore(core: ctx.core, tenantID: claim.tenantID, db: db)
            guard let a = try? s.get(claim.assetID), a.storedName == (try req.parameter("name")),
                  a.mediaType.hasPrefix("image/") || a.mediaType.hasPrefix("video/") else { throw HTTPError.notFound("The file") }
            var resp = try AssetRoutes.fileResponse(s.path(of: a), a, download: false)
            resp.headers.set("Cache-Control", "private, max-age=300")
            return resp
        }
    }
}
