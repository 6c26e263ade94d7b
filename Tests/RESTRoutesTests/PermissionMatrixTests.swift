import PostgresFixture
import Testing
import CredentialCore
@testable import RESTRoutes

/// WordPress's matrix (§8.2, §11, PHPUnit controller tests): own passwords always, other users'
/// only for administrators; 401 for nobody, 403 for a logged-in caller; `me` anonymous → 401
/// `rest_not_logged_in`; user 0 or unknown → 404 `rest_user_invalid_id`.
@Suite struct PermissionMatrixTests {
    enum Operation: String, CaseIterable, CustomTestStringConvertible {
        case list, create, deleteAll, read, update, delete
        var testDescription: String { rawValue }

        var method: String {
            switch self {
            case .list, .read: "GET"
            case .create: "POST"
            case .update: "PUT"
            case .deleteAll, .delete: "DELETE"
            }
        }

        var refusal: String {
            switch self {
            case .list: "rest_cannot_list_application_passwords"
            case .create: "rest_cannot_create_application_passwords"
            case .deleteAll: "rest_cannot_delete_application_passwords"
            case .read: "rest_cannot_read_application_password"
            case .update: "rest_cannot_edit_application_password"
            case .delete: "rest_cannot_delete_application_password"
            }
        }

        var success: Int { self == .create ? 201 : 200 }

        var json: String? { self == .create || self == .update ? #"{"name":"matrix"}"# : nil }

        /// The route for `user` (as written in the URL), with the target's first password for item operations.
        func route(_ user: String, uuid: String) -> String {
            let base = "/wp/v2/users/\(user)/application-passwords"
            switch self {
            case .list, .create, .deleteAll: return base
            case .read, .update, .delete: return base + "/" + uuid
            }
        }
    }

    private func uuid(of user: User, _ site: Site) throws -> String { try #require(site.store.passwords(of: user.id).first).uuid }

    @Test(arguments: StoreBackend.available, Operation.allCases)
    func ownPasswordsViaMeAndNumericID(_ backend: StoreBackend, _ operation: Operation) throws {
        for asAdmin in [true, false] {
            for spelling in ["me", "numeric"] {
                let site = try Site(backend)
                let user = asAdmin ? site.admin : site.subscriber
                let route = operation.route(spelling == "me" ? "me" : String(user.id), uuid: try uuid(of: user, site))
                let answer = asAdmin ? site.admin(operation.method, route, json: operation.json)
                                     : site.subscriber(operation.method, route, json: operation.json)
                #expect(answer.status == operation.success, "\(asAdmin ? "admin" : "subscriber") via \(spelling): \(answer.text)")
            }
        }
    }

    @Test(arguments: StoreBackend.available, Operation.allCases)
    func anAdministratorManagesOthers(_ backend: StoreBackend, _ operation: Operation) throws {
        let site = try Site(backend)
        let route = operation.route(String(site.subscriber.id), uuid: try uuid(of: site.subscriber, site))
        let answer = site.admin(operation.method, route, json: operation.json)
        #expect(answer.status == operation.success, "\(answer.text)")
    }

    @Test(arguments: StoreBackend.available, Operation.allCases)
    func aSubscriberCannotManageOthers(_ backend: StoreBackend, _ operation: Operation) throws {
        let site = try Site(backend)
        let route = operation.route(String(site.admin.id), uuid: try uuid(of: site.admin, site))
        let answer = site.subscriber(operation.method, route, json: operation.json)
        #expect(answer.status == 403 && answer.code == operation.refusal, "\(answer.text)")
        #expect(try site.store.passwords(of: site.admin.id).count == 1)
    }

    @Test(arguments: StoreBackend.available, Operation.allCases)
    func anonymousCallers(_ backend: StoreBackend, _ operation: Operation) throws {
        let site = try Site(backend)
        let uuid = try uuid(of: site.admin, site)
        let viaMe = site.send(operation.method, operation.route("me", uuid: uuid), json: operation.json)
        #expect(viaMe.status == 401 && viaMe.code == "rest_not_logged_in", "\(viaMe.text)")
        let numeric = site.send(operation.method, operation.route(String(site.admin.id), uuid: uuid), json: operation.json)
        #expect(numeric.status == 401 && numeric.code == operation.refusal, "\(numeric.text)")
        #expect(try site.store.passwords(of: site.admin.id).count == 1)
    }

    @Test(arguments: StoreBackend.available, Operation.allCases)
    func userZeroAndUnknownUsers(_ backend: StoreBackend, _ operation: Operation) throws {
        let site = try Site(backend)
        for user in ["0", "9999", "99999999999999999999999"] {
            let answer = site.admin(operation.method, operation.route(user, uuid: try uuid(of: site.admin, site)), json: operation.json)
            #expect(answer.status == 404 && answer.code == "rest_user_invalid_id", "user \(user): \(answer.text)")
        }
    }

    @Test(arguments: StoreBackend.available, [Operation.read, .update, .delete])
    func unknownUUID(_ backend: StoreBackend, _ operation: Operation) throws {
        let site = try Site(backend)
        let answer = site.admin(operation.method, operation.route("me", uuid: "00000000-0000-4000-8000-000000000000"), json: operation.json)
        #expect(answer.status == 404)
        #expect(answer.text == #"{"code":"rest_application_password_not_found","message":"Application password not found.","data":{"status":404}}"#)
    }
}
