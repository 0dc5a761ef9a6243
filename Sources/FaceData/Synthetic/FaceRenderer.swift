import Foundation
import Imaging

/// Procedural face renderer: draws an identity's traits under one image's variation,
/// optionally wearing a natural occlusion, with anti-aliased signed-distance shapes.
public struct FaceRenderer: Sendable {
    /// Output width and height in pixels.
    public var size: Int

    public init(size: Int) { self.size = size }

    /// Renders one image; `noiseSeed` fixes the sensor noise.
    public func render(_ traits: IdentityTraits, _ variation: ImageVariation,
                       occlusion: NaturalOcclusion? = nil, noiseSeed: UInt64 = 0) -> RenderedFace {
        let frame = CanvasFrame(size: size, angle: variation.angle, scale: variation.scale, shift: variation.shift)
        var canvas = Canvas(size: size, background: variation.background, frame: frame)
        drawBackground(&canvas, variation)
        drawHead(&canvas, traits, variation)
        var clean: Canvas?
        if let occlusion {
            clean = canvas
            canvas.startRecordingAlpha()
            NaturalOcclusionPainter(traits: traits).draw(occlusion, on: &canvas)
        }
        let gain = lighting(traits, variation)
        canvas.shade(gain)
        clean?.shade(gain)
        let sigma = variation.blurSigma * Float(size) / 128
        var noiseRandom = FaceRandom(seed: noiseSeed)
        let noise = ImageFilters.noise(count: 3 * size * size, sigma: variation.noiseSigma, using: &noiseRandom)
        func finish(_ values: inout [Float]) {
            ImageFilters.gaussianBlur(&values, width: size, height: size, sigma: sigma)
            for i in values.indices { values[i] = min(max(values[i] + noise[i], 0), 1) }
        }
        finish(&canvas.image.pixels)
        var mask: Image?
        if var alpha = canvas.alpha, var cleanCanvas = clean {
            finish(&cleanCanvas.image.pixels)
            clean = cleanCanvas
            ImageFilters.gaussianBlur(&alpha, width: size, height: size, sigma: sigma)
            mask = Image(width: size, height: size, channels: 1, pixels: alpha.map { min(max(1 - $0, 0), 1) })
        }
        // Canvas pixel centres sit at +0.5; landmark files put them at integers.
        let landmarks = FaceRenderer.landmarks(traits).map { frame.pixelPoint($0) - Point2(0.5, 0.5) }
        return RenderedFace(image: canvas.image, groundTruth: clean?.image, mask: mask, occlusion: occlusion,
                            landmarks: landmarks)
    }

    /// The five landmarks of `traits` in canonical (unjittered) normalised coordinates.
    static func landmarks(_ t: IdentityTraits) -> [Point2] {
        let noseTip = Point2(0.5, t.eyeHeight + t.noseLength)
        return [Point2(0.5 - t.eyeHalfSpacing, t.eyeHeight), Point2(0.5 + t.eyeHalfSpacing, t.eyeHeight), noseTip,
                Point2(0.5 - t.mouthHalfWidth, t.mouthHeight), Point2(0.5 + t.mouthHalfWidth, t.mouthHeight)]
    }

    private func drawBackground(_ canvas: inout Canvas, _ v: ImageVariation) {
        let frame = canvas.frame
        canvas.frame = CanvasFrame(size: size)
        canvas.fill(.roundedBox(center: Point2(0.5, 0.5), half: Point2(0.6, 0.6), corner: 0, angle: 0)) { q in
            v.background.mixed(with: v.backgroundGradient, min(max(q.y, 0), 1))
        }
        canvas.frame = frame
    }

