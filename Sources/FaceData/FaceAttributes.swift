/// A binary face attribute with its CelebA column name.
public enum FaceAttribute: String, Sendable, Codable, CaseIterable {
    case fiveOClockShadow = "5_o_Clock_Shadow"
    case goatee = "Goatee"
    case heavyMakeup = "Heavy_Makeup"
    case male = "Male"
    case mustache = "Mustache"
    case noBeard = "No_Beard"
    case paleSkin = "Pale_Skin"
    case sideburns = "Sideburns"
    case wearingLipstick = "Wearing_Lipstick"
    case young = "Young"

    /// The ten attributes of the OA-GAN paper's discriminator, in its order.
    public static let paper: [FaceAttribute] = allCases
}

/// Values of the paper's attributes for one face (or identity).
public struct FaceAttributes: Sendable, Codable, Equatable {
    public var values: [FaceAttribute: Bool]

    public init(values: [FaceAttribute: Bool]) { self.values = values }

    public subscript(attribute: FaceAttribute) -> Bool { values[attribute] ?? false }

    /// 0/1 vector in the order of `attributes` (the discriminator's target).
    public func vector(_ attributes: [FaceAttribute] = FaceAttribute.paper) -> [Float] {
        attributes.map { self[$0] ? 1 : 0 }
    }
}
