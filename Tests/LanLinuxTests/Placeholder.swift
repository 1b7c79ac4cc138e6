// Tests of LanLinux.
