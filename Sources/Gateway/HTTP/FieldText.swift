extension StringProtocol {
    /// Without leading and trailing spaces and tabs, a field value's optional whitespace (RFC 9110
    /// §5.6.3), nor any of `also` (the quotes around a `Forwarded` value). One helper for every field
    /// parser here: the gateway's, the upstream answer's, the trusted-proxy headers'.
    func trimmingFieldSpace(also extra: String = "") -> SubSequence {
        func isTrimmed(_ character: Character) -> Bool { character == " " || character == "\t" || extra.contains(character) }
        var start = startIndex, end = endIndex
        while start < end, isTrimmed(self[start]) { start = index(after: start) }
        while end > start, isTrimmed(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}
