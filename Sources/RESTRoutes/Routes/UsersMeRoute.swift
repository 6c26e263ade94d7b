import CredentialCore

/// `GET /wp/v2/users/me` (§9): public route, 401 `rest_not_logged_in` for nobody. Fields in the
/// order `WP_REST_Users_Controller::prepare_item_for_response` adds them, filtered by context.
enum UsersMeRoute {
    static var route: Route { Route("/wp/v2/users/me", namespace: "wp/v2", [
        Endpoint(Endpoint.readable, arguments: [.context]) { context throws(RESTError) in
            guard let caller = context.caller else { throw .notLoggedIn }
            return Reply(json(caller.user, context: context.context, links: context.links, siteURL: context.request.siteURL))
        },
    ]) }

    private static let editOnly: Set<String> = ["username", "first_name", "last_name", "email", "locale", "nickname",
                                                "registered_date", "roles", "capabilities", "extra_capabilities"]
    private static let embedFields: Set<String> = ["id", "name", "url", "description", "link", "slug", "avatar_urls"]

    static func json(_ user: User, context: String, links: Links, siteURL: String) -> JSON {
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
            ("capabilities", .emptyObject),
            ("extra_capabilities", .emptyObject),
            ("avatar_urls", Avatar.urls(email: user.email)),
            ("meta", .array([])),
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
