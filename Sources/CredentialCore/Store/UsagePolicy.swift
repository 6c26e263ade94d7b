/// `record_application_password_usage`: a use is recorded when none was, or when the last one
/// is at least a day old (`last_used + DAY_IN_SECONDS > now` skips).
enum UsagePolicy {
    static let interval: Int64 = 86_400

    static func isDue(lastUsed: Int64?, now: Int64) -> Bool {
        guard let lastUsed else { return true }
        return lastUsed + interval <= now
    }
}
