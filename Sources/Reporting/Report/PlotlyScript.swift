/// Where the report's plotly.js comes from.
///
/// The repository vendors no third-party JavaScript: the user points at a local copy (the
/// PyPI `plotly` wheel carries one at `plotly/package_data/plotly.min.js`) to make the report
/// work offline, or links a URL.
public enum PlotlyScript: Sendable, Hashable {
    /// Embed the file at this path inline (offline; adds ~4.8 MB).
    case inline(fileAt: String)
    /// Reference plotly.js by URL or relative path (`<script src=...>`).
    case link(String)
}
