import Foundation

/// A plotly.js figure: traces plus a layout, encoded to the JSON `Plotly.newPlot` takes.
///
/// ```swift
/// let figure = PlotlyFigure(traces: [.scatter(name: "NAV", x: dates, y: nav)],
///                           layout: PlotlyLayout(title: "Equity curve"))
/// let json = try figure.scriptSafeJSON()   // safe to place inside a <script> element
/// ```
public struct PlotlyFigure: Sendable, Hashable, Encodable {
    /// The traces, drawn in order.
    public var traces: [PlotlyTrace]
    /// The layout.
    public var layout: PlotlyLayout

    /// Creates a figure.
    public init(traces: [PlotlyTrace], layout: PlotlyLayout) {
        self.traces = traces
        self.layout = layout
    }

    private enum Keys: String, CodingKey { case data, layout, config }

    /// Encodes as `{"data": [...], "layout": {...}, "config": {...}}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(traces, forKey: .data)
        try c.encode(layout, forKey: .layout)
        try c.encode(PlotlyValue.object([("responsive", true), ("displaylogo", false)]), forKey: .config)
    }

    /// The figure as JSON text.
    ///
    /// - Throws: `EncodingError` (not expected: every value is encodable).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The figure as JSON that can sit inside an HTML `<script>` element: `<`, `>`, `&` and the
    /// JavaScript line separators U+2028/U+2029 are written as `\u` escapes, so no data value can
    /// close the script or open a comment.
    ///
    /// - Throws: `EncodingError` (not expected).
    public func scriptSafeJSON() throws -> String {
        ScriptSafety.escape(try json())
    }
}

/// Escapes JSON text for embedding inside an HTML script element.
enum ScriptSafety {
    static func escape(_ json: String) -> String {
        var out = String()
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
