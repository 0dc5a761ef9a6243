import ArgumentParser

/// Errors of the command line itself (library errors carry their own messages).
enum CLIError: Error, CustomStringConvertible {
    case notBuiltYet(command: String, issue: Int)
    case doctorFailed(String)

    var description: String {
        switch self {
        case let .notBuiltYet(command, issue):
            return "'unveil \(command)' is not built yet (tracked in issue #\(issue))"
        case let .doctorFailed(reason):
            return reason
        }
    }
}
