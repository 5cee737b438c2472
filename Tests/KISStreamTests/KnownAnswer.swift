/// An AES-256-CBC/PKCS#7 known answer computed outside Swift, with Python's `cryptography`:
/// `Cipher(algorithms.AES(b"abcdefghijklmnopqrstuvwxyzabcdef"), modes.CBC(b"ca513e8bf725c575"))`
/// over the PKCS7-padded UTF-8 plaintext, then standard base64.
enum KnownAnswer {
    static let plaintext = "myhtsid^5012345601^0000012345^삼성전자"
    static let ciphertext = "aE821MjpVB5Tcsh+oaWSjWTBv4lVn5yVP70eIIqPRR10SDCm6yi+nbS4SvK9bhb9"
}
