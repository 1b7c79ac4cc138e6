#!/usr/bin/env python3
"""Test tooling of scripts/test-frontdoor (never shipped): capture real clients' hard resets,
and replay one from many spoofed sources while counting what the server sends back.

  frontdoor.py capture ADDRESS PORT COUNT OUT SECS
      bind ADDRESS:PORT (UDP), write the first datagram of each of COUNT distinct client
      session ids to OUT, one hex line each; give up after SECS.
  frontdoor.py flood RESET_HEX DEVICE SERVER PORT SOURCES SECS [PER_PORT]
      send RESET_HEX (the bytes of one authentic hard reset) once from each source of SOURCES
      (a file: "address port" per line) to SERVER:PORT through a raw socket, spread evenly over
      SECS seconds, then listen 2 s more; meanwhile count on DEVICE (AF_PACKET) the UDP datagrams
      from SERVER:PORT to any of those sources. Prints one JSON line: sent, sent_bytes,
      replies, reply_bytes (UDP payload bytes both ways).
  frontdoor.py forge RESET_HEX SOURCE_ADDRESS SOURCE_PORT SERVER PORT COUNT INTERVAL
      send RESET_HEX COUNT times, every INTERVAL seconds, as if from SOURCE_ADDRESS:SOURCE_PORT.
Every loop is bounded in count and time."""
import json
import socket
import struct
import sys
import time


def capture(address, port, count, out, secs):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((address, port))
    deadline = time.monotonic() + secs
    seen = {}
    while len(seen) < count and time.monotonic() < deadline:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            data, _ = sock.recvfrom(2048)
        except socket.timeout:
            break
        if data and data[0] >> 3 == 7:  # P_CONTROL_HARD_RESET_CLIENT_V2
            seen.setdefault(data[1:9], data)
    with open(out, "w") as f:
        for data in seen.values():
            f.write(data.hex() + "\n")
    return 0 if len(seen) >= count else 1


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def datagram(payload, source, sport, destination, dport):
    src, dst = socket.inet_aton(source), socket.inet_aton(destination)
    length = 8 + len(payload)
    udp = struct.pack("!HHHH", sport, dport, length, 0) + payload
    pseudo = src + dst + struct.pack("!BBH", 0, 17, length)
    udp = udp[:6] + struct.pack("!H", checksum(pseudo + udp) or 0xFFFF) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + length, 0, 0, 64, 17, 0, src, dst)
    return ip + udp


def raw_sender():
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_HDRINCL, 1)
    return sock


def flood(reset_hex, device, server, port, sources_file, secs):
    payload = bytes.fromhex(reset_hex)
    sources = [(a, int(p)) for a, p in (line.split() for line in open(sources_file) if line.strip())]
    wanted = {socket.inet_aton(a) for a, _ in sources}
    sniffer = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
    sniffer.bind((device, 0))
    sniffer.setblocking(False)
    sender = raw_sender()
    server_bytes = socket.inet_aton(server)
    replies = reply_bytes = sent = 0

    def drain():
        nonlocal replies, reply_bytes
        for _ in range(100000):
            try:
                frame, meta = sniffer.recvfrom(4096)
            except BlockingIOError:
                return
            if meta[2] == socket.PACKET_OUTGOING or len(frame) < 42:
                continue
            ip = frame[14:]
            header = (ip[0] & 0x0F) * 4
            if ip[9] != 17 or ip[12:16] != server_bytes or ip[16:20] not in wanted:
                continue
            sport, _, length = struct.unpack("!HHH", ip[header:header + 6])
            if sport == port:
                replies += 1
                reply_bytes += length - 8

    start = time.monotonic()
    for index, (address, sport) in enumerate(sources):
        due = start + secs * index / len(sources)
        while time.monotonic() < due:
            drain()
            time.sleep(0.001)
        sender.sendto(datagram(payload, address, sport, server, port), (server, port))
        sent += 1
    end = time.monotonic() + 2
    while time.monotonic() < end:
        drain()
        time.sleep(0.01)
    print(json.dumps({"sent": sent, "sent_bytes": sent * len(payload), "replies": replies,
                      "reply_bytes": reply_bytes, "seconds": round(time.monotonic() - start, 2)}))
    return 0


def forge(reset_hex, source, sport, server, port, count, interval):
    payload = bytes.fromhex(reset_hex)
    sender = raw_sender()
    for _ in range(count):
        sender.sendto(datagram(payload, source, sport, server, port), (server, port))
        time.sleep(interval)
    return 0


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "capture":
        sys.exit(capture(args[0], int(args[1]), int(args[2]), args[3], float(args[4])))
    if command == "flood":
        sys.exit(flood(args[0], args[1], args[2], int(args[3]), args[4], float(args[5])))
    if command == "forge":
        sys.exit(forge(args[0], args[1], int(args[2]), args[3], int(args[4]), int(args[5]), float(args[6])))
    sys.exit("usage: frontdoor.py capture|flood|forge ...")
