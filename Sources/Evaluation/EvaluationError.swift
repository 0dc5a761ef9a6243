import Foundation

/// Everything that can go wrong computing metrics and statistics; each message names
/// the files or arguments involved and says what to change.
public enum EvaluationError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// Two images that must match in size and channels do not.
    case imageSizeMismatch(name: String, reference: String, test: String)
    /// A mask whose size differs from its image.
    case maskSizeMismatch(name: String, mask: String, image: String)
    /// An image too small for the SSIM window.
    case imageTooSmallForSSIM(name: String, width: Int, height: Int, windowSize: Int)
    /// File names present in one folder only.
    case unmatchedImages(referenceFolder: String, testFolder: String, onlyInReference: [String], onlyInTest: [String])
    /// Images without a mask in the masks folder.
    case missingMasks(folder: String, names: [String])
    /// A folder without PNG or JPEG images.
    case noImages(folder: String)
    /// A path that should be a folder is not.
    case folderNotFound(path: String)
    /// An embeddings array that is not 2-D.
    case embeddingsNotMatrix(path: String, shape: [Int])
    /// Embedding rows and list rows differ in number.
    case embeddingCountMismatch(embeddings: String, rows: Int, list: String, listRows: Int)
    /// Gallery and probe embeddings of different widths.
    case embeddingWidthMismatch(gallery: Int, probe: Int)
    /// A NaN or infinite value in an embedding row.
    case nonFiniteEmbedding(path: String, row: Int)
    /// No gallery rows.
    case emptyGallery(path: String)
    /// No probe has a mate in the gallery, so no rate can be computed.
    case noProbesWithMate(probeList: String, excluded: Int)
    /// Paired per-probe results of different lengths.
    case pairedLengthMismatch(baseline: Int, treated: Int)
    /// A rank or count argument out of range.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .imageSizeMismatch(name, reference, test):
            return "\(name): reference is \(reference) but test is \(test); images must match in size and channels"
        case let .maskSizeMismatch(name, mask, image):
            return "\(name): mask is \(mask) but the image is \(image)"
        case let .imageTooSmallForSSIM(name, width, height, window):
            return "\(name): \(width)×\(height) is smaller than the \(window)×\(window) SSIM window"
        case let .unmatchedImages(referenceFolder, testFolder, onlyReference, onlyTest):
            var parts: [String] = []
            if !onlyReference.isEmpty { parts.append("only in \(referenceFolder): \(onlyReference.joined(separator: ", "))") }
            if !onlyTest.isEmpty { parts.append("only in \(testFolder): \(onlyTest.joined(separator: ", "))") }
            return "images are paired by file name, but " + parts.joined(separator: "; ")
        case let .missingMasks(folder, names):
            return "\(folder): no mask for \(names.joined(separator: ", "))"
        case let .noImages(folder):
            return "\(folder): no PNG or JPEG images"
        case let .folderNotFound(path):
            return "\(path): no such folder"
        case let .embeddingsNotMatrix(path, shape):
            return "\(path): embeddings must be a 2-D array (rows × features), found shape \(shape)"
        case let .embeddingCountMismatch(embeddings, rows, list, listRows):
            return "\(embeddings) has \(rows) rows but \(list) lists \(listRows) images; row i must belong to list row i"
        case let .embeddingWidthMismatch(gallery, probe):
            return "gallery embeddings have \(gallery) features but probe embeddings have \(probe)"
        case let .nonFiniteEmbedding(path, row):
            return "\(path): row \(row) holds NaN or infinity"
        case let .emptyGallery(path):
            return "\(path): the gallery is empty"
        case let .noProbesWithMate(list, excluded):
            return "\(list): none of the \(excluded) probes has a subject in the gallery"
        case let .pairedLengthMismatch(baseline, treated):
            return "paired comparison needs the same probes: \(baseline) vs \(treated) results"
        case let .invalidArgument(message):
            return message
        }
    }

    public var errorDescription: String? { description }
}
