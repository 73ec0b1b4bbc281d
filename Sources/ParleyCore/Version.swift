/// The version this build reports (CLI, manifests, Settings → System).
public enum ParleyInfo {
    /// Semantic version of the release.
    public static let version = "0.1.0"
}
