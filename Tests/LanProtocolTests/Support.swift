// Shared helpers of the LanProtocol tests: terse msg-ids, instants and payloads.

import LanProtocol
import LanValues
import LanWire

/// Msg-ids from plain numbers.
func ids(_ values: UInt32...) -> [MessageID] { values.map(MessageID.init) }

/// Msg-ids of a range.
func ids(_ range: Range<UInt32>) -> [MessageID] { range.map(MessageID.init) }

/// The instant `seconds` after the origin.
func at(_ seconds: Double) -> Timestamp { Timestamp(milliseconds: Int64((seconds * 1000).rounded())) }

/// A payload naming its sender and its position in that sender's stream.
func payload(_ tag: UInt8, _ index: Int) -> [UInt8] {
    [tag, UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index)]
}
