import XMLRPC

/// `ValueDecoder.methodCall(from:)` on any bytes: a call or a `Fault`, never a crash; a decoded call
/// written back by `ValueEncoder.call` decodes to an equal call (what we accept, we can also say).
enum XMLRPCHarness {
    static func check(_ bytes: UnsafeRawBufferPointer) throws(PropertyViolation) {
        let call: MethodCall
        do { call = try ValueDecoder.methodCall(from: Array(bytes)) } catch {
            guard !error.message.isEmpty else { throw PropertyViolation(.xmlrpc, "fault \(error.code) without a message") }
            return
        }
        let encoded: [UInt8]
        do { encoded = try ValueEncoder.call(call.methodName, call.params) } catch {
            throw PropertyViolation(.xmlrpc, "a decoded call does not encode: \(error)")
        }
        let again: MethodCall
        do { again = try ValueDecoder.methodCall(from: encoded) } catch {
            throw PropertyViolation(.xmlrpc, "our own encoding of a decoded call is refused: \(error); \(String(decoding: encoded, as: UTF8.self))")
        }
        guard again == call else {
            throw PropertyViolation(.xmlrpc, "decode → encode → decode changed the call: \(call) became \(again)")
        }
    }
}
