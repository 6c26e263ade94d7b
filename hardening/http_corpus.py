"""The differential corpus: tricky HTTP/1.1 request streams, each with a stable id.

Every case is one byte stream sent on one connection (then our write side is shut). Targets are chosen so
the server's answer shows how it framed each request: `/healthz` answers GET/HEAD with 200 and anything else
with 405; `/xmlrpc.php` answers a POST whose body is exactly an XML-RPC call with a success, anything else
with a fault. So a body framed one byte too long or short shows up as a fault, not a success.
"""

SAY_HELLO = (b"<?xml version='1.0'?><methodCall><methodName>demo.sayHello</methodName>"
             b"<params></params></methodCall>")
ADD = (b"<?xml version='1.0'?><methodCall><methodName>demo.addTwoNumbers</methodName><params>"
       b"<param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>")

HOST = b"Host: t\r\n"


def get(path=b"/healthz", version=b"HTTP/1.1", headers=HOST, end=b"\r\n"):
    return b"GET " + path + b" " + version + b"\r\n" + headers + end


def post(headers, body, version=b"HTTP/1.1", path=b"/xmlrpc.php"):
    return b"POST " + path + b" " + version + b"\r\n" + HOST + headers + b"\r\n" + body


def cl(body):
    return b"Content-Length: " + str(len(body)).encode() + b"\r\n"


def chunked(body, size_line=None):
    """`body` as two chunks plus the last chunk; `size_line` replaces the first chunk's size line."""
    first, second = body[:10], body[10:]
    line = size_line if size_line is not None else b"%x\r\n" % len(first)
    return line + first + b"\r\n" + b"%x\r\n" % len(second) + second + b"\r\n0\r\n\r\n"


TE = b"Transfer-Encoding: chunked\r\n"
SH = SAY_HELLO
GOOD = get()

