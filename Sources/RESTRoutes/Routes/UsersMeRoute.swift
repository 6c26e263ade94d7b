import CredentialCore

/// `GET /wp/v2/users/me` (§9): public route, 401 `rest_not_logged_in` for nobody. Fields in the
/// order `WP_REST_Users_Controller::prepare_item_for_response` adds them, filtered by context.
enum UsersMeRoute {
    static var route: RESTRoute { RESTRoute("/wp/v2/users/me", namespace: "wp/v2", builtIn: [
        RESTEndpoint(RESTEndpoint.readable, arguments: [.context]) { context throws(RESTError) in
            guard let caller = context.caller else { throw .notLoggedIn }
            // `_fields`, `_pretty` and `_envelope` work on the tree, so those requests get one; the
            // rest are served written.
            if context.needsTree || context.parameters.value("_fields") != nil {
                return RESTReply(json(caller.user, context: context.context, links: context.links, siteURL: context.request.siteURL,
                                      caches: context.caches))
            }
            return reply(caller.user, context: context.context, links: context.links, siteURL: context.request.siteURL, caches: context.caches)
        },
    ]) }

    /// The written answer (its tree is not kept: only answer shaping needs one). It depends only on
    /// the user's record, the context and the site URL, and the same client asks for it again
    /// and again: building and writing it was ~40 % of a request (callgrind), so the loop keeps
    /// the bytes. Keyed by the user's id (hashing the whole record cost more than the rest of the
    /// look-up) and checked against the record itself, so a changed record is written anew.
    static func reply(_ user: User, context: String, links: Links, siteURL: String, caches: LoopCaches) -> RESTReply {
        let key = LoopCaches.UsersMeKey(userID: user.id, context: context, siteURL: siteURL)
        if let kept = caches.usersMe[key], kept.user == user { return RESTReply(rendered: kept.bytes, of: .null) }
        let bytes = JSONWriter.bytes(json(user, context: context, links: links, siteURL: siteURL, caches: caches))
        if caches.usersMe.count >= LoopCaches.usersMeCapacity, caches.usersMe[key] == nil { caches.usersMe.removeAll(keepingCapacity: true) }
        caches.usersMe[key] = (user, bytes)
        return RESTReply(rendered: bytes, of: .null)
    }

    private static let editOnly: Set<String> = ["username", "first_name", "last_name", "email", "locale", "nickname",
                                                "registered_date", "roles", "capabilities", "extra_capabilities"]
    private static let embedFields: Set<String> = ["id", "name", "url", "description", "link", "slug", "avatar_urls"]

    /// `WP_User::$allcaps` of a user with one default role and no capabilities of their own: the
    /// role's capabilities, then the role's name (WordPress grants the role name itself too).
    private static let capabilities: [Role: JSON] = Dictionary(uniqueKeysWithValues: Role.allCases.map { role in
        (role, JSON.object((role.capabilities + [role.rawValue]).map { ($0, .bool(true)) }))
    })

    static func json(_ user: User, context: String, links: Links, siteURL: String, caches: LoopCaches) -> JSON {
        let all: [(key: String, value: JSON)] = [
            ("id", .int(user.id)),
            ("username", .string(user.login)),
            ("name", .string(user.displayName)),
            ("first_name", ""),
            ("last_name", ""),
            ("email", .string(user.email)),
            ("url", ""),
            ("description", ""),
            ("link", .string(siteURL + "/author/" + user.nicename + "/")),
            ("locale", "en_US"),
            ("nickname", .string(user.login)),
            ("slug", .string(user.nicename)),
            ("roles", [.string(user.role.rawValue)]),
            ("registered_date", .string(GMTDate.iso8601(user.registered))),
            ("capabilities", capabilities[user.role] ?? .emptyObject),
            ("extra_capabilities", .object([(user.role.rawValue, .bool(true))])),
            ("avatar_urls", Avatar.urls(email: user.email, caches: caches)),
            // WordPress's one user meta field shown in REST, `persisted_preferences`, is edit-only;
            // a user who never saved any has it empty, which PHP writes as `[]`. In view context
            // no field is left and `meta` itself is PHP's empty array, `[]`.
            ("meta", context == "edit" ? .object([("persisted_preferences", .array([]))]) : .array([])),
        ]
        var members = all.filter { member in
            switch context {
            case "edit": true
            case "embed": embedFields.contains(member.key)
            default: !editOnly.contains(member.key)
            }
        }
        members.append(("_links", .object([
            ("self", links.link(links.rest("/wp/v2/users/\(user.id)"))),
            ("collection", links.link(links.rest("/wp/v2/users"))),
        ])))
        return .object(members)
    }
}
