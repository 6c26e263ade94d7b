/// Why a head was refused; only the status goes on the wire (the fixed bodies never echo input).
struct HeadRejection: Error, Equatable {
    let status: HTTPStatus
    static let bad = HeadRejection(status: .badRequest)
}
