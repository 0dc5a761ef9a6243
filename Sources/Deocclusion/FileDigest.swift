import Foundation
import TensorCore

/// SHA-256 (FIPS 180-4, TensorCore's `SHA256`) of a file's bytes, for content-based
/// de-occluder identities: `identity = "pca:" + FileDigest.shortHex(of: url)`.
public enum FileDigest {
    /// The first 12 hex digits of the file's SHA-256.
    public static func shortHex(of url: URL) throws -> String {
        String(try sha256Hex(of: url).prefix(12))
    }

    /// The file's SHA-256 as 64 lowercase hex digits.
    public static func sha256Hex(of url: URL) throws -> String {
        var hash = SHA256()
        hash.update(try Data(contentsOf: url))
        return hash.hexDigest()
    }
}
