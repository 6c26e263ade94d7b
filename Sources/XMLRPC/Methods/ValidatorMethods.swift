/// The eight classic `validator1.*` interop methods (reference/xmlrpc.md §9), served only with
/// `serve --enable-validator`. Params faults are -32602; int results must fit 64 bits.
enum ValidatorMethods {
    static let all: [MethodRegistry.Method] = [
        arrayOfStructs, countTheEntities, easyStruct, echoStruct, manyTypes, moderateSizeArray, nestedStruct, simpleStructReturn,
    ]

    static let arrayOfStructs = MethodRegistry.Method(
        "validator1.arrayOfStructsTest",
        help: "Takes an array of structs each holding an int member curly; returns the sum of all curly values.",
        signatures: [["int", "array"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        var sum: Int64 = 0
        for element in try call.array(at: 0) {
            guard case .struct(let members) = element else { throw Fault.invalidParameters("Every element must be a struct.") }
            sum = try add(sum, try int(members, "curly"))
        }
        return .int(sum)
    }

    static let countTheEntities = MethodRegistry.Method(
        "validator1.countTheEntities",
        help: "Counts the <, >, &, ' and \" characters of a string; returns {ctLeftAngleBrackets, ctRightAngleBrackets, ctAmpersands, ctApostrophes, ctQuotes}.",
        signatures: [["struct", "string"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        let text = try call.string(at: 0).utf8
        func count(_ character: Unicode.Scalar) -> Value { .int(Int64(text.lazy.filter { $0 == UInt8(ascii: character) }.count)) }
        return .makeStruct([
            "ctLeftAngleBrackets": count("<"), "ctRightAngleBrackets": count(">"), "ctAmpersands": count("&"),
            "ctApostrophes": count("'"), "ctQuotes": count("\""),
        ])
    }

    static let easyStruct = MethodRegistry.Method(
        "validator1.easyStructTest",
        help: "Takes a struct with int members moe, larry and curly; returns their sum.",
        signatures: [["int", "struct"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        return .int(try stooges(try call.struct(at: 0)))
    }

    static let echoStruct = MethodRegistry.Method(
        "validator1.echoStructTest",
        help: "Returns the struct it is given, unchanged.",
        signatures: [["struct", "struct"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        return .struct(try call.struct(at: 0))
    }

    static let manyTypes = MethodRegistry.Method(
        "validator1.manyTypesTest",
        help: "Takes an int, a boolean, a string, a double, a dateTime.iso8601 and a base64; returns them as an array.",
        signatures: [["array", "int", "boolean", "string", "double", "dateTime.iso8601", "base64"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(6)
        return .array([.int(try call.int(at: 0)), .boolean(try call.boolean(at: 1)), .string(try call.string(at: 2)),
                       .double(try call.double(at: 3)), .dateTime(try call.dateTime(at: 4)), .base64(try call.base64(at: 5))])
    }

    static let moderateSizeArray = MethodRegistry.Method(
        "validator1.moderateSizeArrayCheck",
        help: "Takes an array of strings; returns the first concatenated with the last.",
        signatures: [["string", "array"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        let elements = try call.array(at: 0)
        guard case .string(let first) = elements.first, case .string(let last) = elements.last else {
            throw Fault.invalidParameters("The array must start and end with strings.")
        }
        return .string(first + last)
    }

    static let nestedStruct = MethodRegistry.Method(
        "validator1.nestedStructTest",
        help: "Takes a calendar struct (years -> months -> days -> {moe, larry, curly}); returns moe + larry + curly of 2000-04-01.",
        signatures: [["int", "struct"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        guard case .struct(let year) = try call.struct(at: 0)["2000"], case .struct(let month) = year["04"],
              case .struct(let day) = month["01"] else {
            throw Fault.invalidParameters("The struct has no member 2000.04.01.")
        }
        return .int(try stooges(day))
    }

    static let simpleStructReturn = MethodRegistry.Method(
        "validator1.simpleStructReturnTest",
        help: "Takes an int n; returns {times10, times100, times1000}.",
        signatures: [["struct", "int"]]
    ) { (call: inout Invocation) throws(Fault) -> Value in
        try call.expectAtMost(1)
        let number = try call.int(at: 0)
        let (times1000, overflow) = number.multipliedReportingOverflow(by: 1000)
        guard !overflow else { throw Fault.invalidParameters("n × 1000 does not fit in 64 bits.") }
        return .makeStruct(["times10": .int(number * 10), "times100": .int(number * 100), "times1000": .int(times1000)])
    }

    private static func stooges(_ members: Value.Struct) throws(Fault) -> Int64 {
        try add(try add(try int(members, "moe"), try int(members, "larry")), try int(members, "curly"))
    }

    private static func int(_ members: Value.Struct, _ name: String) throws(Fault) -> Int64 {
        guard case .int(let number) = members[name] else { throw Fault.invalidParameters("Member \(name) must be an int.") }
        return number
    }

    private static func add(_ a: Int64, _ b: Int64) throws(Fault) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw Fault.invalidParameters("The sum does not fit in 64 bits.") }
        return sum
    }
}
