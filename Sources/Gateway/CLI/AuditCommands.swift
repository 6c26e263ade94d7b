import CredentialCore
import Foundation

/// `dualgate audit tail [-n N] [--follow]`: the audit trail, one readable line per event.
enum AuditCommands {
    static let tail = Command(
        path: ["audit", "tail"],
        usage: "dualgate audit tail [-n N] [--follow] [--json] [--audit-log PATH] [--db PATH]",
        summary: "Print the last events of the audit trail (default 20), optionally following new ones.",
        details: """
              -n N, --lines N      how many of the last events to print (default 20)
              --follow             keep printing events as they are appended (stop with Ctrl-C)
              --json               print the JSON Lines as stored
              --audit-log PATH     the trail to read (default: $DUALGATE_AUDIT_LOG, else next to the database)
            """,
        spec: .init(valued: ["db", "lines", "audit-log"], switches: ["follow", "json"]),
        run: { arguments, env in
            var count = 20
            var positionals = arguments.positionals
            if let text = arguments.value("lines") { count = try parseCount(text) }
            if positionals.first == "-n" {
                guard positionals.count >= 2 else { throw UsageError("-n needs a number") }
                count = try parseCount(positionals[1])
                positionals.removeFirst(2)
            }
            if let extra = positionals.first { throw UsageError("unexpected argument '\(Echo.argument(extra))'") }
            let path = env.auditLogPath(arguments)
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw RefusalError("no audit trail at \(path) (it is created by the first change or 'dualgate serve')")
            }
            defer { try? handle.close() }
            var pending = handle.readDataToEndOfFile()
            let lines = complete(&pending)
            for line in lines.suffix(count) { env.output.line(arguments.has("json") ? line : readable(line)) }
            guard arguments.has("follow") else { return 0 }
            unblockStopSignals()
            while true {
                let more = handle.readDataToEndOfFile()
                if more.isEmpty { usleep(200_000); continue }           // polling a file: nothing to wake us
                pending.append(more)
                for line in complete(&pending) { env.output.line(arguments.has("json") ? line : readable(line)) }
            }
        })

    /// `--follow` runs until SIGINT/SIGTERM end it (their default action). A blocked mask is
    /// inherited across exec (NOTES.md "Inherited signal masks": Foundation's `Process` spawns from
    /// threads that block them), so a follower started that way could never be stopped: take them here.
    private static func unblockStopSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    private static func parseCount(_ text: String) throws(UsageError) -> Int {
        guard let value = Int(text), value >= 0 else { throw UsageError("-n takes a number of events, not '\(Echo.argument(text))'") }
        return value
    }

    /// The complete lines in `buffer`; a partial last line stays for the next read.
    private static func complete(_ buffer: inout Data) -> [String] {
        guard let lastNewline = buffer.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        let text = String(decoding: buffer[buffer.startIndex..<lastNewline], as: UTF8.self)
        buffer = Data(buffer[buffer.index(after: lastNewline)...])
        return text.split(separator: "\n").map(String.init)
    }

    /// The longest event name, so the columns after it line up whatever the kind.
    private static let eventWidth = AuditEvent.Kind.allCases.map(\.rawValue.count).max() ?? 15

    /// `TIME  EVENT  login (user N)  key=value …`; a line that is not an event is printed as it is.
    static func readable(_ line: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return line }
        let time = object["time"] as? String ?? "?"
        let event = object["event"] as? String ?? "?"
        var parts = [time, event.padding(toLength: max(event.count, eventWidth), withPad: " ", startingAt: 0)]
        if let login = object["login"] as? String {
            parts.append(object["user_id"].map { "\(login) (user \($0))" } ?? login)
        } else if let id = object["user_id"] {
            parts.append("user \(id)")
        }
        for key in ["uuid", "name", "api", "address", "reason", "detail"] {
            guard let value = object[key] as? String else { continue }
            parts.append(value.contains(" ") || value.isEmpty ? "\(key)=\"\(value)\"" : "\(key)=\(value)")
        }
        return parts.joined(separator: "  ")
    }
}
