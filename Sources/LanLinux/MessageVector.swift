// MessageVector: the mmsghdr / iovec / sockaddr_in arrays recvmmsg and sendmmsg read and fill,
// allocated once per socket and direction and pointed at batch slots before every call.

import CLinuxShim
import Glibc

/// Scratch message headers for one direction of one socket. Not thread-safe: one user at a time.
final class MessageVector {
    /// How many datagrams one system call can carry.
    let capacity: Int
    let messages: UnsafeMutablePointer<lanstitch_mmsghdr>
    private let vectors: UnsafeMutablePointer<iovec>
    private let addresses: UnsafeMutablePointer<sockaddr_in>
    /// One UDP_SEGMENT control message per message (UDP GSO sends).
    private let controls: UnsafeMutableRawPointer
    private let controlSpace = Int(lanstitch_udp_segment_space())

    init(capacity: Int) {
        precondition(capacity > 0, "a message vector needs room for one datagram")
        self.capacity = capacity
        messages = .allocate(capacity: capacity)
        messages.initialize(repeating: lanstitch_mmsghdr(), count: capacity)
        vectors = .allocate(capacity: capacity)
        vectors.initialize(repeating: iovec(), count: capacity)
        addresses = .allocate(capacity: capacity)
        addresses.initialize(repeating: sockaddr_in(), count: capacity)
        controls = .allocate(byteCount: capacity * Int(lanstitch_udp_segment_space()), alignment: 8)
    }

    deinit {
        messages.deallocate()
        vectors.deallocate()
        addresses.deallocate()
        controls.deallocate()
    }

    /// Points iovec `index` at `buffer` (a datagram of a GSO run, see `prepareRun`).
    @inline(__always)
    func setVector(_ index: Int, buffer: UnsafeMutableRawBufferPointer) {
        vectors[index] = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
    }

    /// Makes message `message` send iovecs `first..<first + count` to `address` as one UDP GSO
    /// send of `segmentSize`-byte datagrams (the last may be shorter); no control message when
    /// `count` is 1.
    @inline(__always)
    func prepareRun(_ message: Int, first: Int, count: Int, address: sockaddr_in, segmentSize: Int) {
        addresses[message] = address
        var header = msghdr()
        header.msg_name = UnsafeMutableRawPointer(addresses + message)
        header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
        header.msg_iov = vectors + first
        header.msg_iovlen = count
        if count > 1 {
            lanstitch_set_udp_segment(&header, controls + message * controlSpace, UInt16(segmentSize))
        }
        messages[message] = lanstitch_mmsghdr(msg_hdr: header, msg_len: 0)
    }

    /// Points message `index` at `buffer` and at address slot `index`, which holds `address`
    /// (the destination, for sending) or is filled by the kernel (the source, for receiving).
    @inline(__always)
    func prepare(_ index: Int, buffer: UnsafeMutableRawBufferPointer, address: sockaddr_in) {
        vectors[index] = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        addresses[index] = address
        var header = msghdr()
        header.msg_name = UnsafeMutableRawPointer(addresses + index)
        header.msg_namelen = socklen_t(MemoryLayout<sockaddr_in>.size)
        header.msg_iov = vectors + index
        header.msg_iovlen = 1
        messages[index] = lanstitch_mmsghdr(msg_hdr: header, msg_len: 0)
    }

    /// Bytes the kernel moved for message `index`.
    @inline(__always)
    func length(_ index: Int) -> Int { Int(messages[index].msg_len) }

    /// Whether the kernel cut message `index` because the buffer was too small (MSG_TRUNC).
    @inline(__always)
    func wasTruncated(_ index: Int) -> Bool { messages[index].msg_hdr.msg_flags & Int32(MSG_TRUNC) != 0 }

    /// The source address the kernel wrote for message `index`.
    @inline(__always)
    func address(_ index: Int) -> sockaddr_in { addresses[index] }
}
