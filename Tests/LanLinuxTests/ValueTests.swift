// Small values at the kernel boundary: IPv4Endpoint ⇄ sockaddr_in byte order, SystemError text,
// and the EINTR/EAGAIN policy of the one syscall helper.

import Glibc
import LanValues
import Testing

@testable import LanLinux

@Suite struct ValueTests {
    @Test func socketAddressIsInNetworkByteOrder() {
        let endpoint = IPv4Endpoint(address: IPv4Address(192, 0, 2, 1), port: 1194)
        let socketAddress = endpoint.socketAddress
        #expect(socketAddress.sin_family == sa_family_t(AF_INET))
        #expect(withUnsafeBytes(of: socketAddress.sin_port) { Array($0) } == [0x04, 0xAA])
        #expect(withUnsafeBytes(of: socketAddress.sin_addr.s_addr) { Array($0) } == [192, 0, 2, 1])
        #expect(IPv4Endpoint(socketAddress) == endpoint)
        #expect(endpoint.description == "192.0.2.1:1194")
    }

    @Test func systemErrorNamesTheCallAndTheErrno() {
        let error = SystemError(call: "ioctl(TUNSETIFF)", code: EPERM)
        #expect(error.description == "ioctl(TUNSETIFF) failed: Operation not permitted (errno 1)")
    }

    @Test func syscallHelperRetriesEINTRAndStopsOnWouldBlock() throws {
        var attempts = 0
        let result = try Syscall.run("fake") { () -> Int32 in
            attempts += 1
            if attempts < 3 {
                errno = EINTR
                return -1
            }
            return 5
        }
        #expect(result == 5 && attempts == 3)
        #expect(
            try Syscall.runUnlessWouldBlock("fake") { () -> Int32 in
                errno = EAGAIN
                return -1
            } == nil)
        #expect(throws: SystemError(call: "fake", code: ENOBUFS)) {
            try Syscall.run("fake") { () -> Int32 in
                errno = ENOBUFS
                return -1
            }
        }
    }
}
