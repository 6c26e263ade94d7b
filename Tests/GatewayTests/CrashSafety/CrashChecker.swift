import Foundation

/// The crash test's two checks, run while every worker is parked: the store as the kill left it
/// (read independently), and authentication over HTTP once the server is back.
struct CrashChecker {
    let coordinator: CrashCoordinator
    let sampleSize: Int
    private(set) var storeChecks = 0
    private(set) var integrityOK = 0
    private(set) var liveChecked = 0
    private(set) var revokedChecked = 0
    /// An answered create or rename not found in the store, or a live password refused.
    private(set) var losses: [String] = []
    /// An answered revoke found in the store again, or its password accepted.
    private(set) var resurrections: [String] = []

    init(coordinator: CrashCoordinator, sampleSize: Int) {
        self.coordinator = coordinator
        self.sampleSize = sampleSize
    }

    /// Reads the killed server's file and compares it with what the workers were answered. What
    /// a kill left undecided (a lost answer) is settled by what the store now holds: from here on
    /// that state is committed, and a later crash must not undo it either.
    mutating func checkStore(_ databasePath: String, workers: [CrashWorker], cycle: Int) throws {
        let snapshot = try StoreSnapshot.read(databasePath)
        storeChecks += 1
        if snapshot.integrity == "ok" { integrityOK += 1 } else { losses.append("kill \(cycle): integrity_check: \(snapshot.integrity)") }
        for worker in workers {
            var lost: [Int] = []
            defer { for position in lost.reversed() { worker.passwords.remove(at: position) } }   // each loss counts once
            for position in worker.passwords.indices {
                let tracked = worker.passwords[position]
                let stored = snapshot.names[tracked.uuid]
                switch tracked.revocation {
                case .answered:
                    if stored != nil {
                        resurrections.append("kill \(cycle): revoked \(tracked.uuid) is stored again")
                        worker.passwords[position].revocation = .unanswered          // its worker revokes it again
                    }
                case .unanswered:
                    if let stored {
                        settleName(stored, of: worker, at: position, cycle: cycle)
                    } else {                                                         // the lost revoke did it
                        worker.passwords[position].revocation = .answered
                        worker.passwords[position].revokedInCycle = cycle
                    }
                case .none:
                    guard let stored else {
                        losses.append("kill \(cycle): created \(tracked.uuid) (\(tracked.name)) is not stored")
                        lost.append(position)
                        continue
                    }
                    settleName(stored, of: worker, at: position, cycle: cycle)
                }
            }
        }
    }

    private mutating func settleName(_ stored: String, of worker: CrashWorker, at position: Int, cycle: Int) {
        let tracked = worker.passwords[position]
        if !tracked.allowedNames.contains(stored) {
            losses.append("kill \(cycle): \(tracked.uuid) is named \(stored), expected one of \(tracked.allowedNames)")
        }
        worker.passwords[position].name = stored
        worker.passwords[position].unansweredNames = []
    }

    /// Live passwords must authenticate, revoked ones must not: those of the last cycle and a
    /// random sample of the rest, or all of them (`everyPassword`). One keep-alive connection.
    mutating func checkAuthentication(port: UInt16, workers: [CrashWorker], cycle: Int, everyPassword: Bool) throws {
        let all = workers.flatMap(\.passwords)
        let live = all.filter { $0.revocation == .none }
        let revoked = all.filter { $0.revocation == .answered }
        let liveToTry = everyPassword ? live : Self.recentAndSample(live, isRecent: { $0.createdInCycle == cycle }, sampleSize)
        let revokedToTry = everyPassword ? revoked : Self.recentAndSample(revoked, isRecent: { $0.revokedInCycle == cycle }, sampleSize)
        let client = try RawClient(port: port, receiveTimeoutSeconds: 20)
        for tracked in liveToTry {
            let answer = try me(client, port: port, tracked)
            liveChecked += 1
            if answer.status != 200 { losses.append("after restart \(cycle): live \(tracked.uuid) answered \(answer.status) \(answer.text)") }
        }
        for tracked in revokedToTry {
            let answer = try me(client, port: port, tracked)
            revokedChecked += 1
            if answer.status != 401 || answer.code != "incorrect_password" {
                resurrections.append("after restart \(cycle): revoked \(tracked.uuid) answered \(answer.status) \(answer.text)")
            }
        }
    }

    private func me(_ client: RawClient, port: UInt16, _ tracked: TrackedPassword) throws -> RawClient.Response {
        try client.send(CrashRequests.text("GET", CrashRequests.me, port: port, basic: (tracked.login, tracked.password)))
        return try client.readResponse()
    }

    private static func recentAndSample(_ passwords: [TrackedPassword], isRecent: (TrackedPassword) -> Bool, _ size: Int) -> [TrackedPassword] {
        let recent = passwords.filter(isRecent)
        return recent + passwords.filter { !isRecent($0) }.shuffled().prefix(size)
    }
}
