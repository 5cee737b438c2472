extension ReportCharts {
    /// (3) Portfolio weights next to risk contributions, one pair of bars per holding.
    public static func weightsAndRiskContributions(_ holdings: [HoldingRow]) -> PlotlyFigure {
        let labels = holdings.map { "\($0.name) (\($0.symbol))" }
        var w = PlotlyTrace.bar(name: "Weight", x: labels, y: holdings.map(\.weight))
        w.color = Palette.portfolio
        w.hoverTemplate = "%{x}<br>weight %{y:.2%}<extra></extra>"
        var traces = [w]
        if holdings.contains(where: { $0.riskContribution != nil }) {
            var rc = PlotlyTrace.bar(name: "Risk contribution", x: labels, y: holdings.map { $0.riskContribution ?? .nan })
            rc.color = Palette.accent
            rc.hoverTemplate = "%{x}<br>risk share %{y:.2%}<extra></extra>"
            traces.append(rc)
        }
        var layout = PlotlyLayout(title: "Weights and risk contributions", xAxis: .init(type: "category"),
                                  yAxis: .init(tickFormat: ".0%"), barMode: "group", hoverMode: "closest")
        layout.height = 420
        return PlotlyFigure(traces: traces, layout: layout)
    }

    /// (4) Monthly returns heatmap: years down, months across, a diverging colour scale at zero.
    public static func monthlyReturnsHeatmap(_ table: MonthlyReturnTable) -> PlotlyFigure {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Year"]
        let rows = zip(table.monthly, table.yearly).map { $0 + [$1] }
        var t = PlotlyTrace.heatmap(x: months, y: table.years.map(String.init), z: rows)
        t.colorScale = .array([.array([0, "#c0392b"]), .array([0.5, "#ffffff"]), .array([1, "#1e8449"])])
        t.zMid = 0
        t.text = rows.map { $0.map { $0.isFinite ? percent($0, digits: 1) : "" } }
        t.textTemplate = "%{text}"
        t.hoverTemplate = "%{y} %{x}: %{z:.2%}<extra></extra>"
        var layout = PlotlyLayout(title: "Monthly returns", xAxis: .init(type: "category"),
                                  yAxis: .init(type: "category", reversed: true), hoverMode: "closest", showLegend: false)
        layout.height = max(260, 40 + 28 * table.years.count)
        return PlotlyFigure(traces: [t], layout: layout)
    }

    /// A correlation heatmap of the holdings (or any labelled assets).
    public static func correlationHeatmap(_ table: CorrelationTable) -> PlotlyFigure {
        var t = PlotlyTrace.heatmap(x: table.labels, y: table.labels, z: table.rows)
        t.colorScale = .string("RdBu")
        t.zMid = 0
        t.hoverTemplate = "%{y} / %{x}: %{z:.2f}<extra></extra>"
        var layout = PlotlyLayout(title: "Correlation", xAxis: .init(type: "category"),
                                  yAxis: .init(type: "category", reversed: true), hoverMode: "closest", showLegend: false)
        layout.height = max(320, 60 + 22 * table.labels.count)
        return PlotlyFigure(traces: [t], layout: layout)
    }

    static func percent(_ x: Double, digits: Int) -> String {
        NumberText.percent(x, digits: digits)
    }
}
