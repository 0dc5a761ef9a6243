import Foundation
import Imaging
import TensorCore

/// Inputs of `unveil quality`: two folders of images paired by file name, optional
/// ground-truth masks (same file name, or same stem with another image extension) and
/// predicted masks.
public struct QualityConfig: Sendable, Codable, Equatable {
    public var reference: URL
    public var test: URL
    public var masks: URL?
    public var predictedMasks: URL?
    public var output: URL

    public init(reference: URL, test: URL, masks: URL? = nil, predictedMasks: URL? = nil, output: URL) {
        self.reference = reference
        self.test = test
        self.masks = masks
        self.predictedMasks = predictedMasks
        self.output = output
    }
}

/// The scores of one image pair.
public struct QualityRecord: Sendable, Codable, Equatable {
    public var image: String
    public var scores: QualityScores
}

/// Scores every image pair of two folders and writes `quality.csv`.
public enum QualityRun {
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg"]

    public static func run(_ config: QualityConfig) throws -> [QualityRecord] {
        if config.predictedMasks != nil, config.masks == nil {
            throw EvaluationError.invalidArgument("--predicted-masks needs --masks (the IoU compares predicted with ground-truth masks)")
        }
        let referenceNames = try imageNames(in: config.reference)
        let testNames = try imageNames(in: config.test)
        let onlyReference = referenceNames.filter { !testNames.contains($0) }
        let onlyTest = testNames.filter { !referenceNames.contains($0) }
        guard onlyReference.isEmpty, onlyTest.isEmpty else {
            throw EvaluationError.unmatchedImages(referenceFolder: config.reference.path, testFolder: config.test.path,
                                                  onlyInReference: onlyReference, onlyInTest: onlyTest)
        }
        let maskFiles = try config.masks.map { try matchingFiles(for: referenceNames, in: $0) }
        let predictedFiles = try config.predictedMasks.map { try matchingFiles(for: referenceNames, in: $0) }
        var records: [QualityRecord] = []
        for (index, name) in referenceNames.enumerated() {
            let reference = try ImageIO.read(from: config.reference.appendingPathComponent(name))
            let test = try ImageIO.read(from: config.test.appendingPathComponent(name))
            let mask = try maskFiles.map { try ImageIO.read(from: $0[index]) }
            let predicted = try predictedFiles.map { try ImageIO.read(from: $0[index]) }
            let scores = try ImageQuality.scores(reference: reference, test: test, mask: mask, predictedMask: predicted,
                                                 name: config.test.appendingPathComponent(name).path)
            records.append(QualityRecord(image: name, scores: scores))
        }
        try CSV.write(table(records, withMasks: config.masks != nil), to: config.output)
        return records
    }

    /// `image,psnr,ssim`, and with masks `psnr_occluded,ssim_occluded,psnr_visible,
    /// ssim_visible,mask_iou` (empty cells where a region is empty or no predicted mask).
    public static func table(_ records: [QualityRecord], withMasks: Bool) -> CSVTable {
        var header = ["image", "psnr", "ssim"]
        if withMasks { header += ["psnr_occluded", "ssim_occluded", "psnr_visible", "ssim_visible", "mask_iou"] }
        var table = CSVTable(header: header)
        for record in records {
            let s = record.scores
            var row = [record.image, CSVNumber.string(s.psnr, decimals: 4), CSVNumber.string(s.ssim)]
            if withMasks {
                row += [CSVNumber.string(s.regions?.psnrOccluded, decimals: 4), CSVNumber.string(s.regions?.ssimOccluded),
                        CSVNumber.string(s.regions?.psnrVisible, decimals: 4), CSVNumber.string(s.regions?.ssimVisible),
                        CSVNumber.string(s.maskIoU)]
            }
            table.append(row)
        }
        return table
    }

    /// PNG and JPEG file names (by extension) directly inside `folder`, sorted.
    public static func imageNames(in folder: URL) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw EvaluationError.folderNotFound(path: folder.path)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") && imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
        guard !names.isEmpty else { throw EvaluationError.noImages(folder: folder.path) }
        return names
    }

    /// For each image name, the file in `folder` with that name or, failing that, the
    /// same stem and another image extension; all missing names in one error.
    static func matchingFiles(for names: [String], in folder: URL) throws -> [URL] {
        let available = Set(try imageNames(in: folder))
        var files: [URL] = [], missing: [String] = []
        for name in names {
            let stem = (name as NSString).deletingPathExtension
            let candidates = [name] + ["png", "jpg", "jpeg"].map { "\(stem).\($0)" }
            if let found = candidates.first(where: available.contains) {
                files.append(folder.appendingPathComponent(found))
            } else {
                missing.append(name)
            }
        }
        guard missing.isEmpty else { throw EvaluationError.missingMasks(folder: folder.path, names: missing) }
        return files
    }
}
