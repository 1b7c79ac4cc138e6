// DaemonEnvironment: the few switches the daemons read from the environment, for
// troubleshooting and side-by-side measurements rather than everyday configuration.
//
//   LANSTITCH_TUN_OFFLOAD=0   open the TUN device without TSO/checksum offload (one packet per
//                             read and write), e.g. to compare, or on a kernel that misbehaves

import Foundation

enum DaemonEnvironment {
    /// False when LANSTITCH_TUN_OFFLOAD is "0" (offload is on by default).
    static var tunOffload: Bool { ProcessInfo.processInfo.environment["LANSTITCH_TUN_OFFLOAD"] != "0" }
}
