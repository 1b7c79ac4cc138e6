/* CLinuxShim implementation; see include/CLinuxShim.h. Each function forwards one call or macro. */
#define _GNU_SOURCE
#include "CLinuxShim.h"

#include <assert.h>
#include <sched.h>
#include <stddef.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

static_assert(sizeof(struct lanstitch_mmsghdr) == sizeof(struct mmsghdr), "mmsghdr size");
static_assert(offsetof(struct lanstitch_mmsghdr, msg_len) == offsetof(struct mmsghdr, msg_len), "msg_len offset");
static_assert(sizeof(struct ifreq) == 40, "struct ifreq is 40 bytes on 64-bit Linux");
static_assert(IFNAMSIZ == 16, "interface names hold 15 bytes and a NUL");

int lanstitch_recvmmsg(int fd, struct lanstitch_mmsghdr *messages, unsigned int count, int flags) {
    return recvmmsg(fd, (struct mmsghdr *)messages, count, flags, NULL);
}

int lanstitch_sendmmsg(int fd, struct lanstitch_mmsghdr *messages, unsigned int count, int flags) {
    return sendmmsg(fd, (struct mmsghdr *)messages, count, flags);
}

unsigned long lanstitch_udp_segment_space(void) { return CMSG_SPACE(sizeof(uint16_t)); }

void lanstitch_set_udp_segment(struct msghdr *message, void *control, unsigned short size) {
    message->msg_control = control;
    message->msg_controllen = CMSG_SPACE(sizeof(uint16_t));
    struct cmsghdr *header = CMSG_FIRSTHDR(message);
    header->cmsg_level = SOL_UDP;
    header->cmsg_type = UDP_SEGMENT;
    header->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    uint16_t value = size;
    memcpy(CMSG_DATA(header), &value, sizeof value);
}

int lanstitch_setns(int fd, int nstype) { return setns(fd, nstype); }
int lanstitch_unshare(int flags) { return unshare(flags); }
int lanstitch_clone_newnet(void) { return CLONE_NEWNET; }

int lanstitch_ioctl_pointer(int fd, unsigned long request, void *argument) { return ioctl(fd, request, argument); }
int lanstitch_ioctl_value(int fd, unsigned long request, unsigned long argument) {
    return ioctl(fd, request, argument);
}

unsigned long lanstitch_tunsetiff(void) { return TUNSETIFF; }
unsigned long lanstitch_tungetiff(void) { return TUNGETIFF; }
unsigned long lanstitch_tunsetoffload(void) { return TUNSETOFFLOAD; }
unsigned long lanstitch_tunsetvnethdrsz(void) { return TUNSETVNETHDRSZ; }
unsigned long lanstitch_siocgifflags(void) { return SIOCGIFFLAGS; }
unsigned long lanstitch_siocsifflags(void) { return SIOCSIFFLAGS; }
unsigned long lanstitch_siocgifmtu(void) { return SIOCGIFMTU; }
unsigned long lanstitch_siocsifmtu(void) { return SIOCSIFMTU; }
unsigned long lanstitch_siocsifaddr(void) { return SIOCSIFADDR; }
unsigned long lanstitch_siocsifnetmask(void) { return SIOCSIFNETMASK; }
