import Glibc

/// The Prometheus `process_*` set, read from /proc at scrape time (Linux only, like the rest of the server).
struct ProcessStats {
    var cpuSeconds = 0.0
    var residentBytes = 0
    var virtualBytes = 0
    var openDescriptors = 0
    var maxDescriptors = 0

    static func read() -> ProcessStats {
        var stats = ProcessStats()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = sysconf(Int32(_SC_PAGESIZE))
        if let fields = statFields(), fields.count > 22 {
            // proc(5): utime and stime are fields 14 and 15, vsize 23, counted from 1 before the command name.
            stats.cpuSeconds = (Double(fields[11]) ?? 0) / ticks + (Double(fields[12]) ?? 0) / ticks
            stats.virtualBytes = Int(fields[20]) ?? 0
            stats.residentBytes = (Int(fields[21]) ?? 0) * page
        }
        stats.openDescriptors = countDescriptors()
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 { stats.maxDescriptors = Int(clamping: limit.rlim_cur) }
        return stats
    }

    /// Unix seconds when this process started: boot time plus field 22 (starttime, in clock ticks).
    static func startTime() -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard let fields = statFields(), fields.count > 19, let started = Double(fields[19]),
              let boot = readText("/proc/stat")?.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })
                .flatMap({ Double($0.dropFirst(6)) }) else {
            return Double(time(nil))
        }
        return boot + started / ticks
    }

    /// /proc/self/stat after the command name (which may hold spaces and parentheses): field 3 onwards.
    private static func statFields() -> [Substring]? {
        guard let text = readText("/proc/self/stat"), let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    private static func readText(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Entries of /proc/self/fd, minus the descriptor the listing itself holds.
    private static func countDescriptors() -> Int {
        guard let directory = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0[0] == 0x2E }
            if !isDot { count += 1 }
        }
        return max(0, count - 1)
    }
}
