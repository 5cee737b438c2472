/// One plotly.js trace: a line or marker series, bars, a heatmap, a pie or a treemap.
///
/// Only the attributes QuantKit's charts use are typed; anything else goes in ``extra``.
/// Encoded field names are plotly.js's own (`type`, `x`, `y`, `z`, `hovertemplate`, ...).
///
/// ```swift
/// var trace = PlotlyTrace.scatter(name: "Portfolio", x: dates, y: wealth)
/// trace.hoverTemplate = "%{x}<br>%{y:.2%}<extra></extra>"
/// ```
public struct PlotlyTrace: Sendable, Hashable, Encodable {
    /// The plotly trace type.
    public enum Kind: String, Sendable, Hashable, Encodable {
        /// `scatter` (lines and/or markers).
        case scatter
        /// `bar`.
        case bar
        /// `heatmap`.
        case heatmap
        /// `pie`.
        case pie
        /// `treemap`.
        case treemap
    }

    /// The trace type.
    public var kind: Kind
    /// The legend name.
    public var name: String?
    /// Category or date labels on x (`YYYY-MM-DD` for dates).
    public var x: [String]?
    /// Numeric y values (`nil` when ``yLabels`` are used).
    public var y: [Double]?
    /// Category labels on y (heatmaps, horizontal bars).
    public var yLabels: [String]?
    /// Heatmap cells, one row per y label (NaN becomes an empty cell).
    public var z: [[Double]]?
    /// Pie/treemap values.
    public var values: [Double]?
    /// Pie/treemap labels.
    public var labels: [String]?
    /// Treemap parents (empty string for the root level).
    public var parents: [String]?
    /// `lines`, `markers`, `lines+markers` for scatter traces.
    public var mode: String?
    /// `h` for horizontal bars.
    public var orientation: String?
    /// The hover template (plotly's `%{...}` syntax).
    public var hoverTemplate: String?
    /// Line colour (CSS colour).
    public var color: String?
    /// `tozeroy` to fill the area under a line.
    public var fill: String?
    /// Which y axis (`y2` for a secondary axis).
    public var yAxis: String?
    /// Heatmap colour scale name or stops.
    public var colorScale: PlotlyValue?
    /// Heatmap colour range midpoint.
    public var zMid: Double?
    /// Text drawn on heatmap cells or bars.
    public var text: [[String]]?
    /// Template for ``text`` (`texttemplate`).
    public var textTemplate: String?
    /// Any other plotly attribute, written as given.
    public var extra: [String: PlotlyValue]

    /// Creates a trace of the given kind with no data.
    public init(kind: Kind) {
        self.kind = kind
        self.extra = [:]
    }

    /// A line trace.
    public static func scatter(name: String, x: [String], y: [Double], mode: String = "lines") -> PlotlyTrace {
        var t = PlotlyTrace(kind: .scatter)
        t.name = name
        t.x = x
        t.y = y
        t.mode = mode
        return t
    }

    /// A vertical bar trace.
    public static func bar(name: String, x: [String], y: [Double]) -> PlotlyTrace {
        var t = PlotlyTrace(kind: .bar)
        t.name = name
        t.x = x
        t.y = y
        return t
    }

    /// A heatmap.
    public static func heatmap(x: [String], y: [String], z: [[Double]]) -> PlotlyTrace {
        var t = PlotlyTrace(kind: .heatmap)
        t.x = x
        t.yLabels = y
        t.z = z
        return t
    }

    private enum Keys: String, CodingKey {
        case type, name, x, y, z, values, labels, parents, mode, orientation, hovertemplate, fill, yaxis
        case colorscale, zmid, text, texttemplate, line, marker
    }

    /// Encodes in plotly.js's attribute names.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(kind, forKey: .type)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(x, forKey: .x)
        if let y { try c.encode(PlotlyNumbers(values: y), forKey: .y) } else { try c.encodeIfPresent(yLabels, forKey: .y) }
        if let z {
            var rows = c.nestedUnkeyedContainer(forKey: .z)
            for row in z { try rows.encode(PlotlyNumbers(values: row)) }
        }
        if let values { try c.encode(PlotlyNumbers(values: values), forKey: .values) }
        try c.encodeIfPresent(labels, forKey: .labels)
        try c.encodeIfPresent(parents, forKey: .parents)
        try c.encodeIfPresent(mode, forKey: .mode)
        try c.encodeIfPresent(orientation, forKey: .orientation)
        try c.encodeIfPresent(hoverTemplate, forKey: .hovertemplate)
        try c.encodeIfPresent(fill, forKey: .fill)
        try c.encodeIfPresent(yAxis, forKey: .yaxis)
        try c.encodeIfPresent(colorScale, forKey: .colorscale)
        if let zMid, zMid.isFinite { try c.encode(zMid, forKey: .zmid) }
        try c.encodeIfPresent(text, forKey: .text)
        try c.encodeIfPresent(textTemplate, forKey: .texttemplate)
        if let color {
            if kind == .scatter { try c.encode(PlotlyValue.object([("color", .string(color))]), forKey: .line) }
            else { try c.encode(PlotlyValue.object([("color", .string(color))]), forKey: .marker) }
        }
        if !extra.isEmpty {
            var e = encoder.container(keyedBy: DynamicKey.self)
            for key in extra.keys.sorted() { try e.encode(extra[key]!, forKey: DynamicKey(key)) }
        }
    }
}
