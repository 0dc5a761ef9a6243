import Foundation

/// Draws an identity's hair: the part behind the head and the part framing the face.
struct HairPainter {
    let traits: IdentityTraits

    private var faceCenter: Point2 { Point2(0.5, 0.48) }

    private func strands(_ q: Point2) -> RGB {
        traits.hair.scaled(0.95 + 0.05 * sinf(q.x * 260 + q.y * 60))
    }

    func drawBack(on canvas: inout Canvas) {
        let t = traits
        switch t.hairStyle {
        case .long:
            canvas.fill(.roundedBox(center: Point2(0.5, 0.62), half: Point2(t.faceHalfWidth + t.hairVolume + 0.07, 0.42),
                                    corner: 0.12, angle: 0), paint: strands)
        case .medium:
            canvas.fill(.ellipse(center: Point2(0.5, 0.46), radii: Point2(t.faceHalfWidth + t.hairVolume + 0.03, 0.37), angle: 0),
                        paint: strands)
        case .bun:
            canvas.fill(.ellipse(center: Point2(0.5, faceCenter.y - t.faceTop - 0.03), radii: Point2(0.085, 0.075), angle: 0),
                        paint: strands)
        case .bald, .buzz, .short, .sidePart, .fringe:
            break
        }
    }

    func drawFront(on canvas: inout Canvas, face: Shape) {
        let t = traits
        let volume: Float = t.hairStyle == .buzz ? 0.006 : t.hairVolume
        let cap = Shape.egg(center: faceCenter, halfWidth: t.faceHalfWidth + volume, top: t.faceTop + volume,
                            bottom: t.faceBottom * 0.3, taper: 0)
        var hairlineY = faceCenter.y - t.faceTop + t.hairline
        var tilt: Float = 0
        switch t.hairStyle {
        case .bald:
            for side: Float in [-1, 1] {
                canvas.fill(.intersection(cap, .ellipse(center: Point2(0.5 + side * t.faceHalfWidth, t.eyeHeight - 0.04),
                                                        radii: Point2(0.04, 0.07), angle: 0)), paint: strands)
            }
            return
        case .fringe: hairlineY = t.eyeHeight - t.browGap - 0.03
        case .sidePart: tilt = t.partSide * 0.18
        case .bun: hairlineY -= 0.03
        case .buzz, .short, .medium, .long: break
        }
        let below = Shape.roundedBox(center: Point2(0.5, hairlineY + 0.5), half: Point2(0.7, 0.5), corner: 0.08, angle: tilt)
        let opacity: Float = t.hairStyle == .buzz ? 0.7 : 1
        canvas.fill(.subtraction(cap, .intersection(face, below)), opacity: opacity, paint: strands)
        if t.hairStyle == .sidePart {
            canvas.fill(.ellipse(center: Point2(0.5 + t.partSide * 0.1, hairlineY - 0.03), radii: Point2(0.16, 0.05),
                                 angle: t.partSide * 0.35), paint: strands)
        }
        if t.hairStyle == .medium || t.hairStyle == .long {
            let bottom: Float = t.hairStyle == .long ? 0.98 : t.mouthHeight + 0.04
            let top = hairlineY
            let inner = Shape.egg(center: faceCenter, halfWidth: t.faceHalfWidth - 0.035, top: t.faceTop,
                                  bottom: t.faceBottom, taper: t.jawTaper)
            for side: Float in [-1, 1] {
                let curtain = Shape.roundedBox(center: Point2(0.5 + side * (t.faceHalfWidth + volume * 0.5), (top + bottom) / 2),
                                               half: Point2(0.035 + volume * 0.5, (bottom - top) / 2), corner: 0.03, angle: 0)
                canvas.fill(.subtraction(curtain, inner), paint: strands)
            }
        }
    }
}
