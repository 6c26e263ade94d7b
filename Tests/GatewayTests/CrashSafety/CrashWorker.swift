import Foundation

/// One client connection (keep-alive) that creates, renames, uses and revokes the passwords of
/// its own user as the administrator, as fast as answers come, until the server is killed under
/// it; then it waits for the next server. It owns its `passwords`: the test reads them only
/// while every worker is parked in the coordinator.
final class CrashWorker: @unchecked Sendable {   // `passwords` and `counts` touched by one thread at a time (see above)
    struct Counts {
        var created = 0, renamed = 0, used = 0, revoked = 0
        /// Requests sent whose answer was lost to a SIGKILL: their outcome is unknown.
        var unanswered = 0
        var answered: Int { created + renamed + used + revoked }
    }

    let index: Int
    let login: String
    let userID: Int
    private let admin: (login: String, password: String)
    private let coordinator: CrashCoordinator
    /// Upper bound on the live passwords this worker keeps (past it, it revokes).
    private let poolLimit: Int
    var passwords: [TrackedPassword] = []
    var counts = Counts()
    /// Incremented by the test before each server start.
    var cycle = 0
    private var sequence = 0
    private var generator = SystemRandomNumberGenerator()

    init(index: Int, login: String, userID: Int, admin: (login: String, password: String), coordinator: CrashCoordinator, poolLimit: Int = 24) {
        self.index = index
        self.login = login
        self.userID = userID
        self.admin = admin
        self.coordinator = coordinator
        self.poolLimit = poolLimit
    }

    /// The thread body: until the coordinator finishes, run against each server in turn.
    func run() {
        var generation = 0
        while let (current, port) = coordinator.waitForServer(after: generation) {
            generation = current
            guard let client = try? RawClient(port: port, receiveTimeoutSeconds: 20) else {
                if coordinator.isServing(current) { coordinator.problem("\(login): cannot connect to a running server") }
                continue
            }
            while coordinator.isServing(current) {
                do {
                    try step(client, port: port)
                } catch {
                    counts.unanswered += 1
                    // Before `close()` the server was not being killed: a failed request is a bug.
                    if coordinator.isServing(current) { coordinator.problem("\(login): a request failed while the server was up: \(error)") }
                    break
                }
            }
        }
    }

    // MARK: one operation

    private func step(_ client: RawClient, port: UInt16) throws {
        if let pending = passwords.firstIndex(where: { $0.revocation == .unanswered }) {
            return try revoke(pending, client, port: port, resolving: true)
        }
        let live = passwords.indices.filter { passwords[$0].revocation == .none }
        let roll = Int.random(in: 0..<100, using: &generator)
        if live.count < 2 || (live.count < poolLimit && roll < 40) { return try create(client, port: port) }
        let chosen = live.randomElement(using: &generator)!
        if live.count >= poolLimit || roll >= 88 { return try revoke(chosen, client, port: port, resolving: false) }
        if roll < 74 { return try rename(chosen, client, port: port) }
        try use(chosen, client, port: port)
    }

    private func send(_ client: RawClient, _ text: String) throws -> RawClient.Response {
        try client.send(text)
        return try client.readResponse()
    }

    private func create(_ client: RawClient, port: UInt16) throws {
        sequence += 1
        let name = "w\(index)-c\(sequence)"
        let answer = try send(client, CrashRequests.text("POST", CrashRequests.collection(of: userID), port: port, basic: admin,
                                                         json: #"{"name":"\#(name)"}"#))
        guard answer.status == 201, let uuid = answer.value["uuid"]?.string, let password = answer.value["password"]?.string,
              answer.value["name"]?.string == name else {
            return coordinator.problem("\(login): create answered \(answer.status) \(answer.text)")
        }
        passwords.append(TrackedPassword(uuid: uuid, login: login, password: password, createdInCycle: cycle, name: name))
        counts.created += 1
    }

    private func rename(_ position: Int, _ client: RawClient, port: UInt16) throws {
        sequence += 1
        let name = "w\(index)-r\(sequence)"
        let uuid = passwords[position].uuid
        passwords[position].unansweredNames.append(name)         // until answered, it may or may not be stored
        let answer = try send(client, CrashRequests.text("PUT", CrashRequests.collection(of: userID) + "/" + uuid, port: port, basic: admin,
                                                         json: #"{"name":"\#(name)"}"#))
        guard answer.status == 200, answer.value["name"]?.string == name else {
            return coordinator.problem("\(login): rename of \(uuid) answered \(answer.status) \(answer.text)")
        }
        passwords[position].name = name
        passwords[position].unansweredNames = []
        counts.renamed += 1
    }

    private func use(_ position: Int, _ client: RawClient, port: UInt16) throws {
        let tracked = passwords[position]
        let answer = try send(client, CrashRequests.text("GET", CrashRequests.me, port: port, basic: (login, tracked.password)))
        guard answer.status == 200 else {
            return coordinator.problem("\(login): live password \(tracked.uuid) refused: \(answer.status) \(answer.text)")
        }
        counts.used += 1
    }

    /// `resolving`: a revoke whose answer was lost; 404 now means the lost one did it.
    private func revoke(_ position: Int, _ client: RawClient, port: UInt16, resolving: Bool) throws {
        let tracked = passwords[position]
        passwords[position].revocation = .unanswered
        let answer = try send(client, CrashRequests.text("DELETE", CrashRequests.collection(of: userID) + "/" + tracked.uuid, port: port, basic: admin))
        let gone = answer.status == 200 && answer.value["deleted"] == .bool(true)
            || resolving && answer.status == 404 && answer.code == "rest_application_password_not_found"
        guard gone else {
            return coordinator.problem("\(login): revoke of \(tracked.uuid) answered \(answer.status) \(answer.text)")
        }
        passwords[position].revocation = .answered
        passwords[position].revokedInCycle = cycle
        counts.revoked += 1
        // At once, on this connection's loop: the revoked password is refused.
        let after = try send(client, CrashRequests.text("GET", CrashRequests.me, port: port, basic: (login, tracked.password)))
        if after.status != 401 { coordinator.problem("\(login): revoked password \(tracked.uuid) answered \(after.status) right after its revoke") }
    }
}
