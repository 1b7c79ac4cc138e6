// Tests of LanWire.
