import Foundation
import Imaging

/// Every failure of the de-occlusion subsystem, one case each, with a one-line message that
/// names the file or spec at fault and what to do.
public enum DeocclusionError: Error, Equatable, CustomStringConvertible, LocalizedError {
    // Specs
    case invalidSpec(String, reason: String)
    case invalidCommand(String, reason: String)
    // Inputs
    case maskRequired(deoccluder: String)
    case maskCountMismatch(images: Int, masks: Int)
    case maskShapeMismatch(index: Int, image: String, mask: String)
    case missingPredictedMask(deoccluder: String, index: Int)
    case predictedMaskShapeMismatch(deoccluder: String, index: Int, image: String, mask: String)
    // PCA
    case notEnoughTrainingFaces(count: Int)
    case trainingFaceShapeMismatch(index: Int, expected: String, found: String)
    case invalidComponentCount(Int, maximum: Int)
    case decompositionFailed(routine: String, info: Int)
    case malformedBasis(path: String, reason: String)
    case basisShapeMismatch(basis: String, image: String)
    // External programs
    case programNotFound(String)
    case launchFailed(program: String, errno: Int32)
    case programFailed(command: String, status: Int32, stderrTail: String)
    case programTimedOut(command: String, seconds: Double)
    case missingOutput(path: String)
    case outputShapeMismatch(path: String, expected: String, found: String)
    // The deocclude command
    case inputNotFound(path: String)
    case noImages(path: String)
    case missingMask(path: String, image: String)
    case maskFileShapeMismatch(path: String, image: String, mask: String)
    case malformedList(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalidSpec(text, reason):
            return "invalid de-occluder '\(text)': \(reason) (expected none, oagan:PATH, inpaint, "
                + "inpaint:gt, inpaint:SPEC, pca:PATH or command:'PROGRAM ARGS {input} {output}')"
        case let .invalidCommand(text, reason):
            return "invalid command template '\(text)': \(reason)"
        case let .maskRequired(deoccluder):
            return "de-occluder '\(deoccluder)' needs ground-truth masks; pass them (e.g. --masks DIR)"
        case let .maskCountMismatch(images, masks):
            return "\(images) images but \(masks) masks; give one mask (or nil) per image"
        case let .maskShapeMismatch(index, image, mask):
            return "mask \(index) is \(mask) but its image is \(image); masks are single-channel and image-sized"
        case let .missingPredictedMask(deoccluder, index):
            return "de-occluder '\(deoccluder)' returned no predicted mask for image \(index); "
                + "inpaint:SPEC needs a de-occluder that predicts masks"
        case let .predictedMaskShapeMismatch(deoccluder, index, image, mask):
            return "de-occluder '\(deoccluder)' predicted a \(mask) mask for image \(index) of \(image)"
        case let .notEnoughTrainingFaces(count):
            return "PCA needs at least 2 training faces, got \(count)"
        case let .trainingFaceShapeMismatch(index, expected, found):
            return "training face \(index) is \(found) but the first is \(expected); align all faces to one size"
        case let .invalidComponentCount(count, maximum):
            return "PCA component count \(count) is out of range 1...\(maximum) (at most training faces − 1)"
        case let .decompositionFailed(routine, info):
            return "LAPACK \(routine) failed (info \(info)); check the training faces for NaN or constant data"
        case let .malformedBasis(path, reason):
            return "\(path): not a PCA basis: \(reason); fit one with 'unveil deocclude --fit-pca'"
        case let .basisShapeMismatch(basis, image):
            return "the PCA basis is for \(basis) faces but this face is \(image); fit a basis at this size"
        case let .programNotFound(program):
            return "program '\(program)' not found (not an executable path and not on PATH)"
        case let .launchFailed(program, code):
            return "could not start '\(program)': \(String(cString: strerror(code)))"
        case let .programFailed(command, status, tail):
            let stderr = tail.isEmpty ? "" : "; stderr ends: \(tail.replacingOccurrences(of: "\n", with: " | "))"
            return "'\(command)' exited with status \(status)\(stderr)"
        case let .programTimedOut(command, seconds):
            return "'\(command)' did not finish within \(seconds) s and was stopped; raise the timeout if it needs longer"
        case let .missingOutput(path):
            return "\(path): the external program wrote no such output image (it must write one PNG per input, same name)"
        case let .outputShapeMismatch(path, expected, found):
            return "\(path): output is \(found) but its input is \(expected); outputs must keep the input's size and channels"
        case let .inputNotFound(path):
            return "\(path): no such folder or list file"
        case let .noImages(path):
            return "\(path): no .png/.jpg/.jpeg images found"
        case let .missingMask(path, image):
            return "\(path): no ground-truth mask for \(image) (masks are PNGs named like the images)"
        case let .maskFileShapeMismatch(path, image, mask):
            return "\(path): mask is \(mask) but its face is \(image); masks must be face-sized"
        case let .malformedList(path, line, reason):
            return "\(path):\(line): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}

/// `W×H×C`, the form used in shape messages.
func shapeText(_ image: Image) -> String { "\(image.width)×\(image.height)×\(image.channels)" }
