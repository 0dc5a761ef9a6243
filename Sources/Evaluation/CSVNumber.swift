import Foundation

/// How Evaluation writes numbers into CSV cells: fixed decimals, `inf`/`-inf`/`nan` for
/// non-finite values (as numpy and pandas read them), and an empty cell for "no value".
enum CSVNumber {
    static func string(_ value: Double?, decimals: Int = 6) -> String {
        guard let value else { return "" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.\(decimals)f", value)
    }

    static func string(_ value: Float?, decimals: Int = 6) -> String {
        string(value.map(Double.init), decimals: decimals)
    }
}
