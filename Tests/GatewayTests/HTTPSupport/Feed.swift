import Testing
@testable import Gateway

/// What a `RequestDecoder` produced, flattened for table tests.
enum Decoded: Equatable, CustomStringConvertible {
    case request(method: String, target: String, body: String)
    case sendContinue
    case reject(Int)

    var description: String {
        switch self {
        case .request(let method, let target, let body): "request(\(method) \(target) body=\(body.debugDescription))"
        case .sendContinue: "100-continue"
        case .reject(let code): "reject(\(code))"
        }
    }
}

/// Feeds raw bytes to a decoder the way a connection would: all at once, or one byte per read.
enum Feed: CaseIterable, CustomStringConvertible {
    case whole
    case byteByByte

    var description: String { self == .whole ? "whole" : "byte by byte" }

    func decode(_ raw: String, limits: HTTPLimits = HTTPLimits()) -> [Decoded] {
        decode(Array(raw.utf8), limits: limits).events
    }

    /// Also returns the heads, for tests that look at headers and flags.
    func decode(_ raw: [UInt8], limits: HTTPLimits = HTTPLimits()) -> (events: [Decoded], heads: [RequestHead]) {
        var decoder = RequestDecoder(limits: limits)
        var pending: [UInt8] = []
        var events: [Decoded] = []
        var heads: [RequestHead] = []
        let pieces: [ArraySlice<UInt8>] = self == .whole ? [raw[...]] : raw.indices.map { raw[$0...$0] }
        for piece in pieces {
            pending.append(contentsOf: piece)
            while true {
                let (step, consumed) = pending.withUnsafeBytes { decoder.decode($0) }
                pending.removeFirst(consumed)
                switch step {
                case .needMoreBytes:
                    break
                case .sendContinue:
                    events.append(.sendContinue)
                    continue
                case .request(let head, let body):
                    heads.append(head)
                    events.append(.request(method: head.method, target: head.target, body: String(decoding: body, as: UTF8.self)))
                    continue
                case .reject(let status):
                    events.append(.reject(status.code))
                    return (events, heads)
                case .bodyFollows, .bodyPart:
                    Issue.record("announcesBodies is off in these decoders, yet a body was announced")
                    return (events, heads)
                }
                break
            }
        }
        return (events, heads)
    }

    /// Runs the bare head parser; `.needMoreBytes` until the head is complete.
    func parse(_ raw: String, limits: HTTPLimits = HTTPLimits()) -> ParseResult {
        var parser = RequestParser(limits: limits)
        let bytes = Array(raw.utf8)
        if self == .whole { return bytes.withUnsafeBytes { parser.parse($0) } }
        var result = ParseResult.needMoreBytes
        for end in bytes.indices {
            result = bytes[...end].withUnsafeBytes { parser.parse($0) }
            if result != .needMoreBytes { return result }
        }
        return result
    }
}
