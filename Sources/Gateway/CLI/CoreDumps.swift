import Glibc

/// Every `dualgate` process turns core dumps off before it does anything else (issue 7 item 5).
/// A core of `serve` would hold, in clear, the passwords of recent requests (each `Authorization`
/// header and XML-RPC body passes through memory) and any password just created; a core of the
/// CLI the password it just printed. Two switches, because each misses a case:
/// - `RLIMIT_CORE` 0, soft and hard: no core file, whatever `ulimit -c` the shell set, and the
///   process cannot raise it again;
/// - `PR_SET_DUMPABLE` 0: no core either when `core_pattern` pipes cores to a collector
///   (systemd-coredump, apport), which ignores `RLIMIT_CORE`; it also stops other processes of
///   the same user from attaching with ptrace or reading `/proc/PID/mem`.
/// `DUALGATE_ALLOW_CORE_DUMPS=1` leaves both as they were, to debug a crash on a test machine.
enum CoreDumps {
    static let allowVariable = "DUALGATE_ALLOW_CORE_DUMPS"

    /// Applies both unless the environment allows cores; returns false if a switch failed (the
    /// process goes on: refusing to start would be worse than a possible core).
    @discardableResult
    static func disable(unless environment: [String: String]) -> Bool {
        guard environment[allowVariable] != "1" else { return true }
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        let limited = setrlimit(coreResource, &limit) == 0
        let undumpable = setDumpable(false)
        return limited && undumpable
    }

    private static let coreResource = __rlimit_resource_t(RLIMIT_CORE.rawValue)

    /// `prctl(PR_SET_DUMPABLE, …)`. prctl is variadic, which Swift cannot call, so it is looked
    /// up by name and called with its fixed five-argument form (integers only: the same registers
    /// on the Linux ABIs Swift supports).
    private static func setDumpable(_ dumpable: Bool) -> Bool {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let address = dlsym(dlopen(nil, RTLD_NOW), "prctl") else { return false }
        let prctl = unsafeBitCast(address, to: Prctl.self)
        let setDumpableOption: Int32 = 4                       // PR_SET_DUMPABLE, <linux/prctl.h>
        return prctl(setDumpableOption, dumpable ? 1 : 0, 0, 0, 0) == 0
    }
}
