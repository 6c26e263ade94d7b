/// The query code writes SQLite's placeholders (`?1`, `?2`, or a bare `?` for the next one);
/// PostgreSQL wants `$1`, `$2`. Text inside single quotes, double quotes and `--` comments is left
/// alone (`'$P$'` is a literal in the candidates query).
enum PlaceholderTranslation {
    static func postgres(_ sql: String) -> String {
        var output = ""
        output.reserveCapacity(sql.utf8.count + 8)
        var next = 1
        var quote: Character?
        var inComment = false
        var characters = sql.makeIterator()
        var pending: Character? = characters.next()
        while let character = pending {
            pending = characters.next()
            if inComment {
                output.append(character)
                if character == "\n" { inComment = false }
                continue
            }
            if let open = quote {
                output.append(character)
                if character == open { quote = nil }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                output.append(character)
            case "-" where pending == "-":
                inComment = true
                output.append(character)
            case "?":
                var digits = ""
                while let digit = pending, digit.isASCII, digit.isNumber {
                    digits.append(digit)
                    pending = characters.next()
                }
                if digits.isEmpty {
                    output += "$\(next)"
                    next += 1
                } else {
                    output += "$" + digits
                    next = (Int(digits) ?? next) + 1
                }
            default:
                output.append(character)
            }
        }
        return output
    }
}
