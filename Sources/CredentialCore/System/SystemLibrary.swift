#if canImport(Glibc)
import Glibc
#endif

/// A system C library opened at run time with `dlopen`, its functions looked up by name into typed C
/// function pointers: how dualgate uses libssl (`LibSSL`), libpq (`LibPQ`) and libcrypt (`LibCrypt`)
/// without their -dev packages or a link-time dependency, so the README's two commands need none of
/// them. Each user words its own message (which Debian package to install).
package struct SystemLibrary: @unchecked Sendable {   // a dlopen handle, never closed
    package let name: String
    private let handle: UnsafeMutableRawPointer

    /// Why `dlopen` refused the library, as `dlerror` says it.
    package struct Missing: Error {
        package let reason: String
    }

    package static func open(_ name: String) -> Result<SystemLibrary, Missing> {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(Missing(reason: dlerror().map { String(cString: $0) } ?? "not found"))
        }
        return .success(SystemLibrary(name: name, handle: handle))
    }

    /// The function `symbol` as the C function type `T`; nil when the library has none.
    package func function<T>(_ symbol: String, as type: T.Type) -> T? {
        dlsym(handle, symbol).map { unsafeBitCast($0, to: type) }
    }
}
