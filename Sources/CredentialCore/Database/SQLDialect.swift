/// Which SQL the connection speaks, for the few statements whose text differs (schema, generated
/// ids, change detection). Everything else is written once, in the common subset.
enum SQLDialect: Sendable {
    case sqlite
    case postgres
}
