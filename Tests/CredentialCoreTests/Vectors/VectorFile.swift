import Foundation

/// The project's reference vectors (a copy of shared/reference/vectors/app-password-vectors.json),
/// read by path relative to this file. The copy is a dot-file because SwiftPM warns about every
/// unhandled file in a target directory and Package.swift declares no resources; hidden files are
/// the ones it skips.
struct VectorFile: Decodable {
    struct FastHashSection: Decodable {
        struct Vector: Decodable { let id: String; let input: String; let input_utf8_hex: String; let hash: String; let digest_hex: String }
        struct Verify: Decodable { let candidate: String; let stored: String; let expected: Bool; let note: String }
        let vectors: [Vector]
        let verify: [Verify]
    }
    struct Normalisation: Decodable {
        struct Case: Decodable {
            let supplied: String
            let normalised: String
            let normalised_fast_hash: String
            let note: String
            let against_vector: String?
            let expected_match: Bool?
        }
        let cases: [Case]
    }
    struct Chunk: Decodable {
        struct Case: Decodable { let input: String; let output: String; let note: String }
        let cases: [Case]
    }
    struct BasicAuth: Decodable {
        struct Case: Decodable {
            let login: String
            let password: String
            let header: String
            let decoded_user: String
            let decoded_password: String
            let normalised_password: String
            let note: String
        }
        struct ParserCase: Decodable { let header: String; let accepted: Bool; let reason: String }
        let cases: [Case]
        let parser_cases: [ParserCase]
    }
    struct PhpassSection: Decodable {
        struct Vector: Decodable { let password_utf8_hex: String; let salt: String; let cost_log2: Int; let hash: String; let expected: Bool; let note: String }
        struct Verify: Decodable { let candidate: String; let stored: String; let expected: Bool; let note: String }
        let vectors: [Vector]
        let verify: [Verify]
    }
    struct MD5Section: Decodable {
        struct Vector: Decodable { let candidate: String; let stored: String; let expected: Bool }
        let vectors: [Vector]
    }
    struct Generation: Decodable { let length: Int; let alphabet: String; let uuid_v4_regex: String }

    let generation: Generation
    let fast_hash: FastHashSection
    let auth_normalisation: Normalisation
    let chunk_password: Chunk
    let basic_auth: BasicAuth
    let phpass: PhpassSection
    let md5_legacy: MD5Section

    static let shared: VectorFile = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(".app-password-vectors.json")
        do {
            return try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()
}

extension Array where Element == UInt8 {
    init(hex: String) {
        let digits = Array(hex.utf8)
        self = stride(from: 0, to: digits.count, by: 2).map { index in
            UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
        }
    }

    var hex: String { map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
}
