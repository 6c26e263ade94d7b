import Foundation
import Testing

/// The controller's permission matrix (§8.2, §11; PHPUnit `test_*_item_*` / `test_*_items_*`):
/// every operation × every role, anonymous, `me` and numeric ids, another user, user 0 and an
/// unknown user. `edit_user` decides all six capabilities: one's own always, others' only for
/// administrators (single site); 401 for nobody, 403 for someone; `me` anonymous → 401
/// `rest_not_logged_in`; user 0 / unknown → 404 `rest_user_invalid_id` (before the capability).
/// Every refusal leaves the target's passwords as they were.
@Suite(.timeLimit(.minutes(3)))
struct RESTPermissionTests {
    enum Operation: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case list, create, deleteAll, read, updateWithPOST, updateWithPUT, updateWithPATCH, delete, introspect

        var testDescription: String { rawValue }

        var method: String {
            switch self {
            case .list, .read, .introspect: "GET"
            case .create, .updateWithPOST: "POST"
            case .updateWithPUT: "PUT"
            case .updateWithPATCH: "PATCH"
            case .deleteAll, .delete: "DELETE"
            }
        }

        var refusal: String {
            switch self {
            case .list: "rest_cannot_list_application_passwords"
            case .create: "rest_cannot_create_application_passwords"
            case .deleteAll: "rest_cannot_delete_application_passwords"
            case .read: "rest_cannot_read_application_password"
            case .updateWithPOST, .updateWithPUT, .updateWithPATCH: "rest_cannot_edit_application_password"
            case .delete: "rest_cannot_delete_application_password"
            case .introspect: "rest_cannot_introspect_app_password_for_non_authenticated_user"
            }
        }

        var isItem: Bool { [.read, .updateWithPOST, .updateWithPUT, .updateWithPATCH, .delete].contains(self) }

        var body: String? { [.create, .updateWithPOST, .updateWithPUT, .updateWithPATCH].contains(self) ? #"{"name":"matrix"}"# : nil }

        func route(_ user: String, uuid: String) -> String {
            let base = "/wp/v2/users/\(user)/application-passwords"
            if self == .introspect { return base + "/introspect" }
            return isItem ? base + "/" + uuid : base
        }
    }

    static let roles = ["administrator", "editor", "author", "contributor", "subscriber"]

    /// One site with a user of every role (the bootstrap `admin` is the administrator).
    private func site() throws -> (RESTSite, [String: Int]) {
        let site = try RESTSite()
        var ids = ["admin": try site.id(of: "admin")]
        for role in Self.roles.dropFirst() { ids[role] = try site.addUser(role, role: role) }
        return (site, ids)
    }

    private func login(_ role: String) -> String { role == "administrator" ? "admin" : role }

    @Test(arguments: Operation.allCases)
    func ownPasswordsForEveryRoleViaMeAndNumericID(_ operation: Operation) throws {
        let (site, ids) = try site()
        for role in Self.roles {
            let login = login(role)
            for spelling in ["me", String(ids[login]!)] {
                let caller = try site.account(login, name: "caller")
                let target = try site.account(login, name: "target")
                let before = try site.stored(login)
                let answer = try site.send(operation.method, operation.route(spelling, uuid: target.uuid), as: caller, json: operation.body)
                let context = "\(role) via \(spelling): \(answer.text)"
                try expectSuccess(operation, answer, site: site, login: login, target: target, caller: caller, before: before.count, context)
            }
        }
    }

    @Test(arguments: Operation.allCases)
    func othersPasswordsOnlyForAdministrators(_ operation: Operation) throws {
        let (site, ids) = try site()
        for role in Self.roles {
            let login = login(role)
            let other = role == "administrator" ? "subscriber" : "admin"
            let caller = try site.account(login, name: "caller")
            let target = try site.account(other, name: "target")
            let before = try site.state(other)
            let answer = try site.send(operation.method, operation.route(String(ids[other]!), uuid: target.uuid), as: caller, json: operation.body)
            let context = "\(role) on \(other)'s: \(answer.text)"
            if role == "administrator" && operation != .introspect {
                try expectSuccess(operation, answer, site: site, login: other, target: target, caller: caller, before: before.count, context)
            } else {
                #expect(answer.status == 403 && answer.code == operation.refusal, "\(context)")
                #expect(try site.state(other) == before, "\(context): nothing may change")
            }
        }
    }

