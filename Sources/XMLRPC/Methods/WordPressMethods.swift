import CredentialCore

/// The WordPress methods clients call on connect, in WordPress's single-site shapes
/// (class-wp-xmlrpc-server.php; reference/wordpress-application-passwords.md §13.4).
enum WordPressMethods {
    static let all: [MethodRegistry.Method] = [getUsersBlogs, bloggerGetUsersBlogs, getProfile, supportedMethods]

    static let blogName = "dualgate"

    static let getUsersBlogs = MethodRegistry.Method(
        "wp.getUsersBlogs",
        help: "Returns the blogs of the user: an array of one struct {isAdmin, url, blogid, blogName, xmlrpc}.",
        signatures: [["array", "string", "string"]],
        minimumArguments: 2
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try usersBlogs(&call, usernameAt: 0)
    }

    static let bloggerGetUsersBlogs = MethodRegistry.Method(
        "blogger.getUsersBlogs",
        help: "Blogger API: returns the blogs of the user: an array of one struct {isAdmin, url, blogid, blogName, xmlrpc}. The appkey is ignored.",
        signatures: [["array", "string", "string", "string"]],
        minimumArguments: 3
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try usersBlogs(&call, usernameAt: 1)
    }

    /// WordPress's member order: isAdmin, url, blogid, blogName, xmlrpc.
    private static func usersBlogs(_ call: inout Invocation, usernameAt index: Int) throws(Fault) -> Value {
        let caller = try call.authenticate(usernameAt: index, passwordAt: index + 1)
        let isAdministrator = caller.user.role == .administrator          // manage_options
        let site = call.context.siteURL
        let memo = call.session.memo
        if let known = memo.usersBlogs, known.siteURL == site { return isAdministrator ? known.administrator : known.other }
        let answers = LoopMemo.UsersBlogs(siteURL: site, administrator: usersBlogs(site: site, isAdministrator: true),
                                          other: usersBlogs(site: site, isAdministrator: false))
        memo.usersBlogs = answers
        return isAdministrator ? answers.administrator : answers.other
    }

    private static func usersBlogs(site: String, isAdministrator: Bool) -> Value {
        .array([.makeStruct([
            "isAdmin": .boolean(isAdministrator),
            "url": .string(site + "/"),
            "blogid": .string("1"),
            "blogName": .string(blogName),
            "xmlrpc": .string(site + "/xmlrpc.php"),
        ])])
    }

    static let getProfile = MethodRegistry.Method(
        "wp.getProfile",
        help: "Returns the authenticated user's profile. Optional fields: an array of member names, \"all\" (the default) or \"basic\" (username, email, registered, display_name, nicename); unknown names are ignored; user_id is always present.",
        signatures: [["struct", "int", "string", "string"], ["struct", "int", "string", "string", "array"]],
        minimumArguments: 3
    ) { (call: inout Invocation) throws(Fault) -> Value in
        _ = try call.value(at: 0)                                    // blog_id: unused on a single site
        let user = try call.authenticate(usernameAt: 1, passwordAt: 2).user
        let fields: [String]
        switch call.optionalValue(at: 3) {
        case nil: fields = ["all"]
        case .string(let one): fields = [one]
        case .array(let list):
            var names: [String] = []
            for element in list {
                guard case .string(let name) = element else { throw Fault.invalidParameters("Profile fields must be strings.") }
                names.append(name)
            }
            fields = names
        case .some(let other): throw Fault.invalidParameters("Profile fields must be an array of strings, not \(other.typeName).")
        }
        return .struct(profile(of: user, fields: fields))
    }

    /// `wp_xmlrpc_server::_prepare_user`: user_id, then all fields, or the basic ones followed by
    /// the requested ones in WordPress's field order (a name given twice keeps its first place).
    static func profile(of user: User, fields: [String]) -> Value.Struct {
        let registered: Value = DateTime(unixSeconds: user.registered).map(Value.dateTime) ?? .string("")
        let everything: [(String, Value)] = [
            ("username", .string(user.login)),
            ("first_name", .string("")),
            ("last_name", .string("")),
            ("registered", registered),
            ("bio", .string("")),
            ("email", .string(user.email)),
            ("nickname", .string(user.login)),                       // WordPress's default nickname
            ("nicename", .string(user.nicename)),
            ("url", .string("")),
            ("display_name", .string(user.displayName)),
            ("roles", .array([.string(user.role.rawValue)])),
        ]
        var result: Value.Struct = ["user_id": .string(String(user.id))]
        let requested = Set(fields)
        if requested.contains("all") {
            for (name, value) in everything { result[name] = value }
            return result
        }
        if requested.contains("basic") {
            let basic = ["username", "email", "registered", "display_name", "nicename"]
            for name in basic { result[name] = everything.first { $0.0 == name }?.1 }
        }
        for (name, value) in everything where requested.contains(name) { result[name] = value }
        return result
    }

    static let supportedMethods = MethodRegistry.Method(
        "mt.supportedMethods",
        help: "MovableType API: returns the names of all methods this server offers (python-wordpress-xmlrpc calls it on connect).",
        signatures: [["array"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        .array(call.session.registry.names.map(Value.string))
    }
}
