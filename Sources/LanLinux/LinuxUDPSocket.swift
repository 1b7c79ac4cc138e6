// LinuxUDPSocket: a bound, non-blocking IPv4 UDP socket that moves whole batches with one
// recvmmsg(2) / sendmmsg(2) per `MessageVector` of datagrams. Sends use UDP GSO where they can:
// consecutive datagrams to one endpoint and of one size go as one message that the kernel cuts
// after routing it once. Implements `PacketLink`.

import CLinuxShim
import Glibc
import LanHost
import LanValues

/// The kernel's UDP socket, implementing `PacketLink` (see its contract).
///
/// - Created in the calling thread's network namespace, bound to `binding` (port 0 picks one).
/// - Socket buffers are asked for `socketBufferBytes` each way: with SO_RCVBUFFORCE /
///   SO_SNDBUFFORCE when the process has CAP_NET_ADMIN, else with SO_RCVBUF / SO_SNDBUF, which
///   the kernel caps at net.core.rmem_max / wmem_max. The kernel doubles the figure for its own
///   bookkeeping; `receiveBufferBytes` reports what it granted.
/// - Thread-safety: `@unchecked Sendable` because receive and send each own one scratch
///   `MessageVector`; the contract allows one receiver and one sender at a time, never two of either.
public final class LinuxUDPSocket: PacketLink, @unchecked Sendable {
    /// The socket's descriptor (register it with a `Poller`).
    public let descriptor: FileDescriptor
    public let localEndpoint: IPv4Endpoint
    private let receiveVector: MessageVector
    private let sendVector: MessageVector
    /// Datagrams per message of the last segmented send.
    private let runLengths: UnsafeMutablePointer<Int>
    /// Whether sends use UDP GSO (UDP_SEGMENT); turned off for good if the kernel refuses it.
    private var segmentation: Bool
    /// What the segmentation setup gave, for the log.
    public private(set) var segmentationState: String

    /// Opens, sizes and binds the socket. `vectorCapacity` is how many datagrams one system
    /// call carries (batches larger than that take several calls).
    public init(
        binding: IPv4Endpoint, socketBufferBytes: Int = 4 << 20, vectorCapacity: Int = 64, segmentation: Bool = true
    ) throws(SystemError) {
        let type = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let raw = try Syscall.run("socket") { socket(AF_INET, type, Int32(IPPROTO_UDP)) }
        descriptor = FileDescriptor(owning: raw)
        let bufferBytes = Int32(clamping: socketBufferBytes)
        try Self.setBufferSize(raw, force: SO_RCVBUFFORCE, plain: SO_RCVBUF, bufferBytes, name: "SO_RCVBUF")
        try Self.setBufferSize(raw, force: SO_SNDBUFFORCE, plain: SO_SNDBUF, bufferBytes, name: "SO_SNDBUF")
        try SocketAddressing.bind(raw, to: binding)
        localEndpoint = try SocketAddressing.localEndpoint(of: raw)
        receiveVector = MessageVector(capacity: vectorCapacity)
        sendVector = MessageVector(capacity: vectorCapacity)
        runLengths = .allocate(capacity: vectorCapacity)
        runLengths.initialize(repeating: 0, count: vectorCapacity)
        self.segmentation = segmentation
        segmentationState = segmentation ? "UDP GSO" : "off: not asked for"
    }

    deinit { runLengths.deallocate() }

    public func receive(into batch: PacketBatch) throws(SystemError) -> Int {
        let raw = try descriptor.raw(for: "recvmmsg")
        batch.removeAll()
        while batch.count < batch.capacity {
            let wanted = min(batch.capacity - batch.count, receiveVector.capacity)
            for index in 0..<wanted {
                receiveVector.prepare(
                    index, buffer: batch.receiveSpace(at: batch.count + index), address: sockaddr_in())
            }
            let vector = receiveVector.messages
            let result: Int32?
            do {
                result = try Syscall.runUnlessWouldBlock("recvmmsg") {
                    lanstitch_recvmmsg(raw, vector, UInt32(wanted), 0)
                }
            } catch {
                if batch.count > 0 { break }
                throw error
            }
            guard let received = result else { break }
            for index in 0..<Int(received) {
                let length = receiveVector.wasTruncated(index) ? 0 : receiveVector.length(index)
                batch.setPacket(at: batch.count, offset: batch.headroom, length: length)
                batch.setEndpoint(IPv4Endpoint(receiveVector.address(index)), at: batch.count)
                batch.count += 1
            }
            if Int(received) < wanted { break }
        }
        return batch.count
    }

    public func send(_ batch: PacketBatch, from start: Int) throws(SystemError) -> Int {
        precondition(start >= 0 && start <= batch.count, "send(from:) outside the batch")
        if segmentation {
            do {
                return try sendSegmented(batch, from: start)
            } catch  where error.code == EIO || error.code == EINVAL || error.code == ENOPROTOOPT {
                // The kernel or the device refuses UDP GSO: plain datagrams from now on.
                segmentation = false
                segmentationState = "off: sendmsg with UDP_SEGMENT failed (\(error))"
            }
        }
        return try sendPlain(batch, from: start)
    }

