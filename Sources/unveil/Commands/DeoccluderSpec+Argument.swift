import ArgumentParser
import Deocclusion

/// `--deoccluder SPEC` for every command that takes one.
extension DeoccluderSpec: ExpressibleByArgument {
    public init?(argument: String) {
        try? self.init(parsing: argument)
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}
