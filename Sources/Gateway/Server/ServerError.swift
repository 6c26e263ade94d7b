import Glibc

/// A failed system call while setting up or running the listener.
package struct ServerError: Error, CustomStringConvertible {
    package let operation: String
    package let code: Int32

    init(_ operation: String, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    package var description: String { "\(operation): \(String(cString: strerror(code)))" }
}
