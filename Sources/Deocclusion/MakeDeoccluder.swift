import Foundation

/// Builds the de-occluder a spec names (loading weight or basis files as needed).
public func makeDeoccluder(
    _ spec: DeoccluderSpec, options: DeoccluderOptions = DeoccluderOptions()
) throws -> any Deoccluder {
    switch spec {
    case .none:
        return IdentityDeoccluder()
    case let .oagan(path):
        return try OAGANDeoccluder(weightsAt: URL(fileURLWithPath: path))
    case .inpaint(.groundTruth):
        return InpaintDeoccluder(maskSource: nil)
    case let .inpaint(.predicted(by: source)):
        return InpaintDeoccluder(maskSource: try makeDeoccluder(source, options: options))
    case .pca, .command:
        throw DeocclusionError.invalidSpec(spec.description, reason: "not built yet (arrives later today)")
    }
}
