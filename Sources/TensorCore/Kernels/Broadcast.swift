/// NumPy broadcasting: shapes, and the strided row iteration every broadcasting kernel
/// (binary arithmetic, reduction to a shape, expansion to a shape) shares.
public enum Broadcast {
    /// The broadcast shape of two shapes, or nil when they are incompatible.
    public static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        var result = [Int](repeating: 0, count: rank)
        for i in 0..<rank {
            if pa[i] == pb[i] { result[i] = pa[i] }
            else if pa[i] == 1 { result[i] = pb[i] }
            else if pb[i] == 1 { result[i] = pa[i] }
            else { return nil }
        }
        return result
    }

    /// Whether `shape` broadcasts to `target` (every axis equal or 1, leading axes free).
    public static func isBroadcastable(_ shape: [Int], to target: [Int]) -> Bool {
        Broadcast.shape(shape, target) == target
    }

    /// Iteration plan over `outputShape` for operands of the given shapes: dimensions are
    /// merged where every operand is contiguous across them, leaving rows of length
    /// `rowLength` with per-operand element strides `rowStrides` (0 or 1) and the offsets
    /// of every row's first element.
    @usableFromInline
    struct Plan {
        @usableFromInline var rowLength: Int
        @usableFromInline var rowStrides: [Int]
        /// Per operand, the start offset of each row (row count = output count / rowLength).
        @usableFromInline var rowOffsets: [[Int]]
    }

    @usableFromInline
    static func plan(outputShape: [Int], operandShapes: [[Int]]) -> Plan {
        let rank = outputShape.count
        let total = Tensor.count(of: outputShape)
        if rank == 0 || total == 0 {
            return Plan(rowLength: total, rowStrides: operandShapes.map { _ in 1 },
                        rowOffsets: operandShapes.map { _ in total == 0 ? [] : [0] })
        }
        // Strides of each operand over the output axes (0 where broadcast).
        var strides: [[Int]] = operandShapes.map { shape in
            let padded = [Int](repeating: 1, count: rank - shape.count) + shape
            var s = [Int](repeating: 0, count: rank)
            var running = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                s[axis] = padded[axis] == 1 ? 0 : running
                running *= padded[axis]
            }
            return s
        }
        // Merge adjacent axes (right to left) when every operand is contiguous across them.
        var dims = outputShape
        var axis = rank - 1
        while axis > 0 {
            let inner = axis, outer = axis - 1
            let mergeable = strides.allSatisfy { $0[outer] == $0[inner] * dims[inner] }
            if mergeable {
                dims[outer] *= dims[inner]
                dims.remove(at: inner)
                for o in strides.indices { strides[o][outer] = strides[o][inner]; strides[o].remove(at: inner) }
            }
            axis -= 1
        }
        let rowLength = dims.last!
        let rowStrides = strides.map { $0.last! }
        let outerDims = Array(dims.dropLast())
        let rows = total / max(rowLength, 1)
        var offsets = strides.map { _ in [Int](repeating: 0, count: rows) }
        var index = [Int](repeating: 0, count: outerDims.count)
        for row in 0..<rows {
            for o in strides.indices {
                var offset = 0
                for d in outerDims.indices { offset += index[d] * strides[o][d] }
                offsets[o][row] = offset
            }
            var d = outerDims.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < outerDims[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return Plan(rowLength: rowLength, rowStrides: rowStrides, rowOffsets: offsets)
    }
}
