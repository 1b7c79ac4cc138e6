// LanProtocol: the sans-I/O OpenVPN session machine (reliability layer, key states, timers).
// Bytes and time in, bytes and actions out; it never owns a socket or reads a clock.
