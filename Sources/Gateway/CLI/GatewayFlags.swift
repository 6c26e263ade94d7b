import Foundation
import XMLRPC

/// `serve`'s gateway flags (`--upstream …`) into `DualgateServer.Options`.
enum GatewayFlags {
    static func apply(_ arguments: ArgumentScanner, _ env: CommandEnvironment, to options: inout DualgateServer.Options) throws {
        let upstream = arguments.value("upstream") ?? env.variables["DUALGATE_UPSTREAM"].flatMap { $0.isEmpty ? nil : $0 }
        guard let upstream else {
            for flag in ["upstream-connections", "upstream-timeout", "upstream-auth", "upstream-signing-key-file", "upstream-pass-cookies",
                         "xmlrpc-catalogue", "xmlrpc-unknown", "upstream-ca"]
            where arguments.has(flag) {
                throw UsageError("--\(flag) needs --upstream URL (or $DUALGATE_UPSTREAM)")
            }
            return
        }
        options.upstream = upstream
        if let path = arguments.value("upstream-ca") {
            guard upstream.lowercased().hasPrefix("https://") else { throw UsageError("--upstream-ca goes with an https:// upstream") }
            options.upstreamCAFile = path
        }
        if let text = arguments.value("upstream-connections") {
            guard let count = Int(text), (0...10_000).contains(count) else { throw UsageError("--upstream-connections takes a number from 0 to 10000, not '\(text)'") }
            options.upstreamIdleConnections = count
        }
        if let text = arguments.value("upstream-timeout") {
            guard let seconds = Int(text), (1...3600).contains(seconds) else { throw UsageError("--upstream-timeout takes seconds from 1 to 3600, not '\(text)'") }
            options.upstreamTimeoutSeconds = seconds
        }
        options.upstreamPassesCookies = arguments.has("upstream-pass-cookies")
        options.secretKeyFile = arguments.value("secret-key-file") ?? env.variables["DUALGATE_SECRET_KEY_FILE"]
        if let path = arguments.value("xmlrpc-catalogue") {
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("--xmlrpc-catalogue: cannot read \(path)") }
            do { options.xmlrpcCatalogue = XMLRPCCatalogue.wordpress.merging(try XMLRPCCatalogue(json: [UInt8](data))) } catch {
                throw UsageError("--xmlrpc-catalogue \(path): \(error)")
            }
        }
        switch arguments.value("xmlrpc-unknown") ?? "refuse" {
        case "refuse": options.forwardsUnknownXMLRPCMethods = false
        case "forward": options.forwardsUnknownXMLRPCMethods = true
        case let other: throw UsageError("--xmlrpc-unknown takes refuse or forward, not '\(other)'")
        }
        switch arguments.value("upstream-auth") ?? "credentials" {
        case "credentials":
            if arguments.has("upstream-signing-key-file") { throw UsageError("--upstream-signing-key-file goes with --upstream-auth headers") }
        case "headers":
            guard let path = arguments.value("upstream-signing-key-file") else {
                throw UsageError("--upstream-auth headers needs --upstream-signing-key-file PATH: the secret the backend checks X-Dualgate-Signature with")
            }
            options.upstreamIdentitySigningKey = try signingKey(at: path)
        case let other:
            throw UsageError("--upstream-auth takes credentials or headers, not '\(other)'")
        }
    }

    /// At least 32 bytes (trailing newline dropped), readable by its owner only: it lets anyone who holds it
    /// speak for any user to the backend.
    static func signingKey(at path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RefusalError("cannot read the signing key file \(path); create one with: head -c 32 /dev/urandom | base64 > \(path); chmod 600 \(path)")
        }
        if let problem = KeyFileMode.problem(path, what: "signing key file") { throw RefusalError(problem) }
        var bytes = [UInt8](data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        guard bytes.count >= 32 else { throw RefusalError("the signing key file \(path) holds \(bytes.count) bytes; it needs at least 32") }
        return bytes
    }
}
