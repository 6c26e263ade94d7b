/// Size limits the parsers enforce; copied from `ServerConfiguration` so the HTTP layer knows no sockets.
package struct HTTPLimits: Sendable, Equatable {
    /// Request line plus header section, CRLFs included (-> 431 beyond it).
    package var maxHeaderBytes: Int
    /// Content after de-chunking (-> 413 beyond it).
    package var maxBodyBytes: Int
    /// One chunk-size line including its extensions (-> 400 beyond it): extensions are ignored but bounded.
    package var maxChunkLineBytes: Int = 4096

    package init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 16 * 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
