/// Settings of `unveil occlude`: which protocol split to occlude, where to write, with
/// which occluders and seed.
public struct OcclusionConfig: Sendable, Codable, Equatable {
    /// Protocol folder (see `FaceProtocol`).
    public var protocolFolder: String
    public var split: ProtocolSplit
    /// Output folder: `images/`, `masks/`, `manifest.csv`.
    public var outputFolder: String
    /// Folder of user RGBA PNG occluders, added to the procedural library.
    public var occludersFolder: String?
    /// Use only the user occluders (requires `occludersFolder`).
    public var userOccludersOnly: Bool
    public var variantsPerFamily: Int
    public var seed: UInt64

    public init(protocolFolder: String, split: ProtocolSplit, outputFolder: String, occludersFolder: String? = nil,
                userOccludersOnly: Bool = false, variantsPerFamily: Int = 64, seed: UInt64 = 0) {
        self.protocolFolder = protocolFolder
        self.split = split
        self.outputFolder = outputFolder
        self.occludersFolder = occludersFolder
        self.userOccludersOnly = userOccludersOnly
        self.variantsPerFamily = variantsPerFamily
        self.seed = seed
    }
}
