import Foundation
import Testing

/// What the operations tests share: a gateway with metrics and an access log, the scrape, the log's lines,
/// SQL from another process, and the PyPI Prometheus parser.
enum OperationsHarness {
    /// The `metrics on http://HOST:PORT/metrics` line `serve` prints before `listening on`.
    static func metricsPort(_ server: LiveServer) throws -> UInt16 {
        guard let range = server.stdoutAtStart.range(of: #"metrics on http://127\.0\.0\.1:(\d+)/metrics"#, options: .regularExpression),
              let port = UInt16(server.stdoutAtStart[range].split(separator: ":").last!.split(separator: "/").first!) else {
            throw HarnessError("no 'metrics on' line in: \(server.stdoutAtStart)")
        }
        return port
    }

    static func scrape(_ port: UInt16) throws -> String {
        let answer = try RawHTTP.request("GET", "/metrics", port: port)
        guard answer.status == 200 else { throw HarnessError("scrape answered \(answer.status)") }
        return String(decoding: answer.body, as: UTF8.self)
    }

    /// The access log's lines once at least `count` are written (the writer is a background thread).
    static func lines(_ path: String, atLeast count: Int) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").map(String.init)
            if lines.count >= count || Date() > deadline {
                return try lines.map { line in
                    guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                        throw HarnessError("not a JSON object: \(line)")
                    }
                    return object
                }
            }
            usleep(20_000)
        }
    }

    /// Runs SQL on the server's file from another process (python3's sqlite3), as another instance would.
    static func sql(_ server: LiveServer, _ statement: String) throws {
        let run = try Tool.python("""
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], timeout=10)
            db.execute(sys.argv[2])
            db.commit()
            """, [server.databasePath, statement])
        guard run.status == 0 else { throw HarnessError("sqlite3 failed: \(run.stderr)") }
    }

    /// Every sample of a scrape as parsed by `prometheus_client.parser`: "name{a="x",b="y"}" (labels
    /// sorted) → value. The parser throws on text it does not accept, which fails the test.
    static func parse(_ text: String, packages: URL) throws -> [String: Double] {
        let run = try Tool.python("""
            import json, sys
            sys.path.insert(0, sys.argv[1])
            from prometheus_client.parser import text_string_to_metric_families
            out = {}
            for family in text_string_to_metric_families(open(sys.argv[2]).read()):
                for sample in family.samples:
                    labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
                    out[sample.name + ("{" + labels + "}" if labels else "")] = sample.value
            print(json.dumps(out))
            """, [packages.path, try write(text)])
        guard run.status == 0, let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Double] else {
            throw HarnessError("the Prometheus parser refused the scrape: \(run.stderr.suffix(800))")
        }
        return object
    }

    private static func write(_ text: String) throws -> String {
        let url = try TempDirectory.make().appendingPathComponent("scrape.txt")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
