#ifndef DUALGATE_CZLIB_SHIM_H
#define DUALGATE_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 and deflateInit2 are macros (they pass ZLIB_VERSION and sizeof(z_stream) to the
// *_ functions), which Swift cannot import. Window bits 15 + 16 selects the gzip wrapper
// (RFC 1952) instead of the zlib one, as zlib.h documents.
static inline int dualgate_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, MAX_WBITS + 16);
}

static inline int dualgate_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
