/// A plotly.js layout: title, axes, legend, margins and size.
public struct PlotlyLayout: Sendable, Hashable, Encodable {
    /// One axis.
    public struct Axis: Sendable, Hashable, Encodable {
        /// The axis title.
        public var title: String?
        /// `linear`, `log`, `date` or `category`.
        public var type: String?
        /// Tick label format (d3-format, e.g. `.1%`).
        public var tickFormat: String?
        /// For a secondary axis: the axis it overlays (`y`).
        public var overlaying: String?
        /// `left` or `right`.
        public var side: String?
        /// Reverse the axis (heatmap rows top to bottom).
        public var reversed: Bool
        /// Whether to draw the zero line.
        public var zeroLine: Bool?

        /// Creates an axis.
        public init(title: String? = nil, type: String? = nil, tickFormat: String? = nil, overlaying: String? = nil,
                    side: String? = nil, reversed: Bool = false, zeroLine: Bool? = nil) {
            self.title = title
            self.type = type
            self.tickFormat = tickFormat
            self.overlaying = overlaying
            self.side = side
            self.reversed = reversed
            self.zeroLine = zeroLine
        }

        private enum Keys: String, CodingKey { case title, type, tickformat, overlaying, side, autorange, zeroline }

        /// Encodes in plotly.js's attribute names.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            if let title { try c.encode(PlotlyValue.object([("text", .string(title))]), forKey: .title) }
            try c.encodeIfPresent(type, forKey: .type)
            try c.encodeIfPresent(tickFormat, forKey: .tickformat)
            try c.encodeIfPresent(overlaying, forKey: .overlaying)
            try c.encodeIfPresent(side, forKey: .side)
            if reversed { try c.encode("reversed", forKey: .autorange) }
            try c.encodeIfPresent(zeroLine, forKey: .zeroline)
        }
    }

    /// The chart title.
    public var title: String?
    /// The x axis.
    public var xAxis: Axis
    /// The y axis.
    public var yAxis: Axis
    /// A secondary y axis (`yaxis2`), if any.
    public var yAxis2: Axis?
    /// `group` or `stack` for bars.
    public var barMode: String?
    /// Height in pixels.
    public var height: Int
    /// Unified hover (`x unified`) or the plotly default.
    public var hoverMode: String?
    /// Whether to show the legend.
    public var showLegend: Bool
    /// Any other plotly layout attribute, written as given.
    public var extra: [String: PlotlyValue]

    /// Creates a layout.
    public init(title: String? = nil, xAxis: Axis = Axis(), yAxis: Axis = Axis(), yAxis2: Axis? = nil,
                barMode: String? = nil, height: Int = 380, hoverMode: String? = "x unified", showLegend: Bool = true) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.yAxis2 = yAxis2
        self.barMode = barMode
        self.height = height
        self.hoverMode = hoverMode
        self.showLegend = showLegend
        self.extra = [:]
    }

    private enum Keys: String, CodingKey { case title, xaxis, yaxis, yaxis2, barmode, height, hovermode, showlegend, margin, font, legend }

    /// Encodes in plotly.js's attribute names.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        if let title { try c.encode(PlotlyValue.object([("text", .string(title))]), forKey: .title) }
        try c.encode(xAxis, forKey: .xaxis)
        try c.encode(yAxis, forKey: .yaxis)
        try c.encodeIfPresent(yAxis2, forKey: .yaxis2)
        try c.encodeIfPresent(barMode, forKey: .barmode)
        try c.encode(height, forKey: .height)
        try c.encodeIfPresent(hoverMode, forKey: .hovermode)
        try c.encode(showLegend, forKey: .showlegend)
        try c.encode(PlotlyValue.object([("l", 60), ("r", 30), ("t", 50), ("b", 50)]), forKey: .margin)
        try c.encode(PlotlyValue.object([("family", "'Noto Sans KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif")]), forKey: .font)
        try c.encode(PlotlyValue.object([("orientation", "h"), ("y", -0.15)]), forKey: .legend)
        if !extra.isEmpty {
            var e = encoder.container(keyedBy: DynamicKey.self)
            for key in extra.keys.sorted() { try e.encode(extra[key]!, forKey: DynamicKey(key)) }
        }
    }
}
