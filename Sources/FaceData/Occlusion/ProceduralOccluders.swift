import Foundation
import Imaging

/// Draws procedural occluder sprites: flat, unlit, patterned, in a style unlike the
/// renderer's natural occlusions. Variant `v` of a family is the same sprite everywhere.
public enum ProceduralOccluders {
    /// Width and height of a sprite in pixels.
    public static let spriteSize = 128

    /// Variant `index` of `family`.
    public static func make(_ family: OccluderFamily, variant index: Int) -> Occluder {
        var random = FaceRandom(seed: 0x0CC1_0DE5, stream: UInt64(OccluderFamily.allCases.firstIndex(of: family)!), UInt64(index))
        var canvas = Canvas(size: spriteSize, background: RGB(0, 0, 0))
        canvas.startRecordingAlpha()
        let width = SpritePainter().draw(family, on: &canvas, using: &random)
        return Occluder(family: family, variant: "v\(index)", image: canvas.image, alpha: canvas.alpha!, relativeWidth: width)
    }
}

/// The drawing of each family (sprite coordinates: the square is [0, 1]², y down; the
/// eyes of the face it is placed on fall at x = 0.5 ± 0.5 / relativeWidth).
private struct SpritePainter {
    func vivid(_ random: inout FaceRandom) -> RGB {
        RGB(random.uniform(0.05...0.95), random.uniform(0.05...0.95), random.uniform(0.05...0.95))
    }

    /// A flat pattern: plain, stripes, checks or dots in two colours.
    func pattern(_ random: inout FaceRandom) -> (Point2) -> RGB {
        let base = vivid(&random), second = vivid(&random)
        let kind = random.index(4), period = random.uniform(0.04...0.12), angle = random.uniform(0...Float.pi)
        let cs = cosf(angle), sn = sinf(angle)
        return { q in
            let u = (q.x * cs + q.y * sn) / period, v = (-q.x * sn + q.y * cs) / period
            let fu = u - u.rounded(.down), fv = v - v.rounded(.down)
            switch kind {
            case 1: return fu < 0.4 ? second : base
            case 2: return (fu < 0.5) != (fv < 0.5) ? second : base
            case 3: return (fu - 0.5) * (fu - 0.5) + (fv - 0.5) * (fv - 0.5) < 0.06 ? second : base
            default: return base
            }
        }
    }

    /// Draws `family` and returns its relative width (sprite width / eye distance).
    func draw(_ family: OccluderFamily, on canvas: inout Canvas, using random: inout FaceRandom) -> Double {
        switch family {
        case .eyeglasses: drawGlasses(&canvas, dark: false, &random); return 2.2
        case .sunglasses: drawGlasses(&canvas, dark: true, &random); return 2.2
        case .respirator: drawRespirator(&canvas, &random); return 2.0
        case .surgicalMask: drawSurgicalMask(&canvas, &random); return 2.3
        case .scarf: drawScarf(&canvas, &random); return 3.0
        case .hand: drawHand(&canvas, &random); return Double(random.uniform(1.5...2.1))
        case .cup: drawCup(&canvas, &random); return Double(random.uniform(1.5...1.9))
        case .phone: drawPhone(&canvas, &random); return Double(random.uniform(1.4...1.8))
        case .hatBrim: drawHat(&canvas, &random); return 3.2
        case .object: drawObject(&canvas, &random); return Double(random.uniform(1.0...2.2))
        }
    }

    private func drawGlasses(_ canvas: inout Canvas, dark: Bool, _ random: inout FaceRandom) {
        let eye: Float = 0.5 / 2.2
        let half = Point2(random.uniform(0.085...0.12) * (dark ? 1.3 : 1), random.uniform(0.055...0.085) * (dark ? 1.4 : 1))
        let corner = random.uniform(0.1...1) * half.y
        let rim = random.uniform(0.008...0.025)
        let frame = vivid(&random).mixed(with: RGB(0.05, 0.05, 0.05), random.uniform(0...0.8))
        let lens = dark ? RGB(random.uniform(0...0.25), random.uniform(0...0.2), random.uniform(0...0.25))
                        : RGB(0.8, 0.9, random.uniform(0.85...1))
        let slant = random.uniform(-0.25...0.25)
        if dark && random.chance(0.25) {
            let visor = Shape.roundedBox(center: Point2(0.5, 0.5), half: Point2(eye + half.x, half.y), corner: corner, angle: 0)
            canvas.fill(visor) { q in lens.mixed(with: RGB(0.3, 0.3, 0.35), max(q.y - 0.45, 0) * 3) }
            canvas.fill(.subtraction(visor, .roundedBox(center: Point2(0.5, 0.5), half: Point2(eye + half.x - rim, half.y - rim),
                                                        corner: max(corner - rim, 0), angle: 0)), frame)
        } else {
            for side: Float in [-1, 1] {
                let center = Point2(0.5 + side * eye, 0.5)
                let outer = Shape.roundedBox(center: center, half: half, corner: corner, angle: side * slant)
                let inner = Shape.roundedBox(center: center, half: Point2(half.x - rim, half.y - rim),
                                             corner: max(corner - rim, 0), angle: side * slant)
                canvas.fill(inner, opacity: dark ? 0.95 : random.uniform(0.12...0.35)) { q in
                    lens.mixed(with: RGB(0.5, 0.5, 0.55), max(q.y - center.y, 0) * 4)
                }
                canvas.fill(.subtraction(outer, inner), frame)
                canvas.fill(.capsule(a: Point2(center.x + side * half.x, 0.5 - half.y * 0.6),
                                     b: Point2(0.5 + side * 0.49, 0.48), radius: rim * 0.5), frame)
            }
            canvas.fill(.arc(a: Point2(0.5 - eye + half.x, 0.48), b: Point2(0.5 + eye - half.x, 0.48),
                             sag: -random.uniform(0...0.03), radius: rim * 0.6), frame)
        }
    }

