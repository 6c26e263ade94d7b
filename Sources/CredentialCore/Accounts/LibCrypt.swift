#if canImport(Glibc)
import Glibc
#endif

/// The system's libxcrypt (`libcrypt.so.1`, in Debian's essential set), opened with `dlopen` at
/// first use like `LibSSL`: no `libcrypt-dev` headers are needed to build, and the module map
/// stays free of a link-time dependency. Only two functions are used.
final class LibCrypt: Sendable {
    /// `char *crypt_r(const char *phrase, const char *setting, struct crypt_data *data)`.
    typealias CryptR = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer) -> UnsafeMutablePointer<CChar>?
    /// `char *crypt_gensalt_rn(const char *prefix, unsigned long count, const char *rbytes, int nrbytes, char *output, int output_size)`.
    typealias GensaltRN = @convention(c) (UnsafePointer<CChar>, UInt, UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<CChar>, Int32)
        -> UnsafeMutablePointer<CChar>?

    /// `sizeof(struct crypt_data)` in libxcrypt 4.x (crypt.h: `CRYPT_DATA_INTERNAL_SIZE` 32768).
    static let dataSize = 32768
    /// libxcrypt refuses longer phrases (`CRYPT_MAX_PASSPHRASE_SIZE`).
    static let maximumPhraseBytes = 512

    let cryptR: CryptR
    let gensaltRN: GensaltRN

    private init(cryptR: CryptR, gensaltRN: GensaltRN) {
        self.cryptR = cryptR
        self.gensaltRN = gensaltRN
    }

    /// nil when the library or a symbol is missing (the message goes to the store log once).
    static let loaded: LibCrypt? = {
        guard case .success(let library) = SystemLibrary.open("libcrypt.so.1") else {
            StoreLog.error("account passwords need libcrypt.so.1 (Debian package libcrypt1)")
            return nil
        }
        guard let crypt = library.function("crypt_r", as: CryptR.self), let gensalt = library.function("crypt_gensalt_rn", as: GensaltRN.self) else {
            StoreLog.error("libcrypt.so.1 lacks crypt_r or crypt_gensalt_rn")
            return nil
        }
        return LibCrypt(cryptR: crypt, gensaltRN: gensalt)
    }()

    /// `crypt_r(phrase, setting)`, or nil for a failure (libxcrypt answers a string starting with `*`).
    /// The 32 KiB work area is on the heap, zeroed before use and again after (it held the phrase).
    func crypt(_ phrase: [UInt8], setting: String) -> String? {
        guard phrase.count <= Self.maximumPhraseBytes, !phrase.contains(0) else { return nil }
        let data = UnsafeMutableRawPointer.allocate(byteCount: Self.dataSize, alignment: 16)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: Self.dataSize)
        defer {
            data.initializeMemory(as: UInt8.self, repeating: 0, count: Self.dataSize)
            data.deallocate()
        }
        let result: String? = (phrase + [0]).withUnsafeBufferPointer { phraseBytes in
            phraseBytes.withMemoryRebound(to: CChar.self) { phraseChars in
                setting.withCString { settingChars in
                    guard let out = cryptR(phraseChars.baseAddress!, settingChars, data) else { return nil }
                    return String(cString: out)
                }
            }
        }
        guard let result, !result.hasPrefix("*") else { return nil }
        return result
    }

    /// A new setting (method and random salt) for `prefix`, e.g. `$y$` with cost 0 (the default).
    func setting(prefix: String, cost: UInt = 0) -> String? {
        var output = [CChar](repeating: 0, count: 128)
        let made = prefix.withCString { prefixChars in
            output.withUnsafeMutableBufferPointer { buffer in
                gensaltRN(prefixChars, cost, nil, 0, buffer.baseAddress!, Int32(buffer.count)) != nil
            }
        }
        guard made else { return nil }
        let text = String(decoding: output.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.hasPrefix("*") ? nil : text
    }
}
