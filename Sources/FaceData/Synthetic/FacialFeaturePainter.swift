import Foundation

/// Draws eyes, brows, nose, mouth and facial hair of one identity under one expression.
struct FacialFeaturePainter {
    let traits: IdentityTraits
    let variation: ImageVariation

    func draw(on canvas: inout Canvas, face: Shape) {
        drawFacialHairBase(&canvas, face)
        drawEyes(&canvas)
        drawBrows(&canvas)
        drawNose(&canvas)
        drawMouth(&canvas)
        if traits.hasMustache {
            let t = traits
            let y = t.mouthHeight - 0.022
            canvas.fill(.arc(a: Point2(0.5 - t.mouthHalfWidth - 0.012, y + 0.012), b: Point2(0.5 + t.mouthHalfWidth + 0.012, y + 0.012),
                             sag: -0.014, radius: 0.011), t.hair.scaled(0.7), opacity: 0.95)
        }
    }

    private func drawFacialHairBase(_ canvas: inout Canvas, _ face: Shape) {
        let t = traits
        let beardColor = t.hair.scaled(0.7)
        if t.hasStubble {
            let jaw = Shape.ellipse(center: Point2(0.5, t.mouthHeight + 0.05), radii: Point2(t.faceHalfWidth * 0.95, 0.17), angle: 0)
            canvas.fill(.intersection(face, jaw), t.hair.scaled(0.4), opacity: 0.25)
        }
        if t.hasBeard {
            let mouth = Shape.ellipse(center: Point2(0.5, t.mouthHeight + 0.005),
                                      radii: Point2(t.mouthHalfWidth * 1.05, t.lipThickness * 1.6 + variation.mouthOpen * 0.02), angle: 0)
            let jaw = Shape.roundedBox(center: Point2(0.5, t.mouthHeight + 0.47), half: Point2(0.6, 0.5), corner: 0, angle: 0)
            canvas.fill(.subtraction(.intersection(face, jaw), mouth), beardColor, opacity: 0.92)
        }
        if t.hasSideburns {
            for side: Float in [-1, 1] {
                canvas.fill(.intersection(face, .roundedBox(center: Point2(0.5 + side * (t.faceHalfWidth - 0.02), t.eyeHeight + 0.06),
                                                            half: Point2(0.025, 0.065), corner: 0.01, angle: 0)),
                            beardColor, opacity: 0.95)
            }
        }
        if t.hasGoatee {
            canvas.fill(.intersection(face, .ellipse(center: Point2(0.5, t.mouthHeight + 0.065),
                                                     radii: Point2(t.mouthHalfWidth * 0.6, 0.05), angle: 0)),
                        beardColor, opacity: 0.95)
        }
    }

    private func drawEyes(_ canvas: inout Canvas) {
        let t = traits, v = variation
        let w = t.eyeWidth
        let h = max(w * t.eyeAspect * v.eyeOpen, 0.003)
        for side: Float in [-1, 1] {
            let center = Point2(0.5 + side * t.eyeHalfSpacing, t.eyeHeight)
            let tilt = -side * t.eyeTilt
            if t.hasHeavyMakeup {
                canvas.fill(.ellipse(center: Point2(center.x, center.y - h * 0.9), radii: Point2(w * 1.1, h * 1.3 + 0.01), angle: tilt),
                            t.makeupTint, opacity: 0.45)
            }
            let sclera = Shape.ellipse(center: center, radii: Point2(w, h), angle: tilt)
            canvas.fill(sclera, RGB(0.93, 0.92, 0.89))
            let irisRadius = w * 0.45
            let irisCenter = Point2(center.x + v.gaze.x * w * 0.4, center.y + v.gaze.y * h * 0.3)
            canvas.fill(.intersection(sclera, .ellipse(center: irisCenter, radii: Point2(irisRadius, irisRadius), angle: 0)), t.iris)
            canvas.fill(.intersection(sclera, .ellipse(center: irisCenter, radii: Point2(irisRadius * 0.45, irisRadius * 0.45), angle: 0)),
                        RGB(0.03, 0.03, 0.03))
            let cs = cosf(tilt), sn = sinf(tilt)
            let a = Point2(center.x - w * cs, center.y + w * sn), b = Point2(center.x + w * cs, center.y - w * sn)
            let liner: Float = t.hasHeavyMakeup ? 0.0055 : 0.0035
            canvas.fill(.arc(a: a, b: b, sag: -h, radius: liner), RGB(0.12, 0.08, 0.06), opacity: 0.9)
            canvas.fill(.arc(a: a, b: b, sag: h, radius: 0.002), t.skin.scaled(0.7), opacity: 0.6)
        }
    }

