import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `XMLParser`'s delegate for `ValueDecoder`'s guarded path: hands each SAX event to a
/// `DecodingState` and stops the parser when the document nests too deep.
final class DecodingDelegate: NSObject, XMLParserDelegate {
    private(set) var state: DecodingState

    init(root: DecodingState.Root) { state = DecodingState(root: root) }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if !state.startElement(elementName, attributeNames: attributes.keys) { parser.abortParsing() }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        state.endElement()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        state.characters(string)
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        state.characters(whitespaceString)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        state.characters(String(decoding: CDATABlock, as: UTF8.self))
    }
}

@available(*, unavailable) extension DecodingDelegate: Sendable {}
