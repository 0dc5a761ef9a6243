import NeuralNet

/// How a fresh LightCNN-9 starts.
public enum LightCNN9Initialization: String, Codable, Sendable, Hashable, CaseIterable {
    /// Weights N(0, 1/fan_in), biases 0: the variance of Caffe's `xavier` filler (fan-in
    /// mode) of the authors' original Caffe release. Max-feature-map keeps a layer's second
    /// moment, so this scale passes the input's variation through all nine layers.
    case fanIn
    /// PyTorch's default (U(±1/√fan_in) for weights and biases), as the authors' PyTorch code
    /// leaves it. Each layer shrinks the input-dependent signal about 3× while the biases stay,
    /// so the embeddings of different faces start nearly equal and the loss sits at ln C for
    /// many epochs on small data sets (measured: no progress in 300 steps on 20 identities).
    case pytorchDefault

    func layerInitialization(fanIn: Int) -> Initialization {
        switch self {
        case .fanIn: return .normal(standardDeviation: (1 / Float(fanIn)).squareRoot())
        case .pytorchDefault: return .pytorchDefault
        }
    }
}
