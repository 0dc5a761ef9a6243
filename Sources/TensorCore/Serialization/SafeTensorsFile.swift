/// The contents of a safetensors file: named tensors (Float32) and string metadata.
public struct SafeTensorsFile: Sendable, Equatable {
    /// Tensors by name; `names` gives them in the file's (sorted) order.
    public var tensors: [String: TensorData]
    /// The header's `__metadata__` (string → string), preserved on read and write.
    public var metadata: [String: String]
    /// The element type each tensor had in the file it was read from (empty for files
    /// built in memory; `SafeTensors.write` always writes `F32`).
    public var storedDTypes: [String: SafeTensorsDType]

    public init(tensors: [String: TensorData] = [:], metadata: [String: String] = [:],
                storedDTypes: [String: SafeTensorsDType] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
        self.storedDTypes = storedDTypes
    }

    /// Tensor names in ascending order.
    public var names: [String] { tensors.keys.sorted() }

    /// Tensors in ascending name order.
    public var orderedTensors: [(name: String, data: TensorData)] {
        names.map { ($0, tensors[$0]!) }
    }

    /// The same file with `prefix` removed from every name that starts with it (e.g.
    /// `module.` left by PyTorch's DataParallel); other names are kept as they are.
    /// Throws `prefixCollision` when two tensors would end up with one name.
    public func strippingPrefix(_ prefix: String) throws(SafeTensorsError) -> SafeTensorsFile {
        var result = SafeTensorsFile(metadata: metadata)
        for (name, data) in orderedTensors {
            let stripped = name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
            guard result.tensors[stripped] == nil, !stripped.isEmpty else {
                throw .prefixCollision(prefix: prefix, name: stripped)
            }
            result.tensors[stripped] = data
            if let dtype = storedDTypes[name] { result.storedDTypes[stripped] = dtype }
        }
        return result
    }
}
