import Foundation

/// The kinds of number a report shows; each has one fixed format.
public enum Quantity: Sendable, CaseIterable {
    /// Identification rate or interval bound in [0, 1]: `0.812`.
    case rate
    /// Signed difference of rates: `+0.125`, `-0.050`, `0.000`.
    case difference
    /// McNemar p-value: `0.032`, or `2.3e-05` below 0.001.
    case pValue
    /// PSNR in dB: `27.31`, `inf` for identical images.
    case psnr
    /// SSIM: `0.8123`.
    case ssim
    /// Mask IoU: `0.734`.
    case iou
    /// Fraction of the face occluded: `0.215`.
    case fraction
    /// Wall time in seconds: `12.3`.
    case seconds
}

/// The one place numbers become text, so the page, the CSV files and the terminal show
/// the same digits for the same value.
public enum ReportFormat {
    /// `value` formatted as `quantity`; `nil` becomes the empty string (an empty CSV field).
    public static func string(_ value: Double?, as quantity: Quantity) -> String {
        guard let value else { return "" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        let text: String
        switch quantity {
        case .rate, .iou, .fraction: text = String(format: "%.3f", value)
        case .difference: text = String(format: "%+.3f", value)
        case .pValue: text = value >= 0.001 ? String(format: "%.3f", value) : String(format: "%.1e", value)
        case .psnr: text = String(format: "%.2f", value)
        case .ssim: text = String(format: "%.4f", value)
        case .seconds: text = String(format: "%.1f", value)
        }
        return unsignedZero(text)
    }

    /// An integer count.
    public static func string(_ count: Int) -> String { String(count) }

    /// `-0.000` and `+0.000` (a value that rounds to zero) become `0.000`.
    private static func unsignedZero(_ text: String) -> String {
        guard let sign = text.first, sign == "-" || sign == "+" else { return text }
        let digits = text.dropFirst()
        return digits.allSatisfy({ $0 == "0" || $0 == "." }) ? String(digits) : text
    }
}
