import WireFormat

/// Unix seconds as PHP's `gmdate` formats them, without Foundation's formatters.
enum GMTDate {
    /// `Y-m-d\TH:i:s`, e.g. `2026-12-02T17:39:10` (application-password fields).
    static func wordpress(_ seconds: Int64) -> String { CivilTime(unixSeconds: seconds).formatted() }

    /// `c` (ISO 8601 with offset), e.g. `2026-12-02T17:39:10+00:00` (users' `registered_date`).
    static func iso8601(_ seconds: Int64) -> String { wordpress(seconds) + "+00:00" }
}