    /// One datagram per message (sendmmsg).
    func sendPlain(_ batch: PacketBatch, from start: Int) throws(SystemError) -> Int {
        let raw = try descriptor.raw(for: "sendmmsg")
        var sent = 0
        while start + sent < batch.count {
            let first = start + sent
            let wanted = min(batch.count - first, sendVector.capacity)
            for index in 0..<wanted {
                sendVector.prepare(
                    index, buffer: batch.bytes(at: first + index),
                    address: batch.endpoint(at: first + index).socketAddress)
            }
            let vector = sendVector.messages
            let accepted: Int32?
            do {
                accepted = try Syscall.runUnlessWouldBlock("sendmmsg") {
                    lanstitch_sendmmsg(raw, vector, UInt32(wanted), 0)
                }
            } catch {
                if sent > 0 { return sent }
                throw error
            }
            guard let accepted else { break }
            sent += Int(accepted)
            if Int(accepted) < wanted { break }
        }
        return sent
    }

    /// Runs of datagrams to one endpoint, all of one size but the last (shorter or equal), each
    /// go as one message with UDP_SEGMENT: the kernel cuts them after routing once. Several runs
    /// go in one sendmmsg.
    func sendSegmented(_ batch: PacketBatch, from start: Int) throws(SystemError) -> Int {
        let raw = try descriptor.raw(for: "sendmmsg")
        var sent = 0
        while start + sent < batch.count {
            let first = start + sent
            let available = min(batch.count - first, sendVector.capacity)
            var messages = 0
            var index = 0
            while index < available {
                let endpoint = batch.endpoint(at: first + index)
                let size = batch.length(at: first + index)
                var count = 1
                var bytes = size
                sendVector.setVector(index, buffer: batch.bytes(at: first + index))
                if size + 28 <= Self.segmentMTU {
                    while index + count < available, count < Self.maxSegments {
                        let next = first + index + count
                        let length = batch.length(at: next)
                        guard batch.endpoint(at: next) == endpoint, length <= size, bytes + length <= Self.maxGSOBytes
                        else { break }
                        sendVector.setVector(index + count, buffer: batch.bytes(at: next))
                        bytes += length
                        count += 1
                        if length < size { break }
                    }
                }
                sendVector.prepareRun(
                    messages, first: index, count: count, address: endpoint.socketAddress, segmentSize: size)
                runLengths[messages] = count
                messages += 1
                index += count
            }
            let vector = sendVector.messages
            let accepted: Int32?
            do {
                accepted = try Syscall.runUnlessWouldBlock("sendmmsg") {
                    lanstitch_sendmmsg(raw, vector, UInt32(messages), 0)
                }
            } catch {
                if sent > 0 { return sent }
                throw error
            }
            guard let accepted else { break }
            for message in 0..<Int(accepted) { sent += runLengths[message] }
            if Int(accepted) < messages { break }
        }
        return sent
    }

    /// UDP GSO limits: datagrams that fit an MTU of 1500 unfragmented (bigger ones go alone),
    /// at most 64 segments and 64 KB a message.
    static let segmentMTU = 1500
    static let maxSegments = 64
    static let maxGSOBytes = 65_000

    public func close() throws(SystemError) { try descriptor.close() }

    /// The receive buffer the kernel granted, in bytes (getsockopt SO_RCVBUF).
    public var receiveBufferBytes: Int {
        get throws(SystemError) { try option(SO_RCVBUF, call: "getsockopt(SO_RCVBUF)") }
    }

    /// The send buffer the kernel granted, in bytes (getsockopt SO_SNDBUF).
    public var sendBufferBytes: Int {
        get throws(SystemError) { try option(SO_SNDBUF, call: "getsockopt(SO_SNDBUF)") }
    }

    private func option(_ name: Int32, call: String) throws(SystemError) -> Int {
        let raw = try descriptor.raw(for: call)
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try Syscall.run(call) { getsockopt(raw, SOL_SOCKET, name, &value, &length) }
        return Int(value)
    }

    /// Sets a buffer size with the FORCE option, falling back to the capped one on EPERM only.
    private static func setBufferSize(
        _ raw: Int32, force: Int32, plain: Int32, _ bytes: Int32, name: String
    ) throws(SystemError) {
        var value = bytes
        let size = socklen_t(MemoryLayout<Int32>.size)
        do {
            _ = try Syscall.run("setsockopt(\(name)FORCE)") { setsockopt(raw, SOL_SOCKET, force, &value, size) }
        } catch  where error.code == EPERM {
            _ = try Syscall.run("setsockopt(\(name))") { setsockopt(raw, SOL_SOCKET, plain, &value, size) }
        }
    }
}
