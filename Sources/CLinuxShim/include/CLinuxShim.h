/*
 * CLinuxShim: the Linux calls and macros Swift cannot import directly.
 *
 * - recvmmsg/sendmmsg, setns and unshare are declared only under _GNU_SOURCE, and struct mmsghdr
 *   with them, so the shim declares its own lanstitch_mmsghdr (checked against the real one at
 *   compile time in shim.c).
 * - ioctl is variadic and the TUN request numbers are function-like macros (_IOW).
 *
 * One small function per call or macro; no logic. Return values and errno pass through untouched.
 */
#ifndef LANSTITCH_CLINUXSHIM_H
#define LANSTITCH_CLINUXSHIM_H

#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

/* TUNSETOFFLOAD flags newer than Debian 12's headers (the kernel accepts USO4 only with USO6). */
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#endif
#ifndef TUN_F_USO6
#define TUN_F_USO6 0x40
#endif

/* struct mmsghdr, laid out exactly as glibc's (static_assert in shim.c). */
struct lanstitch_mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
};

/* recvmmsg(2) without a timeout. */
int lanstitch_recvmmsg(int fd, struct lanstitch_mmsghdr *messages, unsigned int count, int flags);
/* sendmmsg(2). */
int lanstitch_sendmmsg(int fd, struct lanstitch_mmsghdr *messages, unsigned int count, int flags);
/* Bytes of control space one UDP_SEGMENT message needs (CMSG_SPACE(sizeof(uint16_t))). */
unsigned long lanstitch_udp_segment_space(void);
/* Points `message` at `control` (udp_segment_space bytes) holding a UDP_SEGMENT of `size`: the
 * kernel sends the message's bytes as datagrams of `size` bytes each (UDP GSO). */
void lanstitch_set_udp_segment(struct msghdr *message, void *control, unsigned short size);
/* setns(2). */
int lanstitch_setns(int fd, int nstype);
/* unshare(2). */
int lanstitch_unshare(int flags);
/* CLONE_NEWNET (declared only under _GNU_SOURCE). */
int lanstitch_clone_newnet(void);

/* ioctl(2) whose argument is a pointer (struct ifreq and the like). */
int lanstitch_ioctl_pointer(int fd, unsigned long request, void *argument);
/* ioctl(2) whose argument is an integer passed by value (TUNSETOFFLOAD). */
int lanstitch_ioctl_value(int fd, unsigned long request, unsigned long argument);

/* Request numbers built by _IOW/_IOR. */
unsigned long lanstitch_tunsetiff(void);
unsigned long lanstitch_tungetiff(void);
unsigned long lanstitch_tunsetoffload(void);
unsigned long lanstitch_tunsetvnethdrsz(void);
/* Plain request numbers, as unsigned long for the ioctl shims. */
unsigned long lanstitch_siocgifflags(void);
unsigned long lanstitch_siocsifflags(void);
unsigned long lanstitch_siocgifmtu(void);
unsigned long lanstitch_siocsifmtu(void);
unsigned long lanstitch_siocsifaddr(void);
unsigned long lanstitch_siocsifnetmask(void);

#endif
