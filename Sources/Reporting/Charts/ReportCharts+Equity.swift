extension ReportCharts {
    /// (1) The equity curve of the portfolio against an optional benchmark.
    ///
    /// - Parameters:
    ///   - portfolio: Wealth (growth of 1) by date.
    ///   - benchmark: Benchmark wealth by date, drawn grey.
    ///   - logScale: Draws the y axis on a log scale, where equal percentage moves look equal.
    public static func equityCurve(portfolio: DatedSeries, benchmark: DatedSeries? = nil, logScale: Bool = false) -> PlotlyFigure {
        var traces: [PlotlyTrace] = []
        var p = PlotlyTrace.scatter(name: portfolio.name, x: portfolio.dateLabels, y: portfolio.values)
        p.color = Palette.portfolio
        p.hoverTemplate = "%{y:.4f}"
        traces.append(p)
        if let benchmark {
            var b = PlotlyTrace.scatter(name: benchmark.name, x: benchmark.dateLabels, y: benchmark.values)
            b.color = Palette.benchmark
            b.hoverTemplate = "%{y:.4f}"
            traces.append(b)
        }
        let layout = PlotlyLayout(
            title: "Equity curve",
            xAxis: .init(type: "date"),
            yAxis: .init(title: "Growth of 1", type: logScale ? "log" : "linear"))
        return PlotlyFigure(traces: traces, layout: layout)
    }

    /// (2) The drawdown (underwater) chart: the fall from the running peak, as a filled area.
    ///
    /// - Parameter drawdown: Drawdowns by date (0 at a new high, negative below it).
    public static func drawdown(_ drawdown: DatedSeries) -> PlotlyFigure {
        var t = PlotlyTrace.scatter(name: drawdown.name, x: drawdown.dateLabels, y: drawdown.values)
        t.fill = "tozeroy"
        t.color = Palette.loss
        t.hoverTemplate = "%{y:.2%}"
        return PlotlyFigure(traces: [t], layout: PlotlyLayout(
            title: "Drawdown",
            xAxis: .init(type: "date"),
            yAxis: .init(tickFormat: ".0%"),
            showLegend: false))
    }

    /// (5) Rolling Sharpe ratio (left axis) and rolling volatility (right axis).
    public static func rollingSharpeAndVolatility(_ rolling: RollingFigures) -> PlotlyFigure {
        var sharpe = PlotlyTrace.scatter(name: "Sharpe (\(rolling.window)d)", x: rolling.sharpe.dateLabels, y: rolling.sharpe.values)
        sharpe.color = Palette.portfolio
        sharpe.hoverTemplate = "%{y:.2f}"
        var vol = PlotlyTrace.scatter(name: "Volatility (\(rolling.window)d)", x: rolling.volatility.dateLabels, y: rolling.volatility.values)
        vol.color = Palette.accent
        vol.yAxis = "y2"
        vol.hoverTemplate = "%{y:.1%}"
        return PlotlyFigure(traces: [sharpe, vol], layout: PlotlyLayout(
            title: "Rolling Sharpe and volatility",
            xAxis: .init(type: "date"),
            yAxis: .init(title: "Sharpe"),
            yAxis2: .init(title: "Volatility", tickFormat: ".0%", overlaying: "y", side: "right")))
    }

    /// IC and rank IC of the ML model per date.
    public static func informationCoefficient(_ model: ModelDiagnostics) -> PlotlyFigure? {
        var traces: [PlotlyTrace] = []
        if let ic = model.icSeries {
            var t = PlotlyTrace.bar(name: ic.name, x: ic.dateLabels, y: ic.values)
            t.color = Palette.benchmark
            traces.append(t)
        }
        if let rank = model.rankICSeries {
            var t = PlotlyTrace.scatter(name: rank.name, x: rank.dateLabels, y: rank.values, mode: "lines+markers")
            t.color = Palette.portfolio
            traces.append(t)
        }
        guard !traces.isEmpty else { return nil }
        return PlotlyFigure(traces: traces, layout: PlotlyLayout(
            title: "Information coefficient over time",
            xAxis: .init(type: "date"),
            yAxis: .init(tickFormat: ".2f", zeroLine: true)))
    }
}
