/// What `RequestParser` makes of the bytes so far.
package enum ParseResult: Equatable {
    case needMoreBytes
    /// A complete head; `consumed` counts its bytes, final CRLF included.
    case head(RequestHead, consumed: Int)
    /// The request cannot be served; answer with this status and close.
    case reject(HTTPStatus)
}
