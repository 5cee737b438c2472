/// Builders for the report's standard charts. Each returns a ``PlotlyFigure``.
///
/// The builders take precomputed values (wealth, drawdowns, rolling statistics from
/// RiskMetrics, IC series from MLFactor), so Reporting depends on no analytics module.
public enum ReportCharts {
    /// Colours shared by the charts.
    enum Palette {
        static let portfolio = "#1f4e79"
        static let benchmark = "#9e9e9e"
        static let loss = "#c0392b"
        static let gain = "#1e8449"
        static let accent = "#e67e22"
    }
}
