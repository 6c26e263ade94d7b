import Glibc

/// Whole seconds on CLOCK_MONOTONIC: deadlines must not jump with the wall clock.
enum MonotonicClock {
    static func seconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec)
    }
}
