@testable import CredentialCore
import Foundation
@testable import RESTRoutes
import PostgresFixture
import Testing

/// Issue 11 item 5 (a, c, d) in process: what a real WordPress answers where dualgate differed.
/// `GatewayTests/WordPress/WordPressComparisonTests` asks a real WordPress the same questions.
@Suite struct WordPressParityTests {
    @Test("users/me?context=edit: the role's capabilities, the role as extra capability, meta as an object", arguments: StoreBackend.available)
    func capabilitiesOfEachRole(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let admin = site.admin("GET", "/wp/v2/users/me", query: [("context", "edit")])
        guard case .object(let capabilities) = admin.json["capabilities"] else { Issue.record("no capabilities object"); return }
        #expect(capabilities.count == 62)                         // 61 primitive ones and the role's name
        #expect(capabilities.allSatisfy { $0.value == .bool(true) })
        #expect(capabilities.first?.key == "switch_themes" && capabilities.last?.key == "administrator")
        for name in ["manage_options", "edit_users", "list_users", "level_10", "level_0", "export", "read"] {
            #expect(capabilities.contains { $0.key == name }, "\(name)")
        }
        #expect(admin.json["extra_capabilities"] == .object([("administrator", .bool(true))]))
        #expect(admin.json["meta"] == .object([("persisted_preferences", .array([]))]))

        let subscriber = site.subscriber("GET", "/wp/v2/users/me", query: [("context", "edit")])
        #expect(subscriber.text.contains(#""capabilities":{"read":true,"level_0":true,"subscriber":true},"extra_capabilities":{"subscriber":true}"#))
        // View context keeps WordPress's `[]`: the one meta field is edit-only.
        #expect(site.subscriber("GET", "/wp/v2/users/me").json["meta"] == .array([]))
    }

    @Test("every default role's table: contract of populate_roles (sizes, nesting, level_N)")
    func capabilityTables() {
        let sizes: [Role: Int] = [.administrator: 61, .editor: 34, .author: 10, .contributor: 5, .subscriber: 2]
        for role in Role.allCases {
            #expect(role.capabilities.count == sizes[role], "\(role)")
            #expect(Set(role.capabilities).count == role.capabilities.count, "\(role) has a duplicate")
            #expect(role.capabilities.contains("read") && role.capabilities.contains("level_0"), "\(role)")
        }
        // Each role below holds a subset of the one above it, except `edit_dashboard`-like admin-only ones.
        #expect(Set(Role.editor.capabilities).isSubset(of: Set(Role.administrator.capabilities)))
        #expect(Set(Role.author.capabilities).isSubset(of: Set(Role.editor.capabilities)))
        #expect(Set(Role.contributor.capabilities).isSubset(of: Set(Role.author.capabilities)))
        #expect(Set(Role.subscriber.capabilities).isSubset(of: Set(Role.contributor.capabilities)))
    }

    @Test("an enum's message lists its values as wp_sprintf_l does", arguments: StoreBackend.available)
    func enumMessages(_ backend: StoreBackend) {
        #expect(ParameterProblem.englishList(["a"]) == "a")
        #expect(ParameterProblem.englishList(["a", "b"]) == "a and b")
        #expect(ParameterProblem.englishList(["view", "embed", "edit"]) == "view, embed, and edit")
        #expect(ParameterProblem.notInEnum("p", shownAs: "p", ["only"]).message == "p is not only.")
        let site = try? Site(backend)
        let answer = site?.admin("GET", "/wp/v2/users/me", query: [("context", "full")])
        #expect(answer?.json["data"]?["params"]?["context"] == "context is not one of view, embed, and edit.")
        #expect(answer?.json["data"]?["details"]?["context"]?["data"] == .null)   // rest_not_in_enum carries none
    }

    @Test("rest_invalid_type details carry WordPress's param data", arguments: StoreBackend.available)
    func invalidTypeData(_ backend: StoreBackend) throws {
        let site = try Site(backend)
        let answer = site.admin("POST", "/wp/v2/users/me/application-passwords", json: #"{"name":["x"]}"#)
        #expect(answer.status == 400 && answer.code == "rest_invalid_param")
        #expect(answer.json["data"]?["details"]?["name"]?["code"] == "rest_invalid_type")
        #expect(answer.json["data"]?["details"]?["name"]?["data"] == .object([("param", .string("name"))]))
    }
}
