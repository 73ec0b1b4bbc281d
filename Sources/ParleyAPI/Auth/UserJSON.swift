import ParleyCore

/// A user as the API shows it.
struct UserJSON: Encodable {
    let id: Int64
    let email: String
    let name: String
    let role: String
    let permissions: [String]
    let extra_permissions: [String]
    let active: Bool

    init(_ u: User) {
        id = u.id
        email = u.email
        name = u.name
        role = u.role.rawValue
        permissions = u.permissions.map(\.rawValue).sorted()
        extra_permissions = u.extraPermissions.map(\.rawValue).sorted()
        active = u.active
    }
}

/// A tenant as its own users see it.
struct TenantJSON: Encodable {
    let id: Int64
    let slug: String
    let name: String
    let plan: String

    init(_ t: Tenant) {
        id = t.id
        slug = t.slug
        name = t.name
        plan = t.plan
    }
}

/// The body of login and /auth/me.
struct SessionJSON: Encodable {
    let user: UserJSON
    let tenant: TenantJSON
    let csrf_token: String?
}
