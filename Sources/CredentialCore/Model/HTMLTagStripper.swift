/// PHP's `strip_tags` with no allowed tags, as `wp_strip_all_tags` calls it: a small state
/// machine over bytes. Outside a tag `<` opens one, unless whitespace follows it; inside, quotes
/// are tracked so a quoted `>` does not close the tag, and a nested `<` needs its own `>`;
/// `<!--` comments run to `-->`. NUL bytes are dropped.
enum HTMLTagStripper {
    private enum State { case text, tag, comment }

    static func strip(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var state = State.text
        var depth = 0
        var quote: UInt8 = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") {
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                    if [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c].contains(next) {
                        out.append(byte)                          // "a < b": not a tag
                    } else if bytes[(index + 1)...].starts(with: Array("!--".utf8)) {
                        state = .comment
                        index += 3
                    } else {
                        state = .tag
                        depth = 0
                        quote = 0
                    }
                } else if byte != 0 {
                    out.append(byte)
                }
            case .tag:
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if quote == byte { quote = 0 } else if quote == 0 { quote = byte }
                case UInt8(ascii: "<") where quote == 0:
                    depth += 1
                case UInt8(ascii: ">") where quote == 0:
                    if depth > 0 { depth -= 1 } else { state = .text }
                default:
                    break
                }
            case .comment:
                if byte == UInt8(ascii: ">"), index >= 2, bytes[index - 1] == UInt8(ascii: "-"), bytes[index - 2] == UInt8(ascii: "-") {
                    state = .text
                }
            }
            index += 1
        }
        return out
    }
}
