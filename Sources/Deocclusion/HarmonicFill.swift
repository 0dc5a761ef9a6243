import Imaging

/// Harmonic (Laplace) fill: occluded pixels take the values that make the image's discrete
/// Laplacian zero there, with visible pixels as fixed boundary values and zero-flux
/// (Neumann) conditions at the image border. Solved per channel by conjugate gradients
/// with a Jacobi preconditioner, in Float64.
///
/// Linear functions are harmonic, so a linear ramp with an interior hole comes back exactly;
/// a constant stays constant.
public enum HarmonicFill {
    /// Relative residual ‖b − Au‖ / ‖b‖ at which conjugate gradients stop.
    public static let relativeTolerance = 1e-9

    /// Fills the pixels where `visible` is below 0.5.
    /// - Shape: image `[C, H, W]`, visible `[1, H, W]` → `[C, H, W]`
    /// - Returns: the image with occluded pixels replaced; visible pixels are returned
    ///   unchanged. With no visible pixel at all the image is filled with 0.5 gray.
    public static func fill(_ image: Image, visible: Image) -> Image {
        precondition(visible.channels == 1 && visible.width == image.width && visible.height == image.height,
                     "HarmonicFill: mask shape does not match image")
        let width = image.width, height = image.height, plane = image.planeSize
        var unknownIndex = [Int](repeating: -1, count: plane)  // (H·W) → unknown number or −1
        var unknowns: [Int] = []                               // unknown number → pixel
        for p in 0..<plane where !isVisible(visible.pixels[p]) {
            unknownIndex[p] = unknowns.count
            unknowns.append(p)
        }
        var result = image
        if unknowns.isEmpty { return result }
        if unknowns.count == plane {
            return Image(width: width, height: height, channels: image.channels, filledWith: 0.5)
        }
        // Per unknown: its in-image neighbours, split into unknown ones and known pixels.
        var degree = [Double](repeating: 0, count: unknowns.count)
        var unknownNeighbours = [Int](repeating: -1, count: 4 * unknowns.count)  // (n, 4)
        var knownNeighbours = [Int](repeating: -1, count: 4 * unknowns.count)    // (n, 4) pixels
        for (i, p) in unknowns.enumerated() {
            let x = p % width, y = p / width
            var slot = 0
            for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, nx < width, ny >= 0, ny < height else { continue }
                degree[i] += 1
                let q = ny * width + nx
                if unknownIndex[q] >= 0 {
                    unknownNeighbours[4 * i + slot] = unknownIndex[q]
                } else {
                    knownNeighbours[4 * i + slot] = q
                }
                slot += 1
            }
        }
        let system = LaplaceSystem(degree: degree, unknownNeighbours: unknownNeighbours)
        for c in 0..<image.channels {
            let channel = Array(image.pixels[c * plane ..< (c + 1) * plane])
            var rhs = [Double](repeating: 0, count: unknowns.count)
            var guessSum = 0.0, guessCount = 0
            for i in unknowns.indices {
                for slot in 0..<4 where knownNeighbours[4 * i + slot] >= 0 {
                    rhs[i] += Double(channel[knownNeighbours[4 * i + slot]])
                    guessSum += Double(channel[knownNeighbours[4 * i + slot]])
                    guessCount += 1
                }
            }
            let guess = guessCount > 0 ? guessSum / Double(guessCount) : 0.5
            let solution = system.solve(rhs: rhs, initial: guess, relativeTolerance: relativeTolerance)
            for (i, p) in unknowns.enumerated() {
                result.pixels[c * plane + p] = Float(min(max(solution[i], 0), 1))
            }
        }
        return result
    }
}

/// The graph Laplacian restricted to the unknown pixels: (Au)_i = deg_i·u_i − Σ_j u_j over
/// unknown neighbours j. Symmetric positive definite when every component of unknowns
/// touches a known pixel.
private struct LaplaceSystem {
    let degree: [Double]            // (n)
    let unknownNeighbours: [Int]    // (n, 4), −1 = none

    func apply(_ u: [Double], into out: inout [Double]) {
        for i in degree.indices {
            var s = degree[i] * u[i]
            for slot in 0..<4 {
                let j = unknownNeighbours[4 * i + slot]
                if j >= 0 { s -= u[j] }
            }
            out[i] = s
        }
    }

    /// Jacobi-preconditioned conjugate gradients (Saad, Iterative Methods, Alg. 9.1).
    func solve(rhs b: [Double], initial: Double, relativeTolerance: Double) -> [Double] {
        let n = degree.count
        var u = [Double](repeating: initial, count: n)
        var au = [Double](repeating: 0, count: n)
        apply(u, into: &au)
        var r = (0..<n).map { b[$0] - au[$0] }
        var z = (0..<n).map { r[$0] / degree[$0] }
        var p = z
        var rz = dot(r, z)
        let bNorm = max(dot(b, b).squareRoot(), 1e-300)
        var ap = [Double](repeating: 0, count: n)
        for _ in 0 ..< max(10 * n, 100) {
            if dot(r, r).squareRoot() <= relativeTolerance * bNorm { break }
            apply(p, into: &ap)
            let alpha = rz / dot(p, ap)
            for i in 0..<n {
                u[i] += alpha * p[i]
                r[i] -= alpha * ap[i]
                z[i] = r[i] / degree[i]
            }
            let rzNext = dot(r, z)
            let beta = rzNext / rz
            rz = rzNext
            for i in 0..<n { p[i] = z[i] + beta * p[i] }
        }
        return u
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}
