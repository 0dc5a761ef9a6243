import Foundation

/// Draws a natural occlusion in the face's own frame (so it follows pose and lighting).
struct NaturalOcclusionPainter {
    let traits: IdentityTraits

    func draw(_ occlusion: NaturalOcclusion, on canvas: inout Canvas) {
        switch occlusion.kind {
        case .glasses: drawGlasses(occlusion, dark: false, on: &canvas)
        case .sunglasses: drawGlasses(occlusion, dark: true, on: &canvas)
        case .mask: drawMask(occlusion, on: &canvas)
        case .scarf: drawScarf(occlusion, on: &canvas)
        }
    }

    private func drawGlasses(_ o: NaturalOcclusion, dark: Bool, on canvas: inout Canvas) {
        let t = traits
        let half = Point2(0.062 * o.size * (dark ? 1.12 : 1), 0.045 * o.size * (dark ? 1.15 : 1))
        let corner = (0.2 + 0.8 * o.roundness) * half.y
        let rim = 0.006 * o.thickness
        let lensColor = dark ? o.color.mixed(with: RGB(0.03, 0.03, 0.04), 0.85) : RGB(0.75, 0.85, 0.9)
        for side: Float in [-1, 1] {
            let center = Point2(0.5 + side * t.eyeHalfSpacing, t.eyeHeight + 0.005)
            let lens = Shape.roundedBox(center: center, half: half, corner: corner, angle: 0)
            canvas.fill(lens, lensColor, opacity: dark ? 0.93 : 0.2)
            let inner = Shape.roundedBox(center: center, half: Point2(half.x - rim, half.y - rim),
                                         corner: max(corner - rim, 0), angle: 0)
            canvas.fill(.subtraction(lens, inner), o.color)
            canvas.fill(.capsule(a: Point2(center.x - half.x * 0.5, center.y - half.y * 0.55),
                                 b: Point2(center.x - half.x * 0.1, center.y - half.y * 0.1), radius: 0.004),
                        RGB(1, 1, 1), opacity: dark ? 0.45 : 0.25)
            let templeStart = Point2(center.x + side * half.x, center.y - half.y * 0.5)
            let templeEnd = Point2(0.5 + side * (t.faceHalfWidth + 0.01), t.eyeHeight + 0.015)
            canvas.fill(.capsule(a: templeStart, b: templeEnd, radius: rim * 0.6), o.color)
        }
        let bridgeY = t.eyeHeight - half.y * 0.3
        canvas.fill(.arc(a: Point2(0.5 - t.eyeHalfSpacing + half.x, bridgeY), b: Point2(0.5 + t.eyeHalfSpacing - half.x, bridgeY),
                         sag: -0.01, radius: rim * 0.7), o.color)
    }

    private func drawMask(_ o: NaturalOcclusion, on canvas: inout Canvas) {
        let t = traits
        let top = t.eyeHeight + t.noseLength * 0.4
        let bottom = 0.48 + t.faceBottom + 0.02
        let halfWidth = t.faceHalfWidth * (0.9 + 0.1 * o.size)
        let body = Shape.roundedBox(center: Point2(0.5, (top + bottom) / 2), half: Point2(halfWidth, (bottom - top) / 2),
                                    corner: 0.03 + 0.05 * o.roundness, angle: 0)
        let outline = Shape.egg(center: Point2(0.5, 0.48), halfWidth: t.faceHalfWidth + 0.02, top: t.faceTop,
                                bottom: t.faceBottom + 0.035, taper: t.jawTaper)
        let pleatSpacing = (bottom - top) / 4
        let base = o.color
        canvas.fill(.intersection(body, outline)) { q in
            let phase = (q.y - top) / pleatSpacing
            let pleat = phase - phase.rounded(.down)
            return base.scaled(pleat > 0.85 ? 0.8 : 1.0 - 0.05 * (q.y - top) / (bottom - top))
        }
        for side: Float in [-1, 1] {
            canvas.fill(.capsule(a: Point2(0.5 + side * (halfWidth - 0.01), top + 0.02),
                                 b: Point2(0.5 + side * (t.faceHalfWidth + 0.012), t.eyeHeight + 0.06), radius: 0.003),
                        base.scaled(0.95))
        }
    }

    private func drawScarf(_ o: NaturalOcclusion, on canvas: inout Canvas) {
        let t = traits
        let top = t.mouthHeight - 0.035 * o.size
        let body = Shape.roundedBox(center: Point2(0.5, top + 0.5), half: Point2(t.faceHalfWidth + 0.1, 0.5),
                                    corner: 0.06, angle: 0)
        let fold = Shape.ellipse(center: Point2(0.5, top + 0.02), radii: Point2(t.faceHalfWidth + 0.11, 0.05), angle: 0)
        let stripe = 0.03 * o.thickness
        let base = o.color, accent = o.accent
        canvas.fill(body) { q in
            let phase = (q.x + q.y) / stripe
            return (phase - phase.rounded(.down)) < 0.3 ? accent : base
        }
        canvas.fill(fold, base.scaled(0.85))
    }
}