    private func drawRespirator(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        let color = random.chance(0.6) ? RGB(0.92, 0.92, 0.9).scaled(random.uniform(0.85...1)) : vivid(&random)
        let cup = Shape.ellipse(center: Point2(0.5, 0.5), radii: Point2(random.uniform(0.3...0.36), random.uniform(0.25...0.31)), angle: 0)
        canvas.fill(cup) { q in color.scaled(1 - 0.25 * abs(q.x - 0.5)) }
        canvas.fill(.intersection(cup, .capsule(a: Point2(0.5, 0.1), b: Point2(0.5, 0.9), radius: 0.004)), color.scaled(0.7))
        if random.chance(0.5) {
            let side: Float = random.chance(0.5) ? -1 : 1
            canvas.fill(.ellipse(center: Point2(0.5 + side * 0.14, 0.56), radii: Point2(0.07, 0.07), angle: 0), vivid(&random))
        }
        let strap = vivid(&random)
        for side: Float in [-1, 1] {
            canvas.fill(.capsule(a: Point2(0.5 + side * 0.3, 0.38), b: Point2(0.5 + side * 0.49, 0.2), radius: 0.008), strap)
        }
    }

    private func drawSurgicalMask(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        let base = [RGB(0.55, 0.75, 0.9), RGB(0.95, 0.95, 0.95), RGB(0.15, 0.15, 0.17), RGB(0.85, 0.6, 0.7)][random.index(4)]
        let half = Point2(random.uniform(0.34...0.41), random.uniform(0.19...0.25))
        let body = Shape.roundedBox(center: Point2(0.5, 0.5), half: half, corner: random.uniform(0.02...0.08), angle: 0)
        let pleats = Float(3 + random.index(2))
        canvas.fill(body) { q in
            let phase = (q.y - 0.5 + half.y) / (2 * half.y) * pleats
            return base.scaled(phase - phase.rounded(.down) > 0.8 ? 0.78 : 1)
        }
        canvas.fill(.capsule(a: Point2(0.5 - half.x * 0.4, 0.5 - half.y + 0.015), b: Point2(0.5 + half.x * 0.4, 0.5 - half.y + 0.015),
                             radius: 0.006), base.scaled(0.7))
        for side: Float in [-1, 1] {
            canvas.fill(.arc(a: Point2(0.5 + side * half.x, 0.5 - half.y * 0.8), b: Point2(0.5 + side * half.x, 0.5 + half.y * 0.8),
                             sag: 0, radius: 0.005), base.scaled(0.9))
            canvas.fill(.capsule(a: Point2(0.5 + side * half.x, 0.5 - half.y * 0.7), b: Point2(0.5 + side * 0.49, 0.4),
                                 radius: 0.005), base.scaled(0.9))
        }
    }

    private func drawScarf(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        let paint = pattern(&random)
        let top = random.uniform(0.42...0.5)
        let body = Shape.roundedBox(center: Point2(0.5, top + 0.3), half: Point2(random.uniform(0.38...0.49), 0.3),
                                    corner: random.uniform(0.02...0.12), angle: random.uniform(-0.08...0.08))
        canvas.fill(body, paint: paint)
        let knot = Point2(random.uniform(0.35...0.65), top + 0.35)
        canvas.fill(.ellipse(center: knot, radii: Point2(0.08, 0.1), angle: random.uniform(-0.5...0.5)), opacity: 0.9) { q in
            paint(q).scaled(0.8)
        }
    }

