import RESTRoutes

/// `JSONReader.parse` on any bytes: a value or a `JSONReadError`; a value written by `JSONWriter`
/// (compact and pretty, as responses are) reads back equal. The one documented exception: a number
/// too large for a double reads as an infinity (as PHP's `json_decode` does) and is written as `0`
/// (PHP's partial output), so the expected value has those as `0`.
enum JSONBodyHarness {
    static func check(_ bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        let value: JSON
        do { value = try JSONReader.parse(Array(bytes)) } catch { return }
        for pretty in [false, true] {
            let written = JSONWriter.bytes(value, pretty: pretty)
            let again: JSON
            do { again = try JSONReader.parse(written) } catch {
                throw PropertyViolation(.restJSON, "our own output (pretty: \(pretty)) is refused: \(error); \(String(decoding: written, as: UTF8.self))")
            }
            guard again == writable(value) else {
                throw PropertyViolation(.restJSON, "decode → write (pretty: \(pretty)) → decode changed \(value) to \(again)")
            }
        }
    }

    /// `value` as `JSONWriter` can say it: non-finite doubles become the integer 0.
    private static func writable(_ value: JSON) -> JSON {
        switch value {
        case .double(let number) where !number.isFinite: .int(0)
        case .array(let items): .array(items.map(writable))
        case .object(let members): .object(members.map { (key: $0.key, value: writable($0.value)) })
        default: value
        }
    }
}
