/// A staff member of one tenant.
public struct User: Sendable, Codable, Equatable {
    /// Id within the tenant.
    public var id: Int64
    /// Login e-mail (unique per tenant, case-insensitive).
    public var email: String
    /// Display name.
    public var name: String
    /// Role; sets the default permissions.
    public var role: Role
    /// Permissions granted beyond the role's defaults.
    public var extraPermissions: [Permission]
    /// Disabled users cannot sign in and lose their sessions.
    public var active: Bool

    /// Everything this user may do: the role's defaults plus extras.
    public var permissions: Set<Permission> { role.defaultPermissions.union(extraPermissions) }

    /// Whether the user has a permission.
    public func can(_ p: Permission) -> Bool { active && permissions.contains(p) }

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, active
        case extraPermissions = "extra_permissions"
    }
}

/// Staff roles, from most to least powerful.
public enum Role: String, Sendable, Codable, CaseIterable {
    case admin, manager, agent, viewer

    /// What the role may do by default.
    public var defaultPermissions: Set<Permission> {
        switch self {
        case .admin: return Set(Permission.allCases)
        case .manager: return [.manageChannels, .sendMessages, .viewAllConversations, .publishPosts, .manageAssets]
        case .agent: return [.sendMessages]
        case .viewer: return []
        }
    }
}

/// Fine-grained permission flags.
public enum Permission: String, Sendable, Codable, CaseIterable {
    case manageSettings = "manage_settings"
    case manageUsers = "manage_users"
    case manageChannels = "manage_channels"
    case sendMessages = "send_messages"
    case viewAllConversations = "view_all_conversations"
    case publishPosts = "publish_posts"
    case manageAssets = "manage_assets"
}
