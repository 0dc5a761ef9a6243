import Foundation
import TensorCore

/// A node of the recorded graph: a tensor value, the inputs it was computed from and
/// the rule mapping the gradient of its value to the gradients of those inputs.
///
/// Backward rules are written in Variable operations, so gradients are themselves
/// differentiable (`gradients(of:withRespectTo:createGraph: true)`), as WGAN-GP needs.
public final class Variable {
    /// The value; optimizers update it in place for parameters.
    public var value: Tensor
    /// Gradient accumulated by `backward()` (a Variable so that it can be differentiated
    /// again when produced with a graph).
    public var grad: Variable?
    /// Whether gradients flow to (a leaf) or through (an interior node) this Variable.
    public var requiresGrad: Bool
    /// Inputs of the operation that produced this Variable (empty for leaves).
    let inputs: [Variable]
    /// Maps `gradOutput` to one gradient per input (nil where an input needs none).
    let backwardRule: ((Variable) -> [Variable?])?
    /// Profiler scope active when this node was recorded (nil unless profiling).
    let scope: String?

    /// A leaf: a parameter (`requiresGrad: true`) or a constant.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.inputs = []
        self.backwardRule = nil
        self.scope = nil
    }

    /// The result of an operation. Records `inputs` and `rule` only when gradient mode is
    /// on and some input requires a gradient; otherwise the result is a constant.
    public init(_ value: Tensor, inputs: [Variable], rule: @escaping (Variable) -> [Variable?]) {
        self.value = value
        if GradientMode.isEnabled && inputs.contains(where: \.requiresGrad) {
            self.requiresGrad = true
            self.inputs = inputs
            self.backwardRule = rule
            self.scope = Profiler.current == nil ? nil : Profiler.currentScope
        } else {
            self.requiresGrad = false
            self.inputs = []
            self.backwardRule = nil
            self.scope = nil
        }
    }

    /// Shape of the value.
    public var shape: [Int] { value.shape }

    /// Whether this Variable was created by the user rather than by an operation.
    public var isLeaf: Bool { backwardRule == nil }

    /// The single value of a one-element Variable.
    public var scalar: Float { value.scalar }

    /// The same value, cut from the graph.
    public func detached() -> Variable { Variable(value) }

    /// Reverse-mode differentiation of this scalar: adds d self / d leaf to `grad` of every
    /// leaf that requires a gradient (PyTorch `loss.backward()`, graph not retained for
    /// differentiation).
    public func backward() {
        precondition(value.count == 1, "backward: output must have one element, has shape \(shape)")
        let leaves = Autograd.reachableLeaves(from: self)
        let gradients = Autograd.gradients(of: self, withRespectTo: leaves, createGraph: false)
        for (leaf, gradient) in zip(leaves, gradients) {
            if let existing = leaf.grad {
                leaf.grad = Variable(existing.value + gradient.value)
            } else {
                leaf.grad = gradient
            }
        }
    }
}

/// d output / d input for each input (PyTorch `torch.autograd.grad`, summed over the
/// output's elements). With `createGraph` the returned gradients are differentiable.
public func gradients(of output: Variable, withRespectTo inputs: [Variable], createGraph: Bool = false) -> [Variable] {
    Autograd.gradients(of: output, withRespectTo: inputs, createGraph: createGraph)
}

/// The graph walk behind `backward()` and `gradients(of:withRespectTo:createGraph:)`.
enum Autograd {
    /// Nodes that require gradients, reachable from `output`, inputs before users.
    static func topologicalOrder(from output: Variable) -> [Variable] {
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Variable, Int)] = [(output, 0)]
        visited.insert(ObjectIdentifier(output))
        while let (node, next) = stack.popLast() {
            if next < node.inputs.count {
                stack.append((node, next + 1))
                let input = node.inputs[next]
                if input.requiresGrad && visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }

    static func reachableLeaves(from output: Variable) -> [Variable] {
        topologicalOrder(from: output).filter { $0.isLeaf && $0.requiresGrad }
    }

    static func gradients(of output: Variable, withRespectTo inputs: [Variable], createGraph: Bool) -> [Variable] {
        let order = topologicalOrder(from: output)
        let wanted = Set(inputs.map(ObjectIdentifier.init))
        var accumulated: [ObjectIdentifier: Variable] = [
            ObjectIdentifier(output): Variable(Tensor(shape: output.shape, repeating: 1)),
        ]
        var results: [ObjectIdentifier: Variable] = [:]
        let profiler = Profiler.current
        GradientMode.$isEnabled.withValue(createGraph) {
            for node in order.reversed() {
                let id = ObjectIdentifier(node)
                guard let gradOutput = accumulated.removeValue(forKey: id) else { continue }
                if wanted.contains(id) { results[id] = gradOutput }
                guard let rule = node.backwardRule else { continue }
                let start = profiler == nil ? 0 : DispatchTime.now().uptimeNanoseconds
                let gradInputs = profiler == nil ? rule(gradOutput) : Profiler.backwardRule(scope: node.scope) { rule(gradOutput) }
                if let profiler {
                    profiler.add(node.scope ?? "other", backward: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                precondition(gradInputs.count == node.inputs.count, "backward rule returned \(gradInputs.count) gradients for \(node.inputs.count) inputs")
                for (input, gradInput) in zip(node.inputs, gradInputs) {
                    guard input.requiresGrad, let gradInput else { continue }
                    precondition(gradInput.shape == input.shape, "backward rule: gradient \(gradInput.shape) for input \(input.shape)")
                    let key = ObjectIdentifier(input)
                    if let existing = accumulated[key] {
                        accumulated[key] = existing + gradInput
                    } else {
                        accumulated[key] = gradInput
                    }
                }
            }
        }
        return inputs.map { input in
            results[ObjectIdentifier(input)] ?? Variable(Tensor(zeros: input.shape))
        }
    }
}