    private func drawBrows(_ canvas: inout Canvas) {
        let t = traits
        let y = t.eyeHeight - t.browGap - variation.browRaise
        for side: Float in [-1, 1] {
            let inner = Point2(0.5 + side * (t.eyeHalfSpacing - t.eyeWidth * 0.9), y + 0.005)
            let outer = Point2(0.5 + side * (t.eyeHalfSpacing + t.eyeWidth * t.browLength), y - t.browTilt * 0.06)
            canvas.fill(.arc(a: inner, b: outer, sag: -t.browArch, radius: t.browThickness / 2),
                        t.hair.scaled(0.75), opacity: t.isYoung ? 0.95 : 0.8)
        }
    }

    private func drawNose(_ canvas: inout Canvas) {
        let t = traits
        let tipY = t.eyeHeight + t.noseLength
        let shadow = t.skin.scaled(0.78)
        canvas.fill(.capsule(a: Point2(0.5 + 0.018, t.eyeHeight + 0.03), b: Point2(0.5 + t.noseWidth * 0.55, tipY - 0.012),
                             radius: 0.005), shadow, opacity: 0.55)
        canvas.fill(.arc(a: Point2(0.5 - t.noseWidth, tipY - 0.005), b: Point2(0.5 + t.noseWidth, tipY - 0.005),
                         sag: 0.014, radius: 0.004), shadow, opacity: 0.7)
        for side: Float in [-1, 1] {
            canvas.fill(.ellipse(center: Point2(0.5 + side * t.noseWidth * 0.55, tipY),
                                 radii: Point2(t.noseWidth * 0.3, t.noseWidth * 0.17), angle: side * 0.3),
                        t.skin.scaled(0.45), opacity: 0.85)
        }
    }

    private func drawMouth(_ canvas: inout Canvas) {
        let t = traits, v = variation
        let lift = v.smile * 0.012
        let left = Point2(0.5 - t.mouthHalfWidth, t.mouthHeight - lift)
        let right = Point2(0.5 + t.mouthHalfWidth, t.mouthHeight - lift)
        let sag = v.smile * 0.018
        let open = v.mouthOpen * 0.028
        if open > 0 {
            canvas.fill(.ellipse(center: Point2(0.5, t.mouthHeight + sag * 0.6), radii: Point2(t.mouthHalfWidth * 0.8, open), angle: 0),
                        RGB(0.25, 0.07, 0.07))
            canvas.fill(.roundedBox(center: Point2(0.5, t.mouthHeight + sag * 0.6 - open * 0.6),
                                    half: Point2(t.mouthHalfWidth * 0.55, open * 0.3), corner: 0.002, angle: 0),
                        RGB(0.92, 0.9, 0.85), opacity: 0.9)
        }
        canvas.fill(.arc(a: left, b: right, sag: sag - t.lipThickness * 0.4, radius: t.lipThickness * 0.55), t.lips)
        let inset = t.mouthHalfWidth * 0.15
        canvas.fill(.arc(a: Point2(left.x + inset, left.y), b: Point2(right.x - inset, right.y),
                         sag: sag + t.lipThickness * 0.9 + open * 1.5, radius: t.lipThickness * 0.75), t.lips)
        canvas.fill(.arc(a: left, b: right, sag: sag + open * 0.5, radius: 0.0025), t.lips.scaled(0.45), opacity: 0.9)
    }
}
