/// Settings of a synthetic face study (`unveil synth`).
public struct SyntheticConfig: Sendable, Codable, Equatable {
    /// Number of identities; the first `trainFraction` of them form the training split.
    public var identities: Int
    /// Images rendered per identity (at least 2: one gallery image and one probe).
    public var imagesPerIdentity: Int
    /// Image width and height in pixels.
    public var size: Int
    /// Fixes every identity, image and noise pattern.
    public var seed: UInt64
    /// Fraction of identities used for training (disjoint from gallery and probe identities).
    public var trainFraction: Double
    /// Fraction of an identity's images rendered wearing a natural occlusion.
    public var naturalOcclusionRate: Double
    /// Scales every per-image variation (alignment error, light, blur, noise); 1 = default.
    public var variationStrength: Float

    public init(identities: Int = 300, imagesPerIdentity: Int = 20, size: Int = 128, seed: UInt64 = 0,
                trainFraction: Double = 0.5, naturalOcclusionRate: Double = 0.3, variationStrength: Float = 1) {
        self.identities = identities
        self.imagesPerIdentity = imagesPerIdentity
        self.size = size
        self.seed = seed
        self.trainFraction = trainFraction
        self.naturalOcclusionRate = naturalOcclusionRate
        self.variationStrength = variationStrength
    }

    /// Number of training identities (at least 1, leaving at least 1 for testing).
    public var trainIdentities: Int {
        min(max(Int((Double(identities) * trainFraction).rounded()), 1), identities - 1)
    }

    /// Checks the ranges; throws `FaceDataError.invalidConfiguration`.
    public func validate() throws {
        guard identities >= 2 else { throw FaceDataError.invalidConfiguration("identities must be at least 2 (got \(identities))") }
        guard imagesPerIdentity >= 2 else {
            throw FaceDataError.invalidConfiguration("images per identity must be at least 2 (got \(imagesPerIdentity))")
        }
        guard (16...1024).contains(size) else { throw FaceDataError.invalidConfiguration("size must be in 16...1024 (got \(size))") }
        guard trainFraction > 0, trainFraction < 1 else {
            throw FaceDataError.invalidConfiguration("train fraction must be in (0, 1) (got \(trainFraction))")
        }
        guard (0...1).contains(naturalOcclusionRate) else {
            throw FaceDataError.invalidConfiguration("natural occlusion rate must be in [0, 1] (got \(naturalOcclusionRate))")
        }
    }
}
