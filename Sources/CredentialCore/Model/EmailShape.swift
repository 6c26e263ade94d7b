/// WordPress's `is_email()` shape test (the checks `wp_authenticate_application_password` relies
/// on to choose `invalid_email` over `invalid_username`, and that user creation applies):
/// at least 6 characters; an `@` after the first character; the local part only
/// ``[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]``; the domain without `..`, not starting or ending with a
/// dot or whitespace, at least two labels, each `[A-Za-z0-9-]+` neither starting nor ending with `-`.
package func isEmailShaped(_ text: some StringProtocol) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count >= 6 else { return false }
    // WordPress splits at the first '@' (explode with limit 2); the domain then may not hold another.
    guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
    let local = bytes[..<at]
    let domain = bytes[(at + 1)...]
    guard local.allSatisfy(isLocalPartByte) else { return false }
    guard !domain.isEmpty else { return false }
    var previous: UInt8 = 0
    for byte in domain {
        if byte == UInt8(ascii: "."), previous == UInt8(ascii: ".") { return false }
        previous = byte
    }
    let trimChars: Set<UInt8> = [UInt8(ascii: "."), 0x20, 0x09, 0x0a, 0x0d, 0x00, 0x0b]
    guard let first = domain.first, let last = domain.last, !trimChars.contains(first), !trimChars.contains(last) else { return false }
    let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    guard labels.count >= 2 else { return false }
    for label in labels {
        guard let head = label.first, let tail = label.last else { return false }
        if head == UInt8(ascii: "-") || tail == UInt8(ascii: "-") { return false }
        guard label.allSatisfy(isDomainByte) else { return false }
    }
    return true
}

private func isLocalPartByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        true
    default:
        Array("!#$%&'*+/=?^_`{|}~.-".utf8).contains(byte)
    }
}

private func isDomainByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
         UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
        true
    default:
        false
    }
}
