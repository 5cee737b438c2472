import Foundation
import Reporting
import Testing

/// Every attribute of every chart QuantKit builds must be one plotly.js knows: checked
/// against the attribute tree `scripts/fixtures/plotly_schema.py` reads from plotly.py's
/// validators (plotly.js's plot schema), committed as `Fixtures/plotly_schema.json`.
@Suite("Charts against plotly's schema")
struct PlotlySchemaTests {
    static var schema: [String: Any] {
        guard let url = Bundle.module.url(forResource: "plotly_schema", withExtension: "json", subdirectory: "Fixtures"),
              let data = try? Data(contentsOf: url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }

    /// The paths in `json` that `tree` does not allow.
    static func unknownPaths(_ json: [String: Any], tree: [String: Any], prefix: String) -> [String] {
        var unknown: [String] = []
        for (key, value) in json {
            // Numbered subplot axes (yaxis2, xaxis3) follow the schema of the first one.
            let schemaKey = key.replacingOccurrences(of: #"^([xy]axis)\d+$"#, with: "$1", options: .regularExpression)
            guard let allowed = tree[schemaKey] else {
                unknown.append(prefix + key)
                continue
            }
            if let subtree = allowed as? [String: Any], let object = value as? [String: Any] {
                unknown += unknownPaths(object, tree: subtree, prefix: prefix + key + ".")
            }
        }
        return unknown
    }

    @Test func theSchemaFixtureIsPresent() throws {
        let traces = try #require(Self.schema["traces"] as? [String: Any])
        #expect(Set(traces.keys).isSuperset(of: ["scatter", "bar", "heatmap", "pie"]))
        let scatter = try #require(traces["scatter"] as? [String: Any])
        #expect(scatter["hovertemplate"] != nil && scatter["bogus"] == nil)
    }

    @Test func everyChartUsesOnlyAttributesPlotlyKnows() throws {
        let traces = try #require(Self.schema["traces"] as? [String: [String: Any]])
        let layoutTree = try #require(Self.schema["layout"] as? [String: Any])
        let input = try ReportFixtures.fullInput(days: 400, holdings: 6)
        let charts = try DailyReport().charts(for: input).map { ($0.id, $0.figure) }
        #expect(charts.count == 7)
        for (id, figure) in charts {
            let json = try #require(JSONSerialization.jsonObject(with: Data(try figure.json().utf8)) as? [String: Any])
            for (k, trace) in try #require(json["data"] as? [[String: Any]]).enumerated() {
                let type = try #require(trace["type"] as? String)
                let tree = try #require(traces[type], "\(id): trace type \(type) is not in the schema fixture")
                let unknown = Self.unknownPaths(trace, tree: tree, prefix: "\(id).data[\(k)].")
                #expect(unknown.isEmpty, "attributes plotly does not know: \(unknown)")
            }
            let layout = try #require(json["layout"] as? [String: Any])
            let unknown = Self.unknownPaths(layout, tree: layoutTree, prefix: "\(id).layout.")
            #expect(unknown.isEmpty, "layout attributes plotly does not know: \(unknown)")
        }
    }

    @Test func aMisspelledAttributeIsCaught() throws {
        let traces = try #require(Self.schema["traces"] as? [String: [String: Any]])
        let tree = try #require(traces["scatter"])
        let bad: [String: Any] = ["type": "scatter", "hovertemplat": "%{y}", "line": ["colour": "#000"]]
        #expect(Set(Self.unknownPaths(bad, tree: tree, prefix: "")) == ["hovertemplat", "line.colour"])
    }
}
