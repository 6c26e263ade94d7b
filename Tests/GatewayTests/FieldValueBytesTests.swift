import Testing
@testable import Gateway

/// `ASCII.areFieldValueBytes` checks eight bytes at a time; it must agree with the byte rule
/// (`isFieldValueByte`) for every byte value at every position and for random runs of any length.
@Suite("field-value bytes, word at a time")
struct FieldValueBytesTests {
    private func wordwise(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { ASCII.areFieldValueBytes($0) }
    }

    @Test func everyByteValueAtEveryPositionOfAFewWords() {
        for value in 0...255 {
            let byte = UInt8(value)
            for position in 0..<25 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 25)
                bytes[position] = byte
                #expect(wordwise(bytes) == ASCII.isFieldValueByte(byte), "byte \(value) at \(position)")
            }
        }
    }

    @Test func randomRunsAgreeWithTheByteRule() {
        var generator = SystemRandomNumberGenerator()
        // Mostly visible bytes and obs-text, with a control, a tab or a DEL now and then.
        let rare: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in
                Int.random(in: 0..<30, using: &generator) == 0 ? rare.randomElement(using: &generator)! : UInt8.random(in: 0x20...0xFF, using: &generator)
            }
            #expect(wordwise(bytes) == bytes.allSatisfy(ASCII.isFieldValueByte), "\(bytes)")
        }
    }
}
