/*
 * CLinuxShim: the Linux calls and macros Swift cannot import directly (recvmmsg/sendmmsg and
 * setns need _GNU_SOURCE; ioctl request macros). One small function per call; no logic.
 */
#ifndef LANSTITCH_CLINUXSHIM_H
#define LANSTITCH_CLINUXSHIM_H

int lanstitch_shim_placeholder(void);

#endif
