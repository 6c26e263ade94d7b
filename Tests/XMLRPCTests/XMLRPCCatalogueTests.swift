import Foundation
import Testing
@testable import XMLRPC

/// The compiled WordPress table against the reference it was generated from, and the file format
/// of `--xmlrpc-catalogue FILE`.
@Suite struct XMLRPCCatalogueTests {
    /// `../shared/reference/` beside this worktree, when the machine has it.
    static let referenceURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/wordpress-xmlrpc-methods.json")
    static let referenceIsPresent = FileManager.default.fileExists(atPath: referenceURL.path)

    @Test(.enabled(if: referenceIsPresent, "../shared/reference/wordpress-xmlrpc-methods.json is absent: the compiled table is not compared"))
    func theCompiledTableEqualsTheReference() throws {
        let bytes = Array(try Data(contentsOf: Self.referenceURL))
        let reference = try XMLRPCCatalogue(json: bytes)
        #expect(reference == XMLRPCCatalogue.wordpress, "re-run scripts/generate-xmlrpc-catalogue.py")
        // Read independently of our reader too, so that a bug shared by both cannot hide.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let methods = try #require(document["methods"] as? [[String: Any]])
        #expect(methods.count == XMLRPCCatalogue.wordpress.count)
        for method in methods {
            let name = try #require(method["name"] as? String)
            let entry = try #require(XMLRPCCatalogue.wordpress.entry(named: name), "\(name) missing")
            #expect(entry.usernameIndex == method["username_index"] as? Int, "\(name)")
            #expect(entry.passwordIndex == method["password_index"] as? Int, "\(name)")
            #expect(entry.minimumArguments == method["min_args"] as? Int, "\(name)")
            #expect(entry.kind.rawValue == method["class"] as? String, "\(name)")
        }
    }

    @Test func theWordPressTableHasTheReferenceCounts() {
        let entries = XMLRPCCatalogue.wordpress.names.compactMap(XMLRPCCatalogue.wordpress.entry(named:))
        #expect(entries.count == 80)
        #expect(entries.filter { $0.kind == .read }.count == 50)
        #expect(entries.filter { $0.kind == .write }.count == 29)
        #expect(entries.filter { $0.kind == .multicall }.map(\.name) == ["system.multicall"])
        #expect(entries.filter(\.isAnonymous).count == 10)
        let getUsersBlogs = XMLRPCCatalogue.wordpress.entry(named: "wp.getUsersBlogs")
        #expect(getUsersBlogs == .init("wp.getUsersBlogs", usernameIndex: 0, passwordIndex: 1, minimumArguments: 2, kind: .read))
    }

    @Test func aBareArrayAndTheDocumentFormAreRead() throws {
        let entry = #"{"name": "plugin.doThing", "username_index": 1, "password_index": 2, "min_args": 3, "class": "write", "note": "ignored"}"#
        let bare = try XMLRPCCatalogue(json: Array("[\(entry)]".utf8))
        let document = try XMLRPCCatalogue(json: Array(#"{"source": "mine", "methods": [\#(entry)]}"#.utf8))
        #expect(bare == document)
        #expect(bare.entry(named: "plugin.doThing") == .init("plugin.doThing", usernameIndex: 1, passwordIndex: 2, minimumArguments: 3, kind: .write))
        let anonymous = try XMLRPCCatalogue(json: Array(#"[{"name": "plugin.ping", "username_index": null, "password_index": null, "class": "read"}]"#.utf8))
        #expect(anonymous.entry(named: "plugin.ping")?.isAnonymous == true)
        #expect(anonymous.entry(named: "plugin.ping")?.minimumArguments == nil)
    }

    @Test(arguments: [
        ("{", "(document)"),
        (#"{"other": []}"#, "methods"),
        (#"[1]"#, "methods[0]"),
        (#"[{"username_index": 1, "password_index": 2, "class": "read"}]"#, "methods[0].name"),
        (#"[{"name": "a.b", "password_index": 2, "class": "read"}]"#, #"methods[0] ("a.b").username_index"#),
        (#"[{"name": "a.b", "username_index": 1, "password_index": null, "class": "read"}]"#, #"methods[0] ("a.b").password_index"#),
        (#"[{"name": "a.b", "username_index": -1, "password_index": 2, "class": "read"}]"#, #"methods[0] ("a.b").username_index"#),
        (#"[{"name": "a.b", "username_index": true, "password_index": 2, "class": "read"}]"#, #"methods[0] ("a.b").username_index"#),
        (#"[{"name": "a.b", "username_index": 1.5, "password_index": 2, "class": "read"}]"#, #"methods[0] ("a.b").username_index"#),
        (#"[{"name": "a.b", "username_index": 1, "password_index": 1, "class": "read"}]"#, #"methods[0] ("a.b").password_index"#),
        (#"[{"name": "a.b", "username_index": 1, "password_index": 2, "min_args": "3", "class": "read"}]"#, #"methods[0] ("a.b").min_args"#),
        (#"[{"name": "a.b", "username_index": 1, "password_index": 2, "class": "delete"}]"#, #"methods[0] ("a.b").class"#),
        (#"[{"name": "a.b", "username_index": 1, "password_index": 2, "class": "read"}, {"name": "a.b", "username_index": 1, "password_index": 2, "class": "read"}]"#, #"methods[1] ("a.b").name"#),
    ])
    func aWrongEntryIsNamedWithItsField(json: String, field: String) {
        #expect(throws: XMLRPCCatalogue.FormatError.self) { try XMLRPCCatalogue(json: Array(json.utf8)) }
        do {
            _ = try XMLRPCCatalogue(json: Array(json.utf8))
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }

    @Test func mergingAddsAndReplacesEntries() throws {
        let extra = try XMLRPCCatalogue(json: Array(#"""
            [{"name": "plugin.doThing", "username_index": 0, "password_index": 1, "class": "write"},
             {"name": "wp.getOptions", "username_index": 1, "password_index": 2, "min_args": null, "class": "write"}]
            """#.utf8))
        let merged = XMLRPCCatalogue.wordpress.merging(extra)
        #expect(merged.count == 81)
        #expect(merged.entry(named: "plugin.doThing")?.kind == .write)
        #expect(merged.entry(named: "wp.getOptions")?.kind == .write, "replaced")
        #expect(XMLRPCCatalogue.wordpress.entry(named: "wp.getOptions")?.kind == .read, "the built-in table is unchanged")
        #expect(merged.entry(named: "wp.getPosts") == XMLRPCCatalogue.wordpress.entry(named: "wp.getPosts"))
    }
}
