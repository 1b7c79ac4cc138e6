// LanLinux: the only target that talks to the kernel. A map of it:
//
//   seams and buffers (LanHost)     TunDevice, PacketLink, PacketBatch, PacketPool, EventPoller;
//                                   their fakes (ChannelTun, LinkPair) are in LanTestKit
//   Linux implementations           LinuxTun (/dev/net/tun), LinuxUDPSocket (recvmmsg/sendmmsg),
//                                   Poller (epoll), InterfaceControl (SIOC* ioctls)
//   C boundary                      FileDescriptor (one owner per descriptor), Syscall + SystemError
//                                   (EINTR retried, errno read at once), InterfaceRequest (ifreq),
//                                   MessageVector (mmsghdr arrays); CLinuxShim holds what Swift
//                                   cannot import
//   test support                    withFreshNetworkNamespace — kernel tests in a named namespace
//
// The data path reads a batch (TUN or UDP), edits packets in place — headers into the headroom,
// tags into the tailroom — and writes the same batch on; no packet is copied or allocated.
