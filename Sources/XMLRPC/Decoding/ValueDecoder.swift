import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Decodes XML-RPC documents: plain well-formed ones on `PullDecoder`'s fast path, the rest with
/// Foundation's SAX `XMLParser` (libxml2), guarded as
/// reference/xmlrpc.md §10 requires: `DocumentScreen` runs first; nesting is capped; a result is
/// used only when `parse()` returned true, `parserError` is nil and the root element closed
/// (libxml2's recover mode reports truncated, empty and two-root documents as successes).
///
/// Not well-formed (or refused before parsing, or too deep) -> -32700; well-formed but not
/// XML-RPC -> -32600; a scalar whose text is not of its type -> -32602.
public enum ValueDecoder {
    /// How many `<value>` elements may be open at once (a plain param is level 1).
    public static let maximumDepth = 64

    public static func methodCall(from body: [UInt8]) throws(Fault) -> MethodCall {
        switch try decode(body, root: .methodCall) {
        case .call(let call): return call
        case .response: throw Fault.internalError
        }
    }

    public static func methodResponse(from body: [UInt8]) throws(Fault) -> MethodResponse {
        switch try decode(body, root: .methodResponse) {
        case .response(let response): return response
        case .call: throw Fault.internalError
        }
    }

    private static func decode(_ body: [UInt8], root: DecodingState.Root) throws(Fault) -> DecodingState.Document {
        // The common case, a plain well-formed call, on the fast reader; everything else (every
        // fault included) on the guarded XMLParser path below, which `PullDecoder` never overrules.
        if let document = PullDecoder.decode(body, root: root) { return document }
        return try decodeWithXMLParser(body, root: root)
    }

    /// The XMLParser path alone: the oracle the fast reader is tested against.
    static func decodeWithXMLParser(_ body: [UInt8], root: DecodingState.Root) throws(Fault) -> DecodingState.Document {
        if let refusal = DocumentScreen.check(body) { throw refusal }
        let parser = XMLParser(data: Data(body))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let delegate = DecodingDelegate(root: root)
        parser.delegate = delegate
        let finished = parser.parse()
        let state = delegate.state
        if state.isTooDeep { throw Fault.notWellFormed }        // nested deeper than `maximumDepth`
        guard finished, parser.parserError == nil, state.isRootClosed else { throw Fault.notWellFormed }
        if let failure = state.failure { throw failure }
        guard let document = state.document else { throw Fault.internalError }
        return document
    }
}
