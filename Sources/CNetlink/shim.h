/*
 * CNetlink: the libnl-3 / libnl-route-3 headers of lanstitch's route installer.
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

#endif