CASES = [
    # Plain requests: both must agree on these or the harness itself is wrong.
    ("basic-get", "plain GET", GOOD),
    ("basic-post-cl", "POST with Content-Length", post(cl(SH), SH)),
    ("basic-post-chunked", "POST chunked in two chunks", post(TE, chunked(SH))),
    ("post-add", "POST demo.addTwoNumbers", post(cl(ADD), ADD)),
    ("lowercase-names", "header names in lower and mixed case", b"POST /xmlrpc.php HTTP/1.1\r\nhOsT: t\r\ncontent-LENGTH: %d\r\n\r\n" % len(SH) + SH),
    ("ows-around-value", "spaces and tabs around a field value", b"GET /healthz HTTP/1.1\r\nHost: \t t \t\r\n\r\n"),
    ("no-space-after-colon", "field without space after the colon", b"GET /healthz HTTP/1.1\r\nHost:t\r\n\r\n"),
    ("query-string", "target with a query", get(b"/healthz?a=1&b=%20")),
    ("many-headers", "100 ordinary header fields", get(headers=HOST + b"".join(b"X-H%d: v\r\n" % i for i in range(100)))),
    ("obs-text-value", "obs-text (0x80-0xFF) in a field value", get(headers=HOST + b"X-Name: caf\xc3\xa9\xff\r\n")),
    ("empty-value", "a field with an empty value", get(headers=HOST + b"X-Empty:\r\n")),
    ("dup-ordinary-header", "an ordinary field repeated", get(headers=HOST + b"Accept: a\r\nAccept: b\r\n")),
    ("expect-continue", "Expect: 100-continue with the body already sent", post(b"Expect: 100-continue\r\n" + cl(SH), SH)),
    ("upgrade-h2c", "Upgrade: h2c on a GET (must be ignored)", get(headers=HOST + b"Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n")),

    # Line endings
    ("leading-crlf", "one empty line before the request line", b"\r\n" + GOOD),
    ("leading-crlf-many", "50 empty lines before the request line", b"\r\n" * 50 + GOOD),
    ("leading-lf", "a bare LF before the request line", b"\n" + GOOD),
    ("bare-lf-everywhere", "every line ends in a bare LF", b"GET /healthz HTTP/1.1\nHost: t\n\n"),
    ("bare-lf-request-line", "bare LF after the request line only", b"GET /healthz HTTP/1.1\nHost: t\r\n\r\n"),
    ("bare-lf-header", "bare LF after one header", b"GET /healthz HTTP/1.1\r\nHost: t\nX: y\r\n\r\n"),
    ("bare-lf-final", "bare LF as the empty line ending the head", b"GET /healthz HTTP/1.1\r\nHost: t\r\n\n"),
    ("bare-cr-in-value", "a lone CR inside a value", get(headers=HOST + b"X: a\rb\r\n")),
    ("bare-cr-line-end", "lines ending in CR only", b"GET /healthz HTTP/1.1\rHost: t\r\r"),
    ("crlf-in-value-smuggle", "a value hiding CR CR LF", get(headers=HOST + b"X: a\r\r\nY: b\r\n")),

    # Field syntax
    ("obs-fold", "obs-fold continuation line", get(headers=HOST + b"X-Long: a\r\n b\r\n")),
    ("obs-fold-tab", "obs-fold with a tab", get(headers=HOST + b"X-Long: a\r\n\tb\r\n")),
    ("obs-fold-first", "continuation line right after the request line", b"GET /healthz HTTP/1.1\r\n X: a\r\nHost: t\r\n\r\n"),
    ("obs-fold-content-length", "Content-Length value folded onto the next line", post(b"Content-Length:\r\n %d\r\n" % len(SH), SH)),
    ("space-before-colon", "space between name and colon", b"GET /healthz HTTP/1.1\r\nHost : t\r\n\r\n"),
    ("tab-before-colon", "tab between name and colon", b"GET /healthz HTTP/1.1\r\nHost\t: t\r\n\r\n"),
    ("space-before-colon-cl", "Content-Length with a space before the colon", post(b"Content-Length : %d\r\n" % len(SH), SH)),
    ("space-in-name", "space inside a field name", get(headers=HOST + b"X Y: z\r\n")),
    ("empty-name", "a line starting with a colon", get(headers=HOST + b": z\r\n")),
    ("no-colon", "a header line without a colon", get(headers=HOST + b"NoColonHere\r\n")),
    ("whitespace-line", "a line of spaces in the head", get(headers=HOST + b"   \r\n")),
    ("non-token-name", "a field name with '@' and '/'", get(headers=HOST + b"X@Y/Z: v\r\n")),
    ("utf8-name", "a field name with UTF-8", get(headers=HOST + b"X-\xc3\xa9: v\r\n")),
    ("nul-in-value", "NUL in a field value", get(headers=HOST + b"X: a\x00b\r\n")),
    ("ctl-in-value", "0x01 in a field value", get(headers=HOST + b"X: a\x01b\r\n")),
    ("del-in-value", "DEL in a field value", get(headers=HOST + b"X: a\x7fb\r\n")),
    ("esc-in-value", "ESC in a field value", get(headers=HOST + b"X: \x1b[31m\r\n")),
    ("nul-in-name", "NUL in a field name", get(headers=HOST + b"X\x00: v\r\n")),
    ("huge-header", "one 17 KiB header field", get(headers=HOST + b"X-Big: " + b"b" * (17 * 1024) + b"\r\n")),
    ("header-just-under", "a 15 KiB header field", get(headers=HOST + b"X-Big: " + b"b" * (15 * 1024) + b"\r\n")),

    # Host
    ("missing-host-11", "HTTP/1.1 without Host", b"GET /healthz HTTP/1.1\r\n\r\n"),
    ("missing-host-10", "HTTP/1.0 without Host", b"GET /healthz HTTP/1.0\r\n\r\n"),
    ("dup-host", "two Host fields", get(headers=b"Host: a\r\nHost: b\r\n")),
    ("dup-host-same", "two identical Host fields", get(headers=b"Host: a\r\nHost: a\r\n")),
    ("host-list", "Host with a comma list", get(headers=b"Host: a, b\r\n")),
    ("empty-host", "empty Host", get(headers=b"Host:\r\n")),

    # Content-Length
    ("cl-zero-get", "GET with Content-Length: 0", get(headers=HOST + b"Content-Length: 0\r\n")),
    ("cl-dup-equal", "two equal Content-Length fields", post(cl(SH) + cl(SH), SH)),
    ("cl-list-equal", "Content-Length: n, n", post(b"Content-Length: %d, %d\r\n" % (len(SH), len(SH)), SH)),
    ("cl-conflict-fields", "two different Content-Length fields", post(cl(SH) + b"Content-Length: 5\r\n", SH)),
    ("cl-conflict-list", "Content-Length: n, 5", post(b"Content-Length: %d, 5\r\n" % len(SH), SH)),
    ("cl-plus", "Content-Length: +n", post(b"Content-Length: +%d\r\n" % len(SH), SH)),
    ("cl-negative", "Content-Length: -1", post(b"Content-Length: -1\r\n", SH)),
    ("cl-hex", "Content-Length: 0x10", post(b"Content-Length: 0x10\r\n", SH)),
    ("cl-inner-space", "Content-Length: '1 0'", post(b"Content-Length: 1 0\r\n", SH)),
    ("cl-leading-zeros", "Content-Length with leading zeros", post(b"Content-Length: 000%d\r\n" % len(SH), SH)),
    ("cl-empty", "empty Content-Length", post(b"Content-Length:\r\n", SH)),
    ("cl-list-empty-element", "Content-Length: n,", post(b"Content-Length: %d,\r\n" % len(SH), SH)),
    ("cl-huge", "Content-Length: 20 digits", post(b"Content-Length: 99999999999999999999\r\n", SH)),
    ("cl-over-limit", "Content-Length: 17 MiB (over --max-body), no body sent", post(b"Content-Length: %d\r\n" % (17 * 1024 * 1024), b"")),
    ("cl-short-body", "Content-Length larger than what is sent", post(b"Content-Length: %d\r\n" % (len(SH) + 10), SH)),
    ("cl-long-body-smuggle", "body longer than Content-Length: the rest is a second request", post(cl(SH), SH + GOOD)),
    ("cl-trailing-garbage", "body then bytes that are no request", post(cl(SH), SH + b"XYZ\r\n\r\n")),
    ("post-no-length", "HTTP/1.1 POST without any framing header", post(b"", SH)),
    ("cl-with-tab-ows", "Content-Length value with tabs around it", post(b"Content-Length:\t%d\t\r\n" % len(SH), SH)),

    # Transfer-Encoding
    ("te-cl-both", "Transfer-Encoding: chunked and Content-Length", post(TE + cl(SH), chunked(SH))),
    ("cl-te-both", "Content-Length before Transfer-Encoding: chunked", post(cl(SH) + TE, chunked(SH))),
    ("te-cl-zero", "chunked plus Content-Length: 0", post(TE + b"Content-Length: 0\r\n", chunked(SH))),
    ("te-gzip-chunked", "Transfer-Encoding: gzip, chunked", post(b"Transfer-Encoding: gzip, chunked\r\n", chunked(SH))),
    ("te-chunked-gzip", "Transfer-Encoding: chunked, gzip (chunked not last)", post(b"Transfer-Encoding: chunked, gzip\r\n", chunked(SH))),
    ("te-chunked-twice-list", "Transfer-Encoding: chunked, chunked", post(b"Transfer-Encoding: chunked, chunked\r\n", chunked(SH))),
    ("te-chunked-two-fields", "two Transfer-Encoding: chunked fields", post(TE + TE, chunked(SH))),
    ("te-identity", "Transfer-Encoding: identity", post(b"Transfer-Encoding: identity\r\n" + cl(SH), SH)),
    ("te-uppercase", "Transfer-Encoding: CHUNKED", post(b"Transfer-Encoding: CHUNKED\r\n", chunked(SH))),
    ("te-ows", "Transfer-Encoding with spaces around chunked", post(b"Transfer-Encoding:   chunked  \r\n", chunked(SH))),
    ("te-empty", "empty Transfer-Encoding", post(b"Transfer-Encoding:\r\n" + cl(SH), SH)),
    ("te-xchunked", "Transfer-Encoding: xchunked", post(b"Transfer-Encoding: xchunked\r\n", chunked(SH))),
    ("te-chunked-param", "Transfer-Encoding: chunked;q=1", post(b"Transfer-Encoding: chunked;q=1\r\n", chunked(SH))),
    ("te-http10", "chunked from an HTTP/1.0 client", post(TE, chunked(SH), version=b"HTTP/1.0")),
    ("te-vertical-tab", "Transfer-Encoding value with a vertical tab", post(b"Transfer-Encoding: \x0bchunked\r\n", chunked(SH))),
    ("te-space-before-colon", "Transfer-Encoding with a space before the colon", post(b"Transfer-Encoding : chunked\r\n" + cl(SH), SH)),

    # Chunked bodies
    ("chunk-ext", "a chunk extension", post(TE, chunked(SH, b"a;name=value\r\n"))),
    ("chunk-ext-quoted", "a quoted chunk extension", post(TE, chunked(SH, b'a;name="v;a\\"l"\r\n'))),
    ("chunk-ext-bws", "whitespace before the chunk extension", post(TE, chunked(SH, b"a ;name\r\n"))),
    ("chunk-ext-3k", "a 3 KiB chunk extension", post(TE, chunked(SH, b"a;" + b"x" * 3000 + b"\r\n"))),
    ("chunk-ext-8k", "an 8 KiB chunk extension", post(TE, chunked(SH, b"a;" + b"x" * 8000 + b"\r\n"))),
    ("chunk-ext-20k", "a 20 KiB chunk extension", post(TE, chunked(SH, b"a;" + b"x" * 20000 + b"\r\n"))),
    ("chunk-ext-nul", "NUL inside a chunk extension", post(TE, chunked(SH, b"a;x=\x00\r\n"))),
    ("chunk-ext-bare-lf", "chunk-size line ending in a bare LF", post(TE, chunked(SH, b"a\n"))),
    ("chunk-size-trailing-space", "chunk size followed by a space", post(TE, chunked(SH, b"a \r\n"))),
    ("chunk-size-leading-space", "chunk size preceded by a space", post(TE, chunked(SH, b" a\r\n"))),
    ("chunk-size-inner-space", "chunk size '1 0' (1 to some, 0x10 to others)", post(TE, b"1 0\r\n" + SH[:1] + b"\r\n" + b"%x\r\n" % (len(SH) - 1) + SH[1:] + b"\r\n0\r\n\r\n")),
    ("chunk-size-space-garbage", "chunk size, a space, then no ';'", post(TE, chunked(SH, b"a xyz\r\n"))),
    ("chunk-size-0x", "chunk size written 0xa", post(TE, chunked(SH, b"0xa\r\n"))),
    ("chunk-size-negative", "chunk size -a", post(TE, chunked(SH, b"-a\r\n"))),
    ("chunk-size-leading-zeros-15", "chunk size with 15 hex digits (zero-padded)", post(TE, chunked(SH, b"00000000000000a\r\n"))),
    ("chunk-size-leading-zeros-20", "chunk size with 20 hex digits (zero-padded)", post(TE, chunked(SH, b"0000000000000000000a\r\n"))),
    ("chunk-size-overflow", "chunk size ffffffffffffffffff (overflows 64 bits)", post(TE, b"ffffffffffffffffff\r\n" + SH + b"\r\n0\r\n\r\n")),
    ("chunk-size-2pow64-plus-a", "chunk size 1000000000000000a (wraps to 10 in 64 bits)", post(TE, chunked(SH, b"1000000000000000a\r\n"))),
    ("chunk-size-empty", "an empty chunk-size line", post(TE, b"\r\n" + chunked(SH))),
    ("chunk-size-over-limit", "one chunk of 17 MiB declared", post(TE, b"1100000\r\n")),
    ("chunk-data-too-long", "chunk data longer than its size", post(TE, b"5\r\n" + SH + b"\r\n0\r\n\r\n")),
    ("chunk-data-no-crlf", "chunk data not followed by CRLF", post(TE, b"a\r\n" + SH[:10] + b"XX" + b"0\r\n\r\n")),
    ("chunk-data-bare-lf", "chunk data followed by a bare LF", post(TE, b"%x\r\n" % len(SH) + SH + b"\n0\r\n\r\n")),
    ("chunk-last-no-final-crlf", "last chunk without the final CRLF (stream ends)", post(TE, b"%x\r\n" % len(SH) + SH + b"\r\n0\r\n")),
    ("chunk-trailer", "a trailer field", post(TE, b"%x\r\n" % len(SH) + SH + b"\r\n0\r\nX-Trailer: v\r\n\r\n")),
    ("chunk-trailer-obs-fold", "an obs-folded trailer", post(TE, b"%x\r\n" % len(SH) + SH + b"\r\n0\r\nX-T: v\r\n w\r\n\r\n")),
    ("chunk-trailer-no-colon", "a trailer line without a colon", post(TE, b"%x\r\n" % len(SH) + SH + b"\r\n0\r\nbogus\r\n\r\n")),
    ("chunk-trailer-bad-name", "a trailer name with '@'", post(TE, b"%x\r\n" % len(SH) + SH + b"\r\n0\r\nX@Y: v\r\n\r\n")),
    ("chunk-trailer-space-before-colon", "a trailer with a space before the colon", post(TE, b"%x\r\n" % len(SH) + SH + b"\r\n0\r\nX-T : v\r\n\r\n")),
    ("chunk-trailer-content-length", "Content-Length in the trailer", post(TE, b"%x\r\n" % len(SH) + SH + b"\r\n0\r\nContent-Length: 5\r\n\r\n")),
    ("chunk-then-pipelined", "chunked POST then a GET", post(TE, chunked(SH)) + GOOD),
    ("chunk-one-byte-chunks", "the body as one-byte chunks", post(TE, b"".join(b"1\r\n" + SH[i:i + 1] + b"\r\n" for i in range(len(SH))) + b"0\r\n\r\n")),

    # Request line
    ("method-lowercase", "method 'get'", b"get /healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("method-unknown-token", "method 'BREW'", b"BREW /healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("method-non-token", "method with '@'", b"G@T /healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("method-utf8", "method with UTF-8", b"G\xc3\x89T /healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("method-empty", "request line starting with a space", b" /healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("method-nul", "NUL in the method", b"GE\x00T /healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("double-space", "two spaces between method and target", b"GET  /healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("tab-separator", "tab instead of space in the request line", b"GET\t/healthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("trailing-space-version", "a space after the version", b"GET /healthz HTTP/1.1 \r\n" + HOST + b"\r\n"),
    ("space-in-target", "a space inside the target", b"GET /heal thz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("ctl-in-target", "0x01 in the target", b"GET /heal\x01thz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("del-in-target", "DEL in the target", b"GET /heal\x7fthz HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("utf8-in-target", "raw UTF-8 in the target", b"GET /caf\xc3\xa9 HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("fragment-in-target", "a fragment in the target", get(b"/healthz#frag")),
    ("asterisk-form", "OPTIONS *", b"OPTIONS * HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("absolute-form", "absolute-form target", get(b"http://t/healthz")),
    ("absolute-form-query", "absolute-form target with port and query", get(b"http://127.0.0.1:8080/healthz?x=1")),
    ("absolute-form-https-post", "absolute-form https POST", post(cl(SH), SH, path=b"https://t/xmlrpc.php")),
    ("absolute-form-upper-scheme", "absolute-form with an upper-case scheme", get(b"HTTP://t/healthz")),
    ("authority-form", "CONNECT host:port", b"CONNECT t:443 HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("target-missing", "request line without a target", b"GET HTTP/1.1\r\n" + HOST + b"\r\n"),
    ("version-missing", "request line without a version (HTTP/0.9 style)", b"GET /healthz\r\n" + HOST + b"\r\n"),
    ("version-12", "HTTP/1.2", get(version=b"HTTP/1.2")),
    ("version-20", "HTTP/2.0", get(version=b"HTTP/2.0")),
    ("version-09", "HTTP/0.9", get(version=b"HTTP/0.9")),
    ("version-lowercase", "http/1.1", get(version=b"http/1.1")),
    ("version-110", "HTTP/1.10", get(version=b"HTTP/1.10")),
    ("version-1", "HTTP/1", get(version=b"HTTP/1")),
    ("h2-preface", "the HTTP/2 connection preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
    ("tls-hello", "a TLS ClientHello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40),
    ("long-target", "a 20 KiB target", get(b"/healthz?" + b"a" * 20000)),

    # Connection management and pipelining
    ("pipeline-3", "three pipelined GETs", GOOD * 3),
    ("pipeline-post-get-post", "POST, GET, chunked POST pipelined", post(cl(SH), SH) + GOOD + post(TE, chunked(ADD))),
    ("pipeline-close-then-more", "Connection: close, then another request", get(headers=HOST + b"Connection: close\r\n") + GOOD),
    ("pipeline-bad-second", "a good request, then a bad one", GOOD + b"GET /healthz HTTP/1.1\r\nHost : t\r\n\r\n"),
    ("pipeline-bad-third", "two good requests, then a missing Host", GOOD + GOOD + b"GET /healthz HTTP/1.1\r\n\r\n"),
    ("http10-default-close", "HTTP/1.0 without keep-alive, then another request", get(version=b"HTTP/1.0") + GOOD),
    ("http10-keep-alive", "HTTP/1.0 with Connection: keep-alive, then another request", get(version=b"HTTP/1.0", headers=HOST + b"Connection: keep-alive\r\n") + GOOD),
    ("http10-keep-alive-post", "HTTP/1.0 POST with keep-alive and Content-Length, then a GET", post(b"Connection: keep-alive\r\n" + cl(SH), SH, version=b"HTTP/1.0") + GOOD),
    ("connection-keepalive-close", "Connection: keep-alive, close", get(headers=HOST + b"Connection: keep-alive, close\r\n") + GOOD),
    ("connection-close-upper", "Connection: CLOSE", get(headers=HOST + b"Connection: CLOSE\r\n") + GOOD),
    ("connection-two-fields", "Connection: keep-alive and a second Connection: close", get(headers=HOST + b"Connection: keep-alive\r\nConnection: close\r\n") + GOOD),
    ("incomplete-head", "a head that never ends", b"GET /healthz HTTP/1.1\r\nHost: t\r\n"),
    ("incomplete-after-good", "a good request then half a head", GOOD + b"GET /hea"),
    ("empty-stream", "no bytes at all", b""),
]
