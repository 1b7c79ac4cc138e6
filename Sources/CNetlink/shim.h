/*
 * CNetlink: libnl-3 / libnl-route-3 headers for lanstitch's route installer, and the one call
 * Swift cannot import without _GNU_SOURCE (setns), declared here instead.
 */
#ifndef LANSTITCH_CNETLINK_SHIM_H
#define LANSTITCH_CNETLINK_SHIM_H

#include <netlink/netlink.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include <net/if.h>
#include <linux/rtnetlink.h>

/* setns(2) is declared by <sched.h> only under _GNU_SOURCE. */
extern int setns(int fd, int nstype);
#define LANSTITCH_CLONE_NEWNET 0x40000000

static inline int lanstitch_setns_net(int fd) { return setns(fd, LANSTITCH_CLONE_NEWNET); }

#endif
