import Foundation
import Reporting
import Testing

@Suite("Plotly figure encoding")
struct PlotlyEncodingTests {
    func decode(_ figure: PlotlyFigure) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(try figure.json().utf8)) as? [String: Any])
    }

    @Test func scatterUsesPlotlyAttributeNames() throws {
        var trace = PlotlyTrace.scatter(name: "NAV", x: ["2024-01-02", "2024-01-03"], y: [1, .nan])
        trace.hoverTemplate = "%{y:.2f}"
        trace.color = "#123456"
        let figure = PlotlyFigure(traces: [trace], layout: PlotlyLayout(title: "T", yAxis: .init(type: "log", tickFormat: ".0%")))
        let json = try decode(figure)
        let data = try #require(json["data"] as? [[String: Any]])
        #expect(data[0]["type"] as? String == "scatter")
        #expect(data[0]["mode"] as? String == "lines")
        #expect(data[0]["x"] as? [String] == ["2024-01-02", "2024-01-03"])
        let y = try #require(data[0]["y"] as? [Any])
        #expect(y[0] as? Double == 1)
        #expect(y[1] is NSNull, "NaN must become null, which plotly draws as a gap")
        #expect(data[0]["hovertemplate"] as? String == "%{y:.2f}")
        #expect((data[0]["line"] as? [String: Any])?["color"] as? String == "#123456")
        let layout = try #require(json["layout"] as? [String: Any])
        let yaxis = try #require(layout["yaxis"] as? [String: Any])
        #expect(yaxis["type"] as? String == "log")
        #expect(yaxis["tickformat"] as? String == ".0%")
        #expect((layout["title"] as? [String: Any])?["text"] as? String == "T")
    }

    @Test func heatmapEncodesRowsAndLabels() throws {
        let figure = ReportCharts.monthlyReturnsHeatmap(try MonthlyReturnTable(
            years: [2024], monthly: [[0.01, -0.02, .nan, 0, 0, 0, 0, 0, 0, 0, 0, 0.03]], yearly: [0.02]))
        let json = try decode(figure)
        let trace = try #require((json["data"] as? [[String: Any]])?.first)
        #expect(trace["type"] as? String == "heatmap")
        #expect(trace["y"] as? [String] == ["2024"])
        let z = try #require(trace["z"] as? [[Any]])
        #expect(z[0].count == 13, "12 months plus the year column")
        #expect(z[0][2] is NSNull)
        #expect(trace["zmid"] as? Double == 0)
        let text = try #require(trace["text"] as? [[String]])
        #expect(text[0][0] == "1.0%" && text[0][2] == "" && text[0][12] == "2.0%")
    }

    @Test func extraAttributesPassThrough() throws {
        var trace = PlotlyTrace(kind: .pie)
        trace.labels = ["a", "b"]
        trace.values = [1, 2]
        trace.extra["hole"] = 0.4
        let json = try decode(PlotlyFigure(traces: [trace], layout: PlotlyLayout()))
        let t = try #require((json["data"] as? [[String: Any]])?.first)
        #expect(t["hole"] as? Double == 0.4)
        #expect(t["values"] as? [Double] == [1, 2])
    }

    @Test func scriptSafeJSONCannotCloseTheScript() throws {
        let hostile = "</script><script>alert('x')</script> & <!--"
        let figure = PlotlyFigure(traces: [.scatter(name: hostile, x: ["a"], y: [1])], layout: PlotlyLayout(title: hostile))
        let safe = try figure.scriptSafeJSON()
        #expect(!safe.contains("<") && !safe.contains(">") && !safe.contains("&"))
        // Still the same JSON once parsed.
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(safe.utf8)) as? [String: Any])
        #expect((parsed["data"] as? [[String: Any]])?.first?["name"] as? String == hostile)
    }

    @Test func everyChartBuilderProducesAFigure() throws {
        let input = try ReportFixtures.fullInput()
        let charts = try DailyReport().charts(for: input)
        #expect(charts.map(\.id) == ["chart-equity", "chart-drawdown", "chart-weights", "chart-monthly", "chart-rolling", "chart-correlation", "chart-ic"])
        for chart in charts { #expect(!chart.figure.traces.isEmpty) }
        let equity = try decode(ReportCharts.equityCurve(portfolio: input.portfolio!, benchmark: input.benchmark, logScale: true))
        #expect(((equity["layout"] as? [String: Any])?["yaxis"] as? [String: Any])?["type"] as? String == "log")
        #expect((equity["data"] as? [Any])?.count == 2)
    }
}
