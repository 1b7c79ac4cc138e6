// LanLinux: the only target that talks to the kernel — TUN devices, UDP/TCP sockets.
