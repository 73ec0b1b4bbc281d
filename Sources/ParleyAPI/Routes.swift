import ParleyCore
import ParleyHTTP
import Synchronization

/// The one route table, readable top to bottom; each resource file registers its own routes.
enum Routes {
    static func build(_ ctx: RouteContext) -> Router {
        var r = Router()
        // The document lists the finished table; the closure reads it after every route is added.
        let table = RouteTableBox()
        OpenAPIRoutes.register(&r, ctx) { table.routes }
        SystemRoutes.register(&r, ctx)
        WebRoutes.register(&r, ctx)
        LegalRoutes.register(&r, ctx)
        WebhookRoutes.register(&r, ctx)
        AuthRoutes.register(&r, ctx)
        UserRoutes.register(&r, ctx)
        TeamRoutes.register(&r, ctx)
        TokenRoutes.register(&r, ctx)
        AuditRoutes.register(&r, ctx)
        ConversationRoutes.register(&r, ctx)
        SandboxRoutes.register(&r, ctx)
        AssetRoutes.register(&r, ctx)
        MediaRoutes.register(&r, ctx)
        PostRoutes.register(&r, ctx)
        CaptionRoutes.register(&r, ctx)
        CalendarRoutes.register(&r, ctx)
        InboxSettingsRoutes.register(&r, ctx)
        ContactRoutes.register(&r, ctx)
        AttachmentRoutes.register(&r, ctx)
        WebhookEventRoutes.register(&r, ctx)
        SystemSettingsRoutes.register(&r, ctx, version: ParleyInfo.version)
        ChannelRoutes.register(&r, ctx)
        OAuthRoutes.register(&r, ctx)
        MetaCallbackRoutes.register(&r, ctx)
        table.set(r.routes.map { RouteInfo(method: $0.method, pattern: $0.pattern) })
        return r
    }
}

/// Holds the finished route list for the OpenAPI handler.
final class RouteTableBox: Sendable {
    private let value = Mutex<[RouteInfo]>([])
    var routes: [RouteInfo] { value.withLock { $0 } }
    func set(_ r: [RouteInfo]) { value.withLock { $0 = r } }
}
