// libfuzzer_driver: a weak reference to libFuzzer's driver, so one executable runs the fuzzer
// when built with -sanitize=fuzzer and replays inputs itself when built without it.
#ifndef LANSTITCH_LIBFUZZER_DRIVER_H
#define LANSTITCH_LIBFUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// The callback libFuzzer calls once per input (LLVMFuzzerTestOneInput's signature).
typedef int (*lanstitch_fuzz_callback)(const uint8_t *data, size_t size);

/// 1 when libFuzzer is linked into this executable (a build with -sanitize=fuzzer), else 0.
int lanstitch_fuzzer_linked(void);

/// Runs libFuzzer's driver (LLVMFuzzerRunDriver) over `argc`/`argv` with `callback`; it parses
/// libFuzzer's flags and does not return once fuzzing ends (it exits). Returns -1 at once,
/// doing nothing, when libFuzzer is not linked.
int lanstitch_fuzzer_run(int *argc, char ***argv, lanstitch_fuzz_callback callback);

#endif
