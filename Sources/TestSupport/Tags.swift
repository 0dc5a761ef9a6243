import Testing

extension Tag {
    /// End-to-end tests that train tiny models (still within the suite's budget).
    @Tag public static var slow: Self
}
