import Foundation

/// Every password a scripted session was issued, every credential it sent, and every artifact it
/// produced; `leaks()` finds any password (chunked or not) or Basic token in an artifact that may
/// not hold it. Only the one answer that issued a password may show that password.
struct SecretScan {
    private struct Artifact {
        let label: String
        let bytes: Data
        /// The password this artifact legitimately shows (the answer that created it).
        let mayHold: String?
    }

    private(set) var passwords: [String] = []
    /// `Authorization: Basic` tokens sent (base64 of `login:password`): logging a header leaks them.
    private(set) var basicTokens: [String] = []
    private var artifacts: [Artifact] = []

    /// A password was issued; `answer` is the output that issued it (checked for the others).
    mutating func issued(_ chunked: String, by label: String, answer: String) {
        passwords.append(chunked)
        artifacts.append(Artifact(label: label, bytes: Data(answer.utf8), mayHold: chunked))
    }

    mutating func sentBasic(login: String, password: String) {
        basicTokens.append(Data("\(login):\(password)".utf8).base64EncodedString())
    }

    /// An output or file that must hold no secret at all.
    mutating func add(_ label: String, _ text: String) { add(label, Data(text.utf8)) }

    mutating func add(_ label: String, _ bytes: Data, mayHold: String? = nil) {
        artifacts.append(Artifact(label: label, bytes: bytes, mayHold: mayHold))
    }

    mutating func addFile(_ label: String, _ path: String, mayHold: String? = nil) {
        if let bytes = FileManager.default.contents(atPath: path) { add(label, bytes, mayHold: mayHold) }
    }

    var artifactCount: Int { artifacts.count }

    /// "<artifact> holds <what>" for every leak found.
    func leaks() -> [String] {
        var found: [String] = []
        for artifact in artifacts {
            for password in passwords where password != artifact.mayHold {
                let forms = [password, password.replacingOccurrences(of: " ", with: "")]
                for form in forms where artifact.bytes.range(of: Data(form.utf8)) != nil {
                    found.append("\(artifact.label) holds the password \(form.prefix(4))…")
                }
            }
            for token in basicTokens where artifact.bytes.range(of: Data(token.utf8)) != nil {
                found.append("\(artifact.label) holds a Basic token")
            }
        }
        return found
    }
}
