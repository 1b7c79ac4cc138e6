// LabVectors: the throw-away keys of the reference's lab capture (reference/openvpn-protocol.md
// Appendix A), shared by every test that replays its packets.

/// Appendix A vectors.
public enum LabVectors {
    /// A.1: the lab's tls-crypt key file (OpenVPN Static key V1).
    public static let tlsCryptKey = """
        -----BEGIN OpenVPN Static key V1-----
        bee7772cc3fcf83f22334f96ff848c01
        5856593b6e5d444b5f7f539385335385
        c3ce56bea37bea10c4f1b5411bc82948
        13489e96a1b0706264880e3897303870
        797138f7ae6834c76bad58e8fcf321e4
        e40d2d0871825d164d5e80d6dda84f9d
        8c94fec60a6c362cb71b2ec3fce6af10
        ec237c17a876d686a9dd059df84fca0b
        c6e9071b5d543c4c82ef21afc5029509
        3bf7826150f2e8777afdc6fd36e23d11
        5497bb54f65970721d37e93dadab306f
        4040c324c24f035587fc5211d4293328
        bdd4136a8a6ba0e7ee63821c97d2d90a
        fa4aac0351114d65db495eb78bc1512f
        7cac60cf288fbf252e50ea7bbe4ba341
        33e2b3a9a8f0175a5ebfd887521440ea
        -----END OpenVPN Static key V1-----
        """
}
