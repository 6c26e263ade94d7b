/// One `system.multicall` entry read as IXR reads it; shared by the local multicall and the
/// forwarded one, so that a malformed entry gets the same fault either way.
struct MulticallEntry {
    let methodName: String
    let params: [Value]

    static let methodName = "system.multicall"

    static func read(_ entry: Value) -> Result<MulticallEntry, Fault> {
        guard case .struct(let members) = entry else {
            return .failure(.invalidXMLRPC("A system.multicall entry must be a struct."))
        }
        guard case .string(let name) = members["methodName"] else {
            return .failure(.invalidXMLRPC("A system.multicall entry needs a string methodName."))
        }
        switch members["params"] {
        case .array(let list): return .success(MulticallEntry(methodName: name, params: list))
        case nil: return .success(MulticallEntry(methodName: name, params: []))   // IXR treats a missing params as none
        case .some: return .failure(.invalidXMLRPC("The params of a system.multicall entry must be an array."))
        }
    }
}
