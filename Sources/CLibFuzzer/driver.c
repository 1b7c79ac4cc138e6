// driver.c: libFuzzer's driver reached through a weak symbol (Swift cannot declare one), so
// a build without -sanitize=fuzzer links and says that the fuzzer is absent.
#include "libfuzzer_driver.h"

extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

int lanstitch_fuzzer_linked(void) { return LLVMFuzzerRunDriver != NULL; }

int lanstitch_fuzzer_run(int *argc, char ***argv, lanstitch_fuzz_callback callback) {
    if (LLVMFuzzerRunDriver == NULL) return -1;
    return LLVMFuzzerRunDriver(argc, argv, callback);
}
