/// The primitive capabilities WordPress grants each default role: the data that WordPress's
/// `populate_roles` (wp-admin/includes/schema.php, its steps from 1.6 to 3.0; no default role
/// gained one since) stores in the `wp_user_roles` option, in the order it adds them. Checked
/// against a real WordPress by `WordPressComparisonTests`. REST `users/me?context=edit` shows
/// them as `capabilities` (WP_User::$allcaps: these, then the role's own name).
extension Role {
    package var capabilities: [String] {
        switch self {
        case .administrator: Self.administratorCapabilities
        case .editor: Self.editorCapabilities
        case .author: Self.authorCapabilities
        case .contributor: Self.contributorCapabilities
        case .subscriber: Self.subscriberCapabilities
        }
    }

    private static let administratorCapabilities = [
        "switch_themes", "edit_themes", "activate_plugins", "edit_plugins", "edit_users", "edit_files",
        "manage_options", "moderate_comments", "manage_categories", "manage_links", "upload_files", "import",
        "unfiltered_html", "edit_posts", "edit_others_posts", "edit_published_posts", "publish_posts",
        "edit_pages", "read",
        "level_10", "level_9", "level_8", "level_7", "level_6", "level_5", "level_4", "level_3", "level_2",
        "level_1", "level_0",
        "edit_others_pages", "edit_published_pages", "publish_pages", "delete_pages", "delete_others_pages",
        "delete_published_pages", "delete_posts", "delete_others_posts", "delete_published_posts",
        "delete_private_posts", "edit_private_posts", "read_private_posts", "delete_private_pages",
        "edit_private_pages", "read_private_pages", "delete_users", "create_users", "unfiltered_upload",
        "edit_dashboard", "update_plugins", "delete_plugins", "install_plugins", "update_themes",
        "install_themes", "update_core", "list_users", "remove_users", "promote_users", "edit_theme_options",
        "delete_themes", "export",
    ]

    private static let editorCapabilities = [
        "moderate_comments", "manage_categories", "manage_links", "upload_files", "unfiltered_html",
        "edit_posts", "edit_others_posts", "edit_published_posts", "publish_posts", "edit_pages", "read",
        "level_7", "level_6", "level_5", "level_4", "level_3", "level_2", "level_1", "level_0",
        "edit_others_pages", "edit_published_pages", "publish_pages", "delete_pages", "delete_others_pages",
        "delete_published_pages", "delete_posts", "delete_others_posts", "delete_published_posts",
        "delete_private_posts", "edit_private_posts", "read_private_posts", "delete_private_pages",
        "edit_private_pages", "read_private_pages",
    ]

    private static let authorCapabilities = [
        "upload_files", "edit_posts", "edit_published_posts", "publish_posts", "read",
        "level_2", "level_1", "level_0", "delete_posts", "delete_published_posts",
    ]

    private static let contributorCapabilities = ["edit_posts", "read", "level_1", "level_0", "delete_posts"]

    private static let subscriberCapabilities = ["read", "level_0"]
}
