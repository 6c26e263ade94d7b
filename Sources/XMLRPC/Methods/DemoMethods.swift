/// WordPress's two `demo.*` methods (class-wp-xmlrpc-server.php), with interop param faults.
enum DemoMethods {
    static let all: [MethodRegistry.Method] = [sayHello, addTwoNumbers]

    static let sayHello = MethodRegistry.Method(
        "demo.sayHello",
        help: "Returns the string \"Hello!\".",
        signatures: [["string"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(0)
        return .string("Hello!")
    }

    static let addTwoNumbers = MethodRegistry.Method(
        "demo.addTwoNumbers",
        help: "Adds two integers and returns the sum.",
        signatures: [["int", "int", "int"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(2)
        let (sum, overflow) = try call.int(at: 0).addingReportingOverflow(try call.int(at: 1))
        guard !overflow else { throw Fault.invalidParameters("The sum does not fit in 64 bits.") }
        return .int(sum)
    }
}
