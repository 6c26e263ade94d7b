/// A call's params as a WordPress method function sees them, so that the catalogue's positions
/// point where WordPress reads. `IXR_Server::call` hands a method its only param itself when there
/// is exactly one: an array is then read by index, and so is a struct, whose numeric-string member
/// names PHP turns into integer keys (`{"1": login, "2": password}`) — checked with 6.1.9's IXR
/// under PHP 8.2 (reference/wordpress-xmlrpc-methods.md "One-param unwrap"). A lone scalar is
/// not an argument list at all: WordPress's `minimum_args` refuses it, and it has no positions.
struct UnwrappedArguments {
    private enum Layout {
        case list([Value])
        case insideArray([Value])
        case insideStruct(Value.Struct)
        case scalar(Value)
    }

    private var layout: Layout

    init(_ params: [Value]) {
        if params.count == 1 {
            switch params[0] {
            case .array(let elements): layout = .insideArray(elements)
            case .struct(let members): layout = .insideStruct(members)
            case let scalar: layout = .scalar(scalar)
            }
        } else {
            layout = .list(params)
        }
    }

    /// What `minimum_args` counts; nil for a lone scalar (never enough).
    var count: Int? {
        switch layout {
        case .list(let values), .insideArray(let values): values.count
        case .insideStruct(let members): members.count
        case .scalar: nil
        }
    }

    /// The argument at `index`, nil when there is none there.
    subscript(index: Int) -> Value? {
        get {
            switch layout {
            case .list(let values), .insideArray(let values): index < values.count ? values[index] : nil
            case .insideStruct(let members): members[String(index)]
            case .scalar: nil
            }
        }
        set {
            guard let newValue, self[index] != nil else { return }      // only ever replaces
            switch layout {
            case .list(var values):
                values[index] = newValue
                layout = .list(values)
            case .insideArray(var values):
                values[index] = newValue
                layout = .insideArray(values)
            case .insideStruct(var members):
                members[String(index)] = newValue
                layout = .insideStruct(members)
            case .scalar:
                break
            }
        }
    }

    /// True when an argument is one WordPress's IXR parser silently drops from a list (`<nil/>`,
    /// `<i8>`: it knows neither), which moves every later argument one place forward: the
    /// upstream would read its login and password from other positions than the ones checked
    /// and swapped here (reference/xmlrpc.md §3). A struct's members keep their names, so
    /// nothing moves there.
    var shiftsInWordPress: Bool {
        switch layout {
        case .list(let values), .insideArray(let values):
            values.contains { value in
                switch value {
                case .nil: true
                case .int(let number): Int32(exactly: number) == nil
                default: false
                }
            }
        case .insideStruct, .scalar: false
        }
    }

    /// The params again, wrapped as they came.
    var params: [Value] {
        switch layout {
        case .list(let values): values
        case .insideArray(let values): [.array(values)]
        case .insideStruct(let members): [.struct(members)]
        case .scalar(let value): [value]
        }
    }
}
