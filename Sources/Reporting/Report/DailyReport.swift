import Foundation
import Mustache

/// Renders the daily HTML report from a Mustache template.
///
/// The default template ships as a package resource (`Templates/daily.mustache`); pass
/// another template's text to restyle it. Every data value is HTML-escaped by the template
/// engine, and chart data is embedded as script-safe JSON (see
/// ``PlotlyFigure/scriptSafeJSON()``), so text such as `<script>` in a name renders as text.
///
/// ```swift
/// let html = try DailyReport().render(input, plotly: .link("plotly.min.js"))
/// try html.write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct DailyReport: Sendable {
    private let template: MustacheTemplate

    /// Uses the bundled template.
    ///
    /// - Throws: ``ReportError`` (`.templateMissing`) when the resource bundle is not found next
    ///   to the executable (install it beside the binary), or `.templateInvalid`.
    public init() throws {
        try self.init(templateText: try ReportingResources.templateText(named: "daily"))
    }

    /// Uses a template given as text.
    ///
    /// - Throws: ``ReportError`` (`.templateInvalid`) with the parser's message.
    public init(templateText: String) throws {
        do { template = try MustacheTemplate(string: templateText) } catch {
            throw ReportError(.templateInvalid, detail: "the report template does not parse: \(error)")
        }
    }

    /// The charts the input has data for, in report order, with their element ids.
    public func charts(for input: DailyReportInput) -> [(id: String, title: String, figure: PlotlyFigure)] {
        var out: [(String, String, PlotlyFigure)] = []
        if let p = input.portfolio {
            out.append(("chart-equity", "Equity curve", ReportCharts.equityCurve(portfolio: p, benchmark: input.benchmark, logScale: input.logScale)))
        }
        if let d = input.drawdown { out.append(("chart-drawdown", "Drawdown", ReportCharts.drawdown(d))) }
        if !input.holdings.isEmpty { out.append(("chart-weights", "Weights and risk contributions", ReportCharts.weightsAndRiskContributions(input.holdings))) }
        if let m = input.monthlyReturns { out.append(("chart-monthly", "Monthly returns", ReportCharts.monthlyReturnsHeatmap(m))) }
        if let r = input.rolling { out.append(("chart-rolling", "Rolling Sharpe and volatility", ReportCharts.rollingSharpeAndVolatility(r))) }
        if let c = input.correlation { out.append(("chart-correlation", "Correlation", ReportCharts.correlationHeatmap(c))) }
        if let model = input.model, let f = ReportCharts.informationCoefficient(model) { out.append(("chart-ic", "Information coefficient", f)) }
        return out
    }

    /// Renders the report.
    ///
    /// - Throws: ``ReportError`` (`.plotlyScriptMissing`) when an inline plotly.js file cannot be read.
    public func render(_ input: DailyReportInput, plotly: PlotlyScript) throws -> String {
        let charts = charts(for: input)
        var context = try ReportContext.make(input, charts: charts)
        switch plotly {
        case let .inline(path):
            guard let data = FileManager.default.contents(atPath: path), let js = String(data: data, encoding: .utf8) else {
                throw ReportError(.plotlyScriptMissing, detail: "cannot read plotly.js at \(path)")
            }
            context["plotlyInline"] = Self.scriptSafe(js)
        case let .link(url):
            context["plotlyLink"] = url
        }
        return template.render(context)
    }

    /// Renders and writes the report to `path` (UTF-8).
    ///
    /// - Throws: ``ReportError`` (`.writeFailed`) naming the path, or the render errors.
    public func write(_ input: DailyReportInput, plotly: PlotlyScript, to path: String) throws {
        let html = try render(input, plotly: plotly)
        do { try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw ReportError(.writeFailed, detail: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Neutralises a literal `</script` inside inlined JavaScript.
    static func scriptSafe(_ js: String) -> String {
        js.replacingOccurrences(of: "</script", with: "<\\/script", options: .caseInsensitive)
    }
}
