import CredentialCore
import Glibc

/// Which protocol a request spoke, for `dualgate_requests_total{protocol}` and the access log. Judged on
/// the path as the dispatcher judges it (`Destination`), without building a REST target.
enum RequestProtocol: Int, CaseIterable, Sendable {
    /// `unparsed`: refused while framing (a bad or oversized head, a body too large, a stalled request),
    /// before its target was read; never reaches a handler.
    case xmlrpc, rest, health, page, unparsed

    var label: String { "\(staticLabel)" }

    var staticLabel: StaticString {
        switch self {
        case .xmlrpc: "xmlrpc"
        case .rest: "rest"
        case .health: "health"
        case .page: "page"
        case .unparsed: "unparsed"
        }
    }

    /// On the target's bytes: `Substring` comparisons are Character work (NOTES: 10–100× byte work).
    init(target: String) {
        // A native string's bytes are read in place; `withUTF8` on a copy would retain and check it first.
        if let judged = target.utf8.withContiguousStorageIfAvailable({ Self.judge(UnsafeRawBufferPointer($0)) }) {
            self = judged
        } else {
            self = Array(target.utf8).withUnsafeBytes { Self.judge($0) }
        }
    }

    private static func judge(_ bytes: UnsafeRawBufferPointer) -> RequestProtocol {
        guard let start = bytes.baseAddress else { return .page }
        if bytes.count >= 8 && memcmp(start, "/wp-json", 8) == 0 { return .rest }
        let end = bytes.firstIndex(of: 0x3F) ?? bytes.count
        let path = UnsafeRawBufferPointer(rebasing: bytes[..<end])
        if path.elementsEqual("/xmlrpc.php".utf8) || path.elementsEqual("/xmlrpc".utf8) || path.elementsEqual("/RPC2".utf8) { return .xmlrpc }
        if path.elementsEqual("/healthz".utf8) { return .health }
        let query = bytes[end...]
        let needle: StaticString = "rest_route="
        let length = needle.utf8CodeUnitCount
        guard query.count >= length else { return .page }
        for offset in query.startIndex...(query.endIndex - length) where memcmp(start + offset, needle.utf8Start, length) == 0 {
            return .rest
        }
        return .page
    }
}

/// `dualgate_authentications_total{outcome}`: `ok`, or the refusal reason as the audit trail words it.
enum AuthOutcome: Int, CaseIterable, Sendable {
    case ok, unknownUser, unknownEmail, incorrectPassword, wrongAPIType, expired, pending, disabled, networkDenied
    case unavailableForRole, lockedOut, insecureTransport, notChecked, internalError, storeUnavailable

    init(_ failure: AuthFailure?) {
        guard let failure else { self = .ok; return }
        switch failure {                    // no `default:`: a new failure must get its label here
        case .unknownUser: self = .unknownUser
        case .unknownEmail: self = .unknownEmail
        case .incorrectPassword: self = .incorrectPassword
        case .wrongAPIType: self = .wrongAPIType
        case .expired: self = .expired
        case .pending: self = .pending
        case .disabled: self = .disabled
        case .networkDenied: self = .networkDenied
        case .applicationPasswordsUnavailable: self = .unavailableForRole
        case .lockedOut: self = .lockedOut
        case .insecureTransport: self = .insecureTransport
        case .notCheckedAfterEarlierFailure: self = .notChecked
        case .internalError: self = .internalError
        // The store (PostgreSQL) could not be reached: an outage to see apart from a fault of ours.
        case .storeUnavailable: self = .storeUnavailable
        }
    }

    var label: String { "\(staticLabel)" }

    var staticLabel: StaticString {
        switch self {
        case .ok: "ok"
        case .unknownUser: "unknown_user"
        case .unknownEmail: "unknown_email"
        case .incorrectPassword: "incorrect_password"
        case .wrongAPIType: "wrong_api_type"
        case .expired: "expired"
        case .pending: "pending"
        case .disabled: "disabled"
        case .networkDenied: "network_denied"
        case .unavailableForRole: "unavailable_for_role"
        case .lockedOut: "locked_out"
        case .insecureTransport: "insecure_transport"
        case .notChecked: "not_checked_after_earlier_failure"
        case .internalError: "internal_error"
        case .storeUnavailable: "store_unavailable"
        }
    }
}
