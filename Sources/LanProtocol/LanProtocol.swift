// LanProtocol: the sans-I/O OpenVPN session machine (reliability layer, key states, timers).
// Bytes and time in, bytes and actions out; it never owns a socket or reads a clock.
//
// The control channel's reliability layer (reference/openvpn-protocol.md §4), per key state:
//   1. `ReliableSender`   — outgoing payloads get msg-ids, wait in a 6-packet send window,
//                           are retransmitted with backoff until ACKed;
//   2. `ReliableReceiver` — incoming msg-ids are checked against a 12-packet receive window,
//                           buffered, and handed out strictly in order;
//   3. `AckTracker`       — which msg-ids to ACK on the next packet (new ones, then the MRU);
//   4. `ReliableChannel`  — the three together: logical packets in, logical packets out;
//   5. `HandshakeWindow`  — the 60 s deadline that ends a negotiation backoff cannot save.
// Time is a `Timestamp` the caller passes in; nothing here reads a clock or sets a timer.

import LanValues
