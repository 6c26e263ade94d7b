import Glibc

/// epoll and accept4 are not in Swift's Glibc module map, so they are looked up once from libc by name.
/// The `epoll_event` layout is spelled out here too: it is packed (12 bytes) on x86_64 only.
struct SystemCalls: @unchecked Sendable {  // immutable C function pointers
    typealias EpollCreate = @convention(c) (Int32) -> Int32
    typealias EpollControl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias Accept4 = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    let epollCreate: EpollCreate
    let epollControl: EpollControl
    let epollWait: EpollWait
    let accept4: Accept4

    static let shared = SystemCalls()

    private init() {
        let libc = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let address = dlsym(libc, name) else { fatalError("libc has no \(name)") }
            return unsafeBitCast(address, to: type)
        }
        epollCreate = symbol("epoll_create1", as: EpollCreate.self)
        epollControl = symbol("epoll_ctl", as: EpollControl.self)
        epollWait = symbol("epoll_wait", as: EpollWait.self)
        accept4 = symbol("accept4", as: Accept4.self)
    }
}

/// Constants from <sys/epoll.h>.
enum Epoll {
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let add: Int32 = 1
    static let delete: Int32 = 2
    static let modify: Int32 = 3
    static let closeOnExec: Int32 = 0o2000000
    #if arch(x86_64)
    static let eventStride = 12
    static let dataOffset = 4
    #else
    static let eventStride = 16
    static let dataOffset = 8
    #endif
}

/// One epoll instance with a reusable event array.
final class EpollSet {
    let descriptor: Int32
    private let events: UnsafeMutableRawPointer
    let capacity: Int
    private let calls = SystemCalls.shared

    init(capacity: Int = 256) throws(ServerError) {
        descriptor = calls.epollCreate(Epoll.closeOnExec)
        guard descriptor >= 0 else { throw ServerError("epoll_create1") }
        self.capacity = capacity
        events = .allocate(byteCount: capacity * Epoll.eventStride, alignment: 8)
    }

    deinit {
        events.deallocate()
        close(descriptor)
    }

    @discardableResult
    func control(_ operation: Int32, _ fd: Int32, events mask: UInt32) -> Bool {
        var raw: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &raw) { bytes in
            bytes.storeBytes(of: mask, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: UInt64(UInt32(bitPattern: fd)), toByteOffset: Epoll.dataOffset, as: UInt64.self)
            return calls.epollControl(descriptor, operation, fd, bytes.baseAddress) == 0
        }
    }

    /// Waits up to `timeoutMilliseconds`; returns how many events `event(at:)` can read.
    func wait(timeoutMilliseconds: Int32) -> Int {
        let count = calls.epollWait(descriptor, events, Int32(capacity), timeoutMilliseconds)
        return count < 0 ? 0 : Int(count)
    }

    func event(at index: Int) -> (fd: Int32, mask: UInt32) {
        let offset = index * Epoll.eventStride
        let mask = events.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        let data = events.loadUnaligned(fromByteOffset: offset + Epoll.dataOffset, as: UInt64.self)
        return (Int32(bitPattern: UInt32(truncatingIfNeeded: data)), mask)
    }
}

@available(*, unavailable) extension EpollSet: Sendable {}
