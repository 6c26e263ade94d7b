#if canImport(Glibc)
import Glibc
#endif

/// One `allowed_networks` entry: an IPv4 or IPv6 network in CIDR form (RFC 4632, RFC 4291 §2.3).
/// A bare address is a /32 or /128. Host bits below the prefix are cleared, so `10.1.2.3/8` is
/// kept as `10.0.0.0/8`. IPv4-mapped IPv6 clients (`::ffff:a.b.c.d`) match IPv4 ranges.
public struct NetworkRange: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes, host bits cleared.
    public let network: [UInt8]
    public let prefixLength: Int

    init(network: [UInt8], prefixLength: Int) {
        self.network = NetworkRange.masked(network, prefixLength)
        self.prefixLength = prefixLength
    }

    /// Parses `address[/prefix]`; nil when it is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = NetworkRange.addressBytes(String(parts[0])) else { return nil }
        let bits = address.count * 8
        var prefix = bits
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let value = Int(digits), value <= bits else { return nil }
            prefix = value
        }
        network = NetworkRange.masked(address, prefix)
        prefixLength = prefix
    }

    /// Whether the client `address` (as the server reports its peer) lies in this range.
    public func contains(_ address: String) -> Bool {
        guard let bytes = NetworkRange.clientBytes(address) else { return false }
        return contains(bytes: bytes)
    }

    /// `bytes` is 4 or 16 bytes; families never match each other (after IPv4-mapped unwrapping).
    func contains(bytes: [UInt8]) -> Bool {
        guard bytes.count == network.count else { return false }
        return NetworkRange.masked(bytes, prefixLength) == network
    }

    public var description: String {
        let text: String
        if network.count == 4 {
            text = network.map(String.init).joined(separator: ".")
        } else {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: network) }
            inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
            text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return "\(text)/\(prefixLength)"
    }

    // MARK: bytes

    /// The address bytes of a client, IPv4-mapped IPv6 unwrapped to 4 bytes; a zone (`%eth0`) is ignored.
    /// Whether `text` is an IPv4 or IPv6 address (as a peer or a forwarding header names one).
    public static func isAddress(_ text: String) -> Bool { clientBytes(text) != nil }

    /// 127.0.0.0/8 or ::1 (an IPv4-mapped loopback too): a client on this machine.
    public static func isLoopback(_ address: String) -> Bool {
        guard let bytes = clientBytes(address) else { return false }
        return bytes.count == 4 ? bytes[0] == 127 : bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    static func clientBytes(_ address: String) -> [UInt8]? {
        let withoutZone = address.split(separator: "%", maxSplits: 1).first.map(String.init) ?? address
        guard let bytes = addressBytes(withoutZone) else { return nil }
        if bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            return Array(bytes[12..<16])
        }
        return bytes
    }

    /// 4 bytes for dotted-quad IPv4, 16 for IPv6 (libc's strict `inet_pton` parsers).
    static func addressBytes(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        var out = bytes
        for index in out.indices {
            let kept = min(max(prefix - index * 8, 0), 8)
            out[index] &= kept == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - kept))
        }
        return out
    }
}

extension NetworkRange {
    /// Parses a list; the error names the first bad entry.
    public static func parseList(_ texts: [String]) throws(StoreError) -> [NetworkRange] {
        var out: [NetworkRange] = []
        for text in texts {
            guard let range = NetworkRange(text) else { throw .invalidNetwork(text) }
            if !out.contains(range) { out.append(range) }
        }
        return out
    }
}

extension NetworkRange {
    /// Matches only `::` (which no real client has): stands in for a stored entry that no longer parses.
    static let nothing = NetworkRange("::/128")!
}
