import TensorCore

/// A trainable parameter: a Variable with `requiresGrad`.
public typealias Parameter = Variable

/// A module with explicitly named parameters; keys follow PyTorch's `state_dict`
/// (`weight`, `bias`, `features.0.filter.weight`, …).
public protocol Layer: AnyObject {
    /// Parameters with their checkpoint keys, in a fixed order.
    var namedParameters: [(key: String, parameter: Parameter)] { get }
}

extension Layer {
    /// The parameters in `namedParameters` order.
    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    /// Copies of every parameter value by key (PyTorch `state_dict()`).
    public func stateDict() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.key, $0.parameter.value) })
    }

    /// Replaces every parameter value from `state`; throws listing every missing,
    /// unexpected and mis-shaped key (nothing is changed then).
    public func loadState(from state: [String: Tensor]) throws {
        let named = namedParameters
        let keys = Set(named.map(\.key))
        let missing = named.map(\.key).filter { state[$0] == nil }
        let unexpected = state.keys.filter { !keys.contains($0) }.sorted()
        let misshaped = named.compactMap { entry -> StateMismatch.Misshaped? in
            guard let tensor = state[entry.key], tensor.shape != entry.parameter.shape else { return nil }
            return .init(key: entry.key, expected: entry.parameter.shape, found: tensor.shape)
        }
        guard missing.isEmpty && unexpected.isEmpty && misshaped.isEmpty else {
            throw NeuralNetError.stateMismatch(StateMismatch(missing: missing, unexpected: unexpected, misshaped: misshaped))
        }
        for entry in named { entry.parameter.value = state[entry.key]! }
    }

    /// Sets every parameter's gradient to nil.
    public func zeroGradients() {
        for parameter in parameters { parameter.grad = nil }
    }

    /// Number of scalar parameters.
    public var parameterCount: Int { parameters.map(\.value.count).reduce(0, +) }
}

/// The PyTorch entries `weight` and, when present, `bias`.
func weightAndBias(_ weight: Parameter, _ bias: Parameter?) -> [(key: String, parameter: Parameter)] {
    [(key: "weight", parameter: weight)] + (bias.map { [(key: "bias", parameter: $0)] } ?? [])
}

extension Array where Element == (key: String, parameter: Parameter) {
    /// The same entries with keys `prefix.key`.
    public func prefixed(by prefix: String) -> [(key: String, parameter: Parameter)] {
        map { (key: "\(prefix).\($0.key)", parameter: $0.parameter) }
    }
}

/// What did not match when loading a state dict.
public struct StateMismatch: Sendable, Equatable, CustomStringConvertible {
    public struct Misshaped: Sendable, Equatable {
        public var key: String
        public var expected: [Int]
        public var found: [Int]
    }
    public var missing: [String]
    public var unexpected: [String]
    public var misshaped: [Misshaped]

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing keys: \(missing.joined(separator: ", "))") }
        if !unexpected.isEmpty { parts.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
        if !misshaped.isEmpty {
            parts.append("wrong shapes: " + misshaped.map { "\($0.key) expected \($0.expected), found \($0.found)" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}
