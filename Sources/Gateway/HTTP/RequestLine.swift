/// `method SP request-target SP HTTP-version` (RFC 9112 §3).
struct RequestLine {
    let method: String
    let target: String
    let minorVersion: Int

    static func parse(_ line: UnsafeRawBufferPointer) -> Result<RequestLine, HeadRejection> {
        var methodEnd = 0
        while methodEnd < line.count, line[methodEnd] != ASCII.space {
            guard ASCII.isTokenByte(line[methodEnd]) else { return .failure(.bad) }
            methodEnd += 1
        }
        guard methodEnd > 0, methodEnd < line.count else { return .failure(.bad) }
        let targetStart = methodEnd + 1
        var targetEnd = targetStart
        // The target is visible ASCII only; anything else (controls, a second space, raw UTF-8) is refused.
        while targetEnd < line.count, line[targetEnd] != ASCII.space {
            guard line[targetEnd] > 0x20, line[targetEnd] < 0x7F else { return .failure(.bad) }
            targetEnd += 1
        }
        guard targetEnd > targetStart, targetEnd < line.count else { return .failure(.bad) }
        let version = UnsafeRawBufferPointer(rebasing: line[(targetEnd + 1)...])
        let minor: Int
        switch parseVersion(version) {
        case .success(let value): minor = value
        case .failure(let rejection): return .failure(rejection)
        }
        return .success(RequestLine(method: String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<methodEnd]), as: UTF8.self),
                                    target: String(decoding: UnsafeRawBufferPointer(rebasing: line[targetStart..<targetEnd]), as: UTF8.self),
                                    minorVersion: minor))
    }

    /// `HTTP/` DIGIT `.` DIGIT; a well-formed version we do not speak is 505 (RFC 9110 §15.6.6), garbage is 400.
    private static func parseVersion(_ version: UnsafeRawBufferPointer) -> Result<Int, HeadRejection> {
        guard version.count == 8, version[0] == UInt8(ascii: "H"), version[1] == UInt8(ascii: "T"), version[2] == UInt8(ascii: "T"),
              version[3] == UInt8(ascii: "P"), version[4] == UInt8(ascii: "/"), version[6] == UInt8(ascii: "."),
              let major = digit(version[5]), let minor = digit(version[7]) else { return .failure(.bad) }
        guard major == 1, minor <= 1 else { return .failure(HeadRejection(status: .httpVersionNotSupported)) }
        return .success(minor)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}
