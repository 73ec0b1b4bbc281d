import ParleyHTTP

/// The one route table, readable top to bottom; each resource file registers its own routes.
enum Routes {
    static func build(_ ctx: RouteContext) -> Router {
        var r = Router()
        SystemRoutes.register(&r, ctx)
        WebRoutes.register(&r, ctx)
        WebhookRoutes.register(&r, ctx)
        AuthRoutes.register(&r, ctx)
        UserRoutes.register(&r, ctx)
        TeamRoutes.register(&r, ctx)
        TokenRoutes.register(&r, ctx)
        AuditRoutes.register(&r, ctx)
        AssetRoutes.register(&r, ctx)
        MediaRoutes.register(&r, ctx)
        PostRoutes.register(&r, ctx)
        CaptionRoutes.register(&r, ctx)
        CalendarRoutes.register(&r, ctx)
        ChannelRoutes.register(&r, ctx)
        OAuthRoutes.register(&r, ctx)
        MetaCallbackRoutes.register(&r, ctx)
        return r
    }
}
