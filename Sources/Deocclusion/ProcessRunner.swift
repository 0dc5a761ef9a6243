#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs one external program without a shell: argv as given, stdin from /dev/null, stdout and
/// stderr into one capture file, in its own process group so that a timeout stops the program
/// and everything it started.
struct ProcessRunner {
    /// How often the runner checks whether the program has exited.
    static let pollInterval: useconds_t = 20_000
    /// Grace period between SIGTERM and SIGKILL after a timeout, in seconds.
    static let terminationGrace = 2.0

    struct Outcome {
        /// Exit status, or 128 + signal number when a signal ended the program.
        var status: Int32
        /// Everything the program wrote to stdout and stderr.
        var output: String
    }

    let program: String
    let arguments: [String]
    let timeoutSeconds: Double

    /// The program's absolute path: as given when it contains a slash, else the first
    /// executable match on PATH.
    static func resolve(_ program: String) throws -> String {
        if program.contains("/") {
            guard access(program, X_OK) == 0 else { throw DeocclusionError.programNotFound(program) }
            return program
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw DeocclusionError.programNotFound(program)
    }

    /// Runs the program to completion, capturing its output in `captureFile`.
    /// Throws `programTimedOut` after stopping it when it overruns the timeout.
    func run(captureFile: URL) throws -> Outcome {
        let executable = try Self.resolve(program)
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, captureFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)  // the child leads a new process group

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + environment).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &fileActions, &attributes, argv, environment)
        guard spawned == 0 else { throw DeocclusionError.launchFailed(program: program, errno: spawned) }

        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                stop(pid)
                throw DeocclusionError.programTimedOut(command: commandLine, seconds: timeoutSeconds)
            }
            usleep(Self.pollInterval)
        }
        let output = (try? String(contentsOf: captureFile, encoding: .utf8)) ?? ""
        let signal = status & 0x7f
        return Outcome(status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, output: output)
    }

    /// The command as one line, for messages.
    var commandLine: String { ([program] + arguments).joined(separator: " ") }

    /// SIGTERM to the whole group, SIGKILL after the grace period, then reap the child.
    private func stop(_ pid: pid_t) {
        kill(-pid, SIGTERM)
        let killAt = Date().addingTimeInterval(Self.terminationGrace)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= killAt {
                kill(-pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(Self.pollInterval)
        }
        kill(-pid, SIGKILL)  // children that outlived the leader
    }
}
