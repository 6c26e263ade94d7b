// libFuzzer's driver entry (documented in LLVM's LibFuzzer.rst, "Using libFuzzer as a library").
// Declared only: it exists in the fuzzing build, where `-sanitize=fuzzer` links libFuzzer, and
// dualgate-fuzz calls it only there (`#if DUALGATE_LIBFUZZER`).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
