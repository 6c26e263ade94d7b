/// Writes `methodResponse` (and, for clients and tests, `methodCall`) documents straight into a
/// byte buffer: no DOM, no Foundation formatting. Output is always well-formed XML 1.0 in UTF-8.
public enum ValueEncoder {
    static let declaration = Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) + [0x0A]

    /// A successful answer with exactly one param. Throws only for a value XML-RPC cannot carry
    /// (an infinite or NaN double): that is a bug in a handler, reported to the client as -32603.
    public static func response(_ value: Value) throws(Fault) -> [UInt8] {
        // Room for a typical answer (wp.getUsersBlogs is ~600 bytes) without regrowing.
        try XMLBuffer.document(capacity: 1024) { (out: inout XMLBuffer) throws(Fault) in
            out.append(declaration)
            out.append("<methodResponse><params><param>")
            try out.write(value)
            out.append("</param></params></methodResponse>\n")
        }
    }

    /// A fault answer: `<fault>` holding the `{faultCode, faultString}` struct.
    public static func fault(_ fault: Fault) -> [UInt8] {
        // The fault struct holds an int and a string only: writing it cannot fail.
        (try? XMLBuffer.document(capacity: 256 + fault.message.utf8.count) { (out: inout XMLBuffer) throws(Fault) in
            out.append(declaration)
            out.append("<methodResponse><fault>")
            try out.write(fault.value)
            out.append("</fault></methodResponse>\n")
        }) ?? []
    }

    /// A `methodCall` document, as a client sends it.
    public static func call(_ methodName: String, _ params: [Value]) throws(Fault) -> [UInt8] {
        try XMLBuffer.document(capacity: 256) { (out: inout XMLBuffer) throws(Fault) in
            out.append(declaration)
            out.append("<methodCall><methodName>")
            out.appendEscaped(methodName)
            out.append("</methodName><params>")
            for param in params {
                out.append("<param>")
                try out.write(param)
                out.append("</param>")
            }
            out.append("</params></methodCall>\n")
        }
    }
}
