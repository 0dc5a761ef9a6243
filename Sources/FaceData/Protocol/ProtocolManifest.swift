/// `protocol.json`: what a protocol is and how to read its lists.
public struct ProtocolManifest: Sendable, Codable, Equatable {
    /// Short name (`synthetic`, `celeba-eyeglasses`, …).
    public var name: String
    /// Dataset the images come from.
    public var dataset: String
    /// Width and height of the (aligned) images in pixels.
    public var imageSize: Int
    /// Free text: how the splits were made, counts, caveats.
    public var notes: String
    /// Folder the list paths are relative to, itself relative to the protocol folder
    /// (or absolute); `"."` when the images live beneath the protocol folder.
    public var imageRoot: String
    /// When true, no subject of `train.csv` may appear in `gallery.csv` or `probe.csv`.
    public var disjointSubjects: Bool
    /// Attribute columns of `attributes.csv` (empty when there is none).
    public var attributes: [String]

    public init(name: String, dataset: String, imageSize: Int, notes: String, imageRoot: String = ".",
                disjointSubjects: Bool = true, attributes: [String] = []) {
        self.name = name
        self.dataset = dataset
        self.imageSize = imageSize
        self.notes = notes
        self.imageRoot = imageRoot
        self.disjointSubjects = disjointSubjects
        self.attributes = attributes
    }
}
