/// A harness found input on which a parser broke one of its promises (not a crash: a wrong answer).
/// libFuzzer's entry turns it into a trap so the input is saved; the test suite reports it as a failure.
package struct PropertyViolation: Error, CustomStringConvertible {
    package let target: FuzzTarget
    package let message: String

    package init(_ target: FuzzTarget, _ message: String) {
        self.target = target
        self.message = message
    }

    package var description: String { "\(target.rawValue): \(message)" }
}
