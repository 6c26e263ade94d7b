#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL's client library, opened with `dlopen("libpq.so.5")` the first time a `postgres://`
/// store is asked for, so that building and running dualgate on SQLite needs neither `libpq-dev`
/// nor `libpq5` (the promise: the embedded default stays two commands). The functions are
/// looked up by name into C function pointers, as `Gateway/TLS/LibSSL` does for libssl.
struct LibPQ: @unchecked Sendable {   // immutable C function pointers
    typealias ConnectParams = @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) -> OpaquePointer?
    typealias ConnectionInt = @convention(c) (OpaquePointer?) -> Int32
    typealias ConnectionText = @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    typealias ConnectionVoid = @convention(c) (OpaquePointer?) -> Void
    typealias SetNonblocking = @convention(c) (OpaquePointer?, Int32) -> Int32
    typealias SendQuery = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    typealias SendPrepare = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?) -> Int32
    typealias SendQueryPrepared = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?,
                                                  UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> Int32
    typealias GetResult = @convention(c) (OpaquePointer?) -> OpaquePointer?
    typealias ResultInt = @convention(c) (OpaquePointer?) -> Int32
    typealias ResultText = @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    typealias ResultField = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias ResultValue = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    typealias ResultCell = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias ResultVoid = @convention(c) (OpaquePointer?) -> Void
    typealias Notifies = @convention(c) (OpaquePointer?) -> UnsafeMutableRawPointer?   // PGnotify*, only freed: any notification means "changed"
    typealias NoticeProcessor = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void
    typealias SetNoticeProcessor = @convention(c) (OpaquePointer?, NoticeProcessor?, UnsafeMutableRawPointer?) -> NoticeProcessor?
    typealias FreeMemory = @convention(c) (UnsafeMutableRawPointer?) -> Void

    // Values from libpq-fe.h (PostgreSQL 15; stable since 7.x).
    static let connectionOK: Int32 = 0                // CONNECTION_OK
    static let commandOK: Int32 = 1                   // PGRES_COMMAND_OK
    static let tuplesOK: Int32 = 2                    // PGRES_TUPLES_OK
    static let transactionIdle: Int32 = 0             // PQTRANS_IDLE
    static let transactionFailed: Int32 = 3           // PQTRANS_INERROR
    static let diagnosticSQLState = Int32(UInt8(ascii: "C"))   // PG_DIAG_SQLSTATE

    let connectParams: ConnectParams
    let status: ConnectionInt
    let errorMessage: ConnectionText
    let finish: ConnectionVoid
    let socket: ConnectionInt
    let setNonblocking: SetNonblocking
    let flush: ConnectionInt
    let consumeInput: ConnectionInt
    let isBusy: ConnectionInt
    let transactionStatus: ConnectionInt
    let sendQuery: SendQuery
    let sendPrepare: SendPrepare
    let sendQueryPrepared: SendQueryPrepared
    let getResult: GetResult
    let resultStatus: ResultInt
    let resultErrorMessage: ResultText
    let resultErrorField: ResultField
    let tupleCount: ResultInt
    let fieldCount: ResultInt
    let value: ResultValue
    let length: ResultCell
    let isNull: ResultCell
    let commandTuples: ResultText
    let clear: ResultVoid
    let notifies: Notifies
    let freeMemory: FreeMemory
    let setNoticeProcessor: SetNoticeProcessor

    /// The library as loaded at first use; the failure when it is missing says what to install.
    static let loaded: Result<LibPQ, DatabaseError> = open()

    static func require() throws(DatabaseError) -> LibPQ { try loaded.get() }

    /// The message for a missing library names the Debian package (the test for it sets
    /// `DUALGATE_LIBPQ=/nonexistent`).
    private static func open() -> Result<LibPQ, DatabaseError> {
        let name = getenv("DUALGATE_LIBPQ").map { String(cString: $0) } ?? "libpq.so.5"
        let library: SystemLibrary
        switch SystemLibrary.open(name) {
        case .success(let opened): library = opened
        case .failure(let missing):
            return .failure(DatabaseError(unavailable: "a PostgreSQL store needs PostgreSQL's client library libpq.so.5, which could not be loaded (\(missing.reason)); "
                                          + "install it with 'apt-get install libpq5' (Debian/Ubuntu; 'libpq' on Fedora/RHEL)"))
        }
        do throws(DatabaseError) {
            func symbol<T>(_ symbolName: String, as type: T.Type) throws(DatabaseError) -> T {
                guard let function = library.function(symbolName, as: type) else {
                    throw DatabaseError(unavailable: "\(name) is not PostgreSQL's libpq (it has no \(symbolName)); install 'libpq5' (Debian/Ubuntu)")
                }
                return function
            }
            return .success(LibPQ(
                connectParams: try symbol("PQconnectdbParams", as: ConnectParams.self),
                status: try symbol("PQstatus", as: ConnectionInt.self),
                errorMessage: try symbol("PQerrorMessage", as: ConnectionText.self),
                finish: try symbol("PQfinish", as: ConnectionVoid.self),
                socket: try symbol("PQsocket", as: ConnectionInt.self),
                setNonblocking: try symbol("PQsetnonblocking", as: SetNonblocking.self),
                flush: try symbol("PQflush", as: ConnectionInt.self),
                consumeInput: try symbol("PQconsumeInput", as: ConnectionInt.self),
                isBusy: try symbol("PQisBusy", as: ConnectionInt.self),
                transactionStatus: try symbol("PQtransactionStatus", as: ConnectionInt.self),
                sendQuery: try symbol("PQsendQuery", as: SendQuery.self),
                sendPrepare: try symbol("PQsendPrepare", as: SendPrepare.self),
                sendQueryPrepared: try symbol("PQsendQueryPrepared", as: SendQueryPrepared.self),
                getResult: try symbol("PQgetResult", as: GetResult.self),
                resultStatus: try symbol("PQresultStatus", as: ResultInt.self),
                resultErrorMessage: try symbol("PQresultErrorMessage", as: ResultText.self),
                resultErrorField: try symbol("PQresultErrorField", as: ResultField.self),
                tupleCount: try symbol("PQntuples", as: ResultInt.self),
                fieldCount: try symbol("PQnfields", as: ResultInt.self),
                value: try symbol("PQgetvalue", as: ResultValue.self),
                length: try symbol("PQgetlength", as: ResultCell.self),
                isNull: try symbol("PQgetisnull", as: ResultCell.self),
                commandTuples: try symbol("PQcmdTuples", as: ResultText.self),
                clear: try symbol("PQclear", as: ResultVoid.self),
                notifies: try symbol("PQnotifies", as: Notifies.self),
                freeMemory: try symbol("PQfreemem", as: FreeMemory.self),
                setNoticeProcessor: try symbol("PQsetNoticeProcessor", as: SetNoticeProcessor.self)))
        } catch {
            return .failure(error)
        }
    }
}