    private func drawHand(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        let tones = [RGB(0.95, 0.8, 0.7), RGB(0.8, 0.6, 0.45), RGB(0.55, 0.38, 0.26), RGB(0.35, 0.22, 0.15)]
        let skin = tones[random.index(tones.count)]
        let gloved = random.chance(0.2)
        let color = gloved ? vivid(&random) : skin
        let palm = Point2(0.5, 0.62)
        canvas.fill(.ellipse(center: palm, radii: Point2(0.18, 0.2), angle: 0), color)
        let spread = random.uniform(0...0.12)
        for finger in 0..<4 {
            let x = 0.5 + (Float(finger) - 1.5) * 0.085
            let length = [0.3, 0.36, 0.34, 0.27][finger] * random.uniform(0.9...1.1)
            let tip = Point2(x + (Float(finger) - 1.5) * spread * 0.5, palm.y - 0.1 - Float(length))
            canvas.fill(.capsule(a: Point2(x, palm.y - 0.05), b: tip, radius: 0.038), color)
            canvas.fill(.capsule(a: Point2(tip.x - 0.02, tip.y + 0.12), b: Point2(tip.x + 0.02, tip.y + 0.12), radius: 0.003),
                        color.scaled(0.75))
        }
        canvas.fill(.capsule(a: Point2(0.36, 0.68), b: Point2(0.2, 0.48 - random.uniform(0...0.08)), radius: 0.045), color)
        canvas.fill(.roundedBox(center: Point2(0.5, 0.9), half: Point2(0.13, 0.12), corner: 0.05, angle: 0),
                    random.chance(0.5) ? color : vivid(&random))
    }

    private func drawCup(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        let paint = pattern(&random)
        let half = Point2(random.uniform(0.16...0.24), random.uniform(0.24...0.33))
        let body = Shape.roundedBox(center: Point2(0.45, 0.55), half: half, corner: 0.03, angle: 0)
        canvas.fill(.ellipseRing(center: Point2(0.45 + half.x, 0.55), radii: Point2(0.09, 0.12), angle: 0, width: 0.035),
                    paint(Point2(0, 0)))
        canvas.fill(body, paint: paint)
        canvas.fill(.ellipse(center: Point2(0.45, 0.55 - half.y), radii: Point2(half.x, 0.03), angle: 0), RGB(0.9, 0.9, 0.88))
    }

    private func drawPhone(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        let body = vivid(&random).mixed(with: RGB(0.05, 0.05, 0.06), random.uniform(0.3...1))
        let half = Point2(random.uniform(0.17...0.22), random.uniform(0.34...0.42))
        canvas.fill(.roundedBox(center: Point2(0.5, 0.5), half: half, corner: 0.04, angle: 0), body)
        let screen = vivid(&random)
        canvas.fill(.roundedBox(center: Point2(0.5, 0.5), half: Point2(half.x - 0.02, half.y - 0.04), corner: 0.02, angle: 0)) { q in
            screen.mixed(with: RGB(1, 1, 1), max(0.5 - q.y, 0))
        }
        canvas.fill(.ellipse(center: Point2(0.5, 0.5 - half.y + 0.02), radii: Point2(0.012, 0.012), angle: 0), RGB(0.1, 0.1, 0.1))
    }

    private func drawHat(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        let paint = pattern(&random)
        let brimY = random.uniform(0.55...0.62)
        canvas.fill(.roundedBox(center: Point2(0.5, brimY - 0.16), half: Point2(random.uniform(0.2...0.28), 0.17),
                                corner: 0.08, angle: 0), paint: paint)
        let brim = Shape.ellipse(center: Point2(0.5, brimY), radii: Point2(random.uniform(0.4...0.49), random.uniform(0.07...0.13)), angle: 0)
        canvas.fill(brim) { q in paint(q).scaled(0.8) }
        canvas.fill(.capsule(a: Point2(0.3, brimY - 0.04), b: Point2(0.7, brimY - 0.04), radius: 0.015), vivid(&random))
    }

    private func drawObject(_ canvas: inout Canvas, _ random: inout FaceRandom) {
        for _ in 0..<(2 + random.index(3)) {
            let paint = pattern(&random)
            let center = Point2(random.uniform(0.3...0.7), random.uniform(0.3...0.7))
            let radii = Point2(random.uniform(0.08...0.25), random.uniform(0.08...0.25))
            let angle = random.uniform(0...Float.pi)
            switch random.index(3) {
            case 0: canvas.fill(.ellipse(center: center, radii: radii, angle: angle), paint: paint)
            case 1: canvas.fill(.roundedBox(center: center, half: radii, corner: 0.02, angle: angle), paint: paint)
            default:
                canvas.fill(.capsule(a: center - radii, b: center + radii, radius: random.uniform(0.03...0.08)), paint: paint)
            }
        }
    }
}
