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
    case let .pca(path):
        let url = URL(fileURLWithPath: path)
        return PCADeoccluder(basis: try PCABasis(contentsOf: url), identity: "pca:" + (try FileDigest.shortHex(of: url)),
                             iterations: options.pcaIterations)
    case let .command(template):
        return ExternalCommandDeoccluder(
            template: try CommandTemplate(template),
            timeoutSeconds: options.commandTimeoutSeconds,
            logURL: options.commandLogPath.map { URL(fileURLWithPath: $0) })
    }
}
