// SocketAddressing: the sockaddr_in calls every IPv4 socket makes — bind to an endpoint, and
// read back the endpoint the kernel bound (a port 0 becomes the port chosen).

import Glibc
import LanValues

enum SocketAddressing {
    /// bind(2) of `raw` to `endpoint`.
    static func bind(_ raw: Int32, to endpoint: IPv4Endpoint) throws(SystemError) {
        var address = endpoint.socketAddress
        _ = try Syscall.run("bind") {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(raw, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// getsockname(2) of `raw`.
    static func localEndpoint(of raw: Int32) throws(SystemError) -> IPv4Endpoint {
        var bound = sockaddr_in()
        var boundLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = try Syscall.run("getsockname") {
            withUnsafeMutablePointer(to: &bound) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(raw, $0, &boundLength) }
            }
        }
        return IPv4Endpoint(bound)
    }
}
