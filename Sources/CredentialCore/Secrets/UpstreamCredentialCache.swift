/// Opened upstream credentials of one store connection, by user id, so that forwarding a request
/// costs a dictionary look-up, not a query and a decryption. Also remembers "this user has none".
///
/// Emptied with the verification cache whenever the file changes (`CredentialStore.reloadAfterChange`,
/// `PRAGMA data_version`), so a CLI `upstream unset` or `set` applies to the very next request;
/// emptied too when asked with another key than it was filled with. Bounded: when full it starts
/// again empty.
final class UpstreamCredentialCache {
    enum Entry {
        case absent
        case present(UpstreamCredential)
    }

    let capacity: Int
    private var key: SecretKey?
    private var entries: [Int64: Entry] = [:]

    init(capacity: Int = 1024) { self.capacity = capacity }

    func lookup(_ userID: Int64, key: SecretKey) -> Entry? {
        guard let cachedKey = self.key, cachedKey == key else {
            removeAll()
            self.key = key
            return nil
        }
        return entries[userID]
    }

    func store(_ entry: Entry, for userID: Int64) {
        if entries.count >= capacity, entries[userID] == nil { entries.removeAll(keepingCapacity: true) }
        entries[userID] = entry
    }

    func removeAll() {
        if !entries.isEmpty { entries.removeAll(keepingCapacity: true) }
    }
}

@available(*, unavailable) extension UpstreamCredentialCache: Sendable {}
