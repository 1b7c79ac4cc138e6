/* CLinuxShim implementation; see include/CLinuxShim.h. */
#define _GNU_SOURCE
#include "CLinuxShim.h"

int lanstitch_shim_placeholder(void) { return 0; }
