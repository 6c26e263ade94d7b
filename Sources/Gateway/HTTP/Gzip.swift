import CZlib

/// gzip (RFC 1952) through the system zlib. Inflation is bounded: it stops as soon as the output
/// would pass `limit`, so a bomb costs at most `limit` bytes of memory and the CPU to produce them.
enum Gzip {
    enum Inflated: Equatable {
        case bytes([UInt8])
        /// The inflated body would exceed the limit (a zip bomb or just too big): 413.
        case tooLarge
        /// Not a gzip stream, a bad checksum, a truncated stream or trailing garbage: 400.
        case corrupt
    }

    /// Inflates one or more concatenated gzip members (RFC 1952 §2.2 allows several).
    static func inflate(_ input: [UInt8], limit: Int) -> Inflated {
        guard !input.isEmpty else { return .corrupt }
        // zlib counts in 32 bits; `--max-body` may be set higher than that.
        guard input.count <= Int(UInt32.max) else { return .tooLarge }
        // One byte past the limit tells "too large" from "exactly the limit" (and never overflows).
        let cap = limit < Int.max ? max(limit, 0) + 1 : limit
        var stream = z_stream()
        guard dualgate_inflate_init_gzip(&stream) == Z_OK else { return .corrupt }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        // Never more than the cap, and never a huge buffer up front.
        var chunk = [UInt8](repeating: 0, count: min(64 * 1024, cap))
        return input.withUnsafeBufferPointer { source -> Inflated in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let room = min(chunk.count, cap - output.count)
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(room)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = room - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                if output.count > limit { return .tooLarge }
                switch status {
                case Z_STREAM_END:
                    // Another member may follow; anything else after the end is garbage.
                    guard stream.avail_in > 0 else { return .bytes(output) }
                    guard inflateReset(&stream) == Z_OK else { return .corrupt }
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    return .corrupt                                 // input ended mid-stream: truncated
                default:
                    return .corrupt                                 // Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR
                }
            }
        }
    }

    /// Deflates `input` into a single gzip member at zlib's default level.
    static func deflate(_ input: [UInt8]) -> [UInt8]? {
        guard input.count <= Int(UInt32.max) / 2 else { return nil }    // sent uncompressed instead
        var stream = z_stream()
        guard dualgate_deflate_init_gzip(&stream, Z_DEFAULT_COMPRESSION) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
        let finished = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Bool in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                // deflateBound guarantees one Z_FINISH call suffices for this buffer size.
                return CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END
            }
        }
        guard finished else { return nil }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}
