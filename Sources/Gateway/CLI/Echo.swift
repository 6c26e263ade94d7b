import CredentialCore

/// What a CLI message may repeat of what was typed: anything but something that looks like an
/// application password. A password pasted where a uuid, login or flag value belongs would
/// otherwise be printed back, and stderr often ends up in a log (cron mail, CI output).
enum Echo {
    static func argument(_ text: String) -> String { PasswordFormat.withheldIfPassword(text) }
}
