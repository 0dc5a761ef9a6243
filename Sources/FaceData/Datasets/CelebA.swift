import Foundation

/// CelebA's aligned images and annotations, found in the official layout
/// (`Img/img_align_celeba/`, `Anno/`, `Eval/`) or flattened in one folder (torchvision).
public struct CelebA: Sendable {
    /// CelebA's evaluation partition.
    public enum Partition: Int, Sendable, Codable {
        case train = 0, validation = 1, test = 2
    }

    /// One image with its annotations.
    public struct Record: Sendable, Equatable {
        public var file: String
        public var identity: Int
        public var partition: Partition
        /// ±1 attribute values turned into booleans, in `attributeNames` order.
        public var attributes: [Bool]
        /// Left eye, right eye, nose, left and right mouth corner in pixels of the 178×218 image.
        public var landmarks: [SIMD2<Double>]
    }

    public static let identityFile = "identity_CelebA.txt"
    public static let attributeFile = "list_attr_celeba.txt"
    public static let landmarkFile = "list_landmarks_align_celeba.txt"
    public static let partitionFile = "list_eval_partition.txt"
    public static let imageFolder = "img_align_celeba"

    public var root: URL
    public var imagesFolder: URL
    public var attributeNames: [String]
    /// Every image annotated in all four files, sorted by file name.
    public var records: [Record]

    /// Reads the four annotation files under `root`.
    /// - Throws: `FaceDataError.missingAnnotation`, `.malformedAnnotation` (file and line), `.missingFile`.
    public static func load(root: URL) throws -> CelebA {
        func locate(_ name: String) throws -> URL {
            for folder in ["", "Anno", "Eval", "anno", "eval"] {
                let url = root.appendingPathComponent(folder).appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) { return url }
            }
            throw FaceDataError.missingAnnotation(root: root, name: name)
        }
        let candidates = [imageFolder, "Img/\(imageFolder)", "Img/\(imageFolder)/\(imageFolder)"].map { root.appendingPathComponent($0) }
        guard let images = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            throw FaceDataError.missingFile(candidates[0])
        }
        let identities = try AnnotationFile.read(locate(identityFile), hasHeader: false)
        let partitions = try AnnotationFile.read(locate(partitionFile), hasHeader: false)
        let attributes = try AnnotationFile.read(locate(attributeFile), hasHeader: true)
        let landmarks = try AnnotationFile.read(locate(landmarkFile), hasHeader: true)
        guard landmarks.columns.count == 10 else {
            throw FaceDataError.malformedAnnotation(file: landmarks.url, line: 2,
                                                    reason: "expected 10 landmark columns, found \(landmarks.columns.count)")
        }

        var identityOf: [String: Int] = [:]
        for row in identities.rows { identityOf[row.file] = try identities.integer(row, 0, column: "identity") }
        var partitionOf: [String: Partition] = [:]
        for row in partitions.rows {
            let value = try partitions.integer(row, 0, column: "partition")
            guard let partition = Partition(rawValue: value) else {
                throw FaceDataError.malformedAnnotation(file: partitions.url, line: row.line, reason: "partition \(value) is not 0, 1 or 2")
            }
            partitionOf[row.file] = partition
        }
        var attributesOf: [String: [Bool]] = [:]
        for row in attributes.rows {
            attributesOf[row.file] = try row.values.indices.map { index in
                let value = try attributes.integer(row, index, column: attributes.columns[index])
                guard value == 1 || value == -1 else {
                    throw FaceDataError.malformedAnnotation(file: attributes.url, line: row.line,
                                                            reason: "\(attributes.columns[index]) is \(value), expected 1 or -1")
                }
                return value == 1
            }
        }
        var records: [Record] = []
        for row in landmarks.rows {
            let values = try row.values.indices.map { Double(try landmarks.integer(row, $0, column: landmarks.columns[$0])) }
            guard let identity = identityOf[row.file], let partition = partitionOf[row.file], let attribute = attributesOf[row.file] else {
                continue
            }
            records.append(Record(file: row.file, identity: identity, partition: partition, attributes: attribute,
                                  landmarks: stride(from: 0, to: 10, by: 2).map { SIMD2(values[$0], values[$0 + 1]) }))
        }
        guard !records.isEmpty else { throw FaceDataError.noImages(images) }
        records.sort { $0.file < $1.file }
        return CelebA(root: root, imagesFolder: images, attributeNames: attributes.columns, records: records)
    }

    /// Column index of attribute `name`.
    /// - Throws: `FaceDataError.malformedAnnotation` when the attribute file lacks it.
    public func attributeIndex(_ name: String) throws -> Int {
        guard let index = attributeNames.firstIndex(of: name) else {
            throw FaceDataError.malformedAnnotation(file: root.appendingPathComponent(Self.attributeFile), line: 2,
                                                    reason: "no '\(name)' attribute column")
        }
        return index
    }
}
