// Tests of LanProtocol.
