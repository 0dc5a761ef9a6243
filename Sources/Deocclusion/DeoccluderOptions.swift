/// Settings shared by the de-occluders that `makeDeoccluder` builds.
public struct DeoccluderOptions: Codable, Sendable, Equatable {
    /// Longest an external program (`command:`) may run per batch, in seconds.
    public var commandTimeoutSeconds: Double
    /// File that collects the external program's stdout and stderr (appended); `nil`
    /// forwards them to this process's stderr.
    public var commandLogPath: String?
    /// Robust-fit rounds of `pca` when no mask is given.
    public var pcaIterations: Int

    public init(commandTimeoutSeconds: Double = 600, commandLogPath: String? = nil, pcaIterations: Int = 10) {
        self.commandTimeoutSeconds = commandTimeoutSeconds
        self.commandLogPath = commandLogPath
        self.pcaIterations = pcaIterations
    }
}
