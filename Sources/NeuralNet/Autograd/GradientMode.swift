/// Whether operations record a graph. Recording is on by default; `withoutGradients`
/// turns it off for a scope (inference, optimizer updates), task- and thread-safely.
public enum GradientMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording: every Variable it creates is a constant with no
/// inputs and no backward closure (PyTorch `torch.no_grad()`).
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$isEnabled.withValue(false, operation: body)
}

/// Runs `body` with recording on (inside `withoutGradients`, e.g. for double backward).
public func withGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.$isEnabled.withValue(true, operation: body)
}