    @Test(arguments: Operation.allCases)
    func anonymousCallers(_ operation: Operation) throws {
        let (site, ids) = try site()
        let target = try site.account("admin", name: "target")
        let before = try site.stored("admin")
        let viaMe = try site.send(operation.method, operation.route("me", uuid: target.uuid), json: operation.body)
        #expect(viaMe.status == 401 && viaMe.code == "rest_not_logged_in", "\(viaMe.text)")
        let numeric = try site.send(operation.method, operation.route(String(ids["admin"]!), uuid: target.uuid), json: operation.body)
        #expect(numeric.status == 401 && numeric.code == operation.refusal, "\(numeric.text)")
        #expect(numeric.header("WWW-Authenticate") == nil)
        #expect(try site.stored("admin") == before)
    }

    @Test(arguments: Operation.allCases)
    func userZeroAndUnknownUsersAreInvalidIDs(_ operation: Operation) throws {
        let (site, _) = try site()
        let target = try site.account("admin", name: "target")
        for user in ["0", "9999", "00", "99999999999999999999999"] {
            for caller in [site.admin, try site.account("subscriber"), nil] {
                let answer = try site.send(operation.method, operation.route(user, uuid: target.uuid), as: caller, json: operation.body)
                #expect(answer.status == 404, "user \(user) as \(caller?.login ?? "nobody"): \(answer.text)")
                #expect(answer.text == #"{"code":"rest_user_invalid_id","message":"Invalid user ID.","data":{"status":404}}"#)
            }
        }
    }

    /// `test_*_item_invalid_password_uuid`: an unknown uuid → 404 `rest_application_password_not_found`,
    /// for one's own list and for an administrator on someone else's.
    @Test(arguments: [Operation.read, .updateWithPUT, .updateWithPATCH, .updateWithPOST, .delete])
    func unknownUUIDIsNotFound(_ operation: Operation) throws {
        let (site, ids) = try site()
        let subscriber = try site.account("subscriber")
        let adminUUID = try #require(try site.stored("admin").first?["uuid"]?.string)
        let notFound = #"{"code":"rest_application_password_not_found","message":"Application password not found.","data":{"status":404}}"#
        for (caller, user) in [(site.admin, "me"), (subscriber, "me"), (site.admin, String(ids["subscriber"]!))] {
            // Someone else's real uuid counts as unknown too: passwords are looked up per user.
            for uuid in ["00000000-0000-4000-8000-000000000000", "introspect-not", caller.login == "admin" && user == "me" ? subscriber.uuid : adminUUID] {
                let answer = try site.send(operation.method, operation.route(user, uuid: uuid), as: caller, json: operation.body)
                #expect(answer.status == 404 && answer.text == notFound, "\(caller.login) \(user) \(uuid): \(answer.text)")
            }
        }
        #expect(try site.stored("admin").count == 1 && site.stored("subscriber").count == 1)
    }

    private func expectSuccess(_ operation: Operation, _ answer: RawClient.Response, site: RESTSite, login: String, target: Account,
                               caller: Account, before: Int, _ context: String) throws {
        let after = try site.stored(login)
        switch operation {
        case .list:
            #expect(answer.status == 200, "\(context)")
            #expect(answer.value.items?.compactMap { $0["uuid"]?.string } == after.compactMap { $0["uuid"]?.string }, "\(context)")
        case .create:
            #expect(answer.status == 201 && answer.value["name"]?.string == "matrix", "\(context)")
            #expect(after.count == before + 1, "\(context)")
        case .deleteAll:
            #expect(answer.status == 200 && answer.value["deleted"]?.bool == true && answer.value["count"]?.int == before, "\(context)")
            #expect(after.isEmpty, "\(context)")
        case .read:
            #expect(answer.status == 200 && answer.value["uuid"]?.string == target.uuid, "\(context)")
        case .updateWithPOST, .updateWithPUT, .updateWithPATCH:
            #expect(answer.status == 200 && answer.value["name"]?.string == "matrix", "\(context)")
            #expect(after.first { $0["uuid"]?.string == target.uuid }?["name"]?.string == "matrix", "\(context)")
        case .delete:
            #expect(answer.status == 200 && answer.value["deleted"]?.bool == true, "\(context)")
            #expect(answer.value["previous"]?["uuid"]?.string == target.uuid, "\(context)")
            #expect(!after.contains { $0["uuid"]?.string == target.uuid } && after.count == before - 1, "\(context)")
        case .introspect:
            #expect(answer.status == 200 && answer.value["uuid"]?.string == caller.uuid, "\(context)")
        }
    }
}
