import ParleyHTTP

/// The security headers every response carries (RELIABILITY.md §4.8): a strict CSP with no inline code.
enum SecurityHeaders {
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
        "base-uri 'none'; object-src 'none'"

    static func middleware(https: Bool) -> HeadersMiddleware {
        var h: [(String, String)] = [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Permissions-Policy", "geolocation=(), camera=(), microphone=()"),
            ("X-Frame-Options", "DENY"),
            ("Cache-Control", "no-store"),
        ]
        if https { h.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains")) }
        return HeadersMiddleware(h)
    }
}