    private func drawHead(_ canvas: inout Canvas, _ t: IdentityTraits, _ v: ImageVariation) {
        let faceCenter = Point2(0.5, 0.48)
        let face = Shape.egg(center: faceCenter, halfWidth: t.faceHalfWidth, top: t.faceTop,
                             bottom: t.faceBottom, taper: t.jawTaper)
        let shadowSkin = t.skin.scaled(0.85)
        // Shoulders and neck.
        canvas.fill(.ellipse(center: Point2(0.5, 1.12), radii: Point2(0.5, 0.22), angle: 0), v.clothing)
        canvas.fill(.roundedBox(center: Point2(0.5, 0.88), half: Point2(t.faceHalfWidth * 0.55, 0.12), corner: 0.03, angle: 0), shadowSkin)
        HairPainter(traits: t).drawBack(on: &canvas)
        // Ears.
        for side: Float in [-1, 1] {
            canvas.fill(.ellipse(center: Point2(0.5 + side * (t.faceHalfWidth - 0.005), t.eyeHeight + 0.05),
                                 radii: Point2(t.earSize * 0.55, t.earSize), angle: side * 0.15), shadowSkin)
        }
        canvas.fill(face, t.skin)
        drawSkinDetails(&canvas, t, face)
        FacialFeaturePainter(traits: t, variation: v).draw(on: &canvas, face: face)
        HairPainter(traits: t).drawFront(on: &canvas, face: face)
    }

    private func drawSkinDetails(_ canvas: inout Canvas, _ t: IdentityTraits, _ face: Shape) {
        if t.hasHeavyMakeup {
            for side: Float in [-1, 1] {
                canvas.fill(.ellipse(center: Point2(0.5 + side * (t.eyeHalfSpacing + 0.03), t.mouthHeight - 0.08),
                                     radii: Point2(0.05, 0.035), angle: 0), RGB(0.85, 0.4, 0.45), opacity: 0.25)
            }
        }
        if t.freckles > 0 {
            var random = FaceRandom(seed: t.freckleSeed)
            let color = t.skin.scaled(0.75)
            for _ in 0..<Int(30 * t.freckles) {
                let p = Point2(0.5 + random.uniform(-0.14...0.14), t.eyeHeight + random.uniform(0.04...0.12))
                canvas.fill(.ellipse(center: p, radii: Point2(0.006, 0.006), angle: 0), color, opacity: 0.5)
            }
        }
        for mole in t.moles {
            canvas.fill(.intersection(.ellipse(center: mole, radii: Point2(t.moleRadius, t.moleRadius), angle: 0), face),
                        RGB(0.25, 0.15, 0.1), opacity: 0.85)
        }
        if !t.isYoung {
            let line = t.skin.scaled(0.72)
            for row in 0..<3 {
                let y = t.eyeHeight - t.browGap - 0.05 - Float(row) * 0.025
                canvas.fill(.arc(a: Point2(0.38, y), b: Point2(0.62, y), sag: -0.008, radius: 0.003), line, opacity: 0.6)
            }
            for side: Float in [-1, 1] {
                canvas.fill(.arc(a: Point2(0.5 + side * 0.06, t.eyeHeight + t.noseLength - 0.01),
                                 b: Point2(0.5 + side * (t.mouthHalfWidth + 0.02), t.mouthHeight + 0.02),
                                 sag: 0.0, radius: 0.003), line, opacity: 0.6)
            }
        }
    }

    /// Multiplicative light: a dome normal over the face lit from `lightAngle`, never above 1.
    private func lighting(_ t: IdentityTraits, _ v: ImageVariation) -> (Point2) -> RGB {
        let lx = cosf(v.lightAngle), ly = sinf(v.lightAngle)
        let strength = v.lightStrength, exposure = v.exposure
        let warm = RGB(1 - max(-v.warmth, 0), 1 - abs(v.warmth) * 0.5, 1 - max(v.warmth, 0))
        let halfWidth = t.faceHalfWidth * 1.3, halfHeight = t.faceTop * 1.3
        return { q in
            let nx = (q.x - 0.5) / halfWidth, ny = (q.y - 0.5) / halfHeight
            let r2 = min(nx * nx + ny * ny, 1)
            let nz = (1 - r2).squareRoot()
            let lambert = max(0.75 * (nx * lx + ny * ly) + 0.66 * nz, 0)
            let g = exposure * (1 - strength * (1 - min(lambert, 1)))
            return RGB(g * warm.r, g * warm.g, g * warm.b)
        }
    }
}
