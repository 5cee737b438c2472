import Foundation
import QuantCore

/// Turns a ``DailyReportInput`` into the dictionary the Mustache template reads, with every
/// number already formatted.
enum ReportContext {
    static func make(_ input: DailyReportInput, charts: [(id: String, title: String, figure: PlotlyFigure)]) throws -> [String: Any] {
        var c: [String: Any] = [:]
        c["title"] = input.title
        c["asOf"] = input.asOf.description
        c["generatedAt"] = kstTimestamp(input.generatedAt)
        c["footer"] = input.footer
        let h = input.headline
        c["headline"] = [
            figure("Day", NumberText.percent(h.day), NumberText.signClass(h.day)),
            figure("Month to date", NumberText.percent(h.monthToDate), NumberText.signClass(h.monthToDate)),
            figure("Year to date", NumberText.percent(h.yearToDate), NumberText.signClass(h.yearToDate)),
            figure("Volatility (ann.)", NumberText.percent(h.volatility), ""),
            figure("Sharpe", NumberText.decimal(h.sharpe), NumberText.signClass(h.sharpe)),
            figure("Max drawdown", NumberText.percent(h.maxDrawdown), NumberText.signClass(h.maxDrawdown)),
        ]
        c["hasHoldings"] = !input.holdings.isEmpty
        c["holdings"] = input.holdings.map { row -> [String: Any] in
            ["symbol": row.symbol.code, "name": row.name, "weight": NumberText.percent(row.weight),
             "riskContribution": NumberText.percent(row.riskContribution), "marketValue": NumberText.won(row.marketValue)]
        }
        c["hasChanges"] = !input.targetChanges.isEmpty
        c["changes"] = input.targetChanges.map { ch -> [String: Any] in
            let delta = ch.targetWeight - ch.currentWeight
            return ["symbol": ch.symbol.code, "name": ch.name, "current": NumberText.percent(ch.currentWeight),
                    "target": NumberText.percent(ch.targetWeight), "delta": NumberText.percent(delta), "css": NumberText.signClass(delta)]
        }
        c["hasOrders"] = !input.orders.isEmpty
        c["orders"] = input.orders.map { o -> [String: Any] in
            ["symbol": o.symbol.code, "name": o.name, "side": o.side == .buy ? "매수 BUY" : "매도 SELL",
             "css": o.side == .buy ? "pos" : "neg", "quantity": NumberText.grouped(o.quantity),
             "price": NumberText.won(o.price), "amount": NumberText.won(o.price * Double(o.quantity)), "status": o.status]
        }
        if let r = input.risk {
            let level = NumberText.percent(r.confidence, digits: 0)
            c["hasRisk"] = true
            c["risk"] = [
                figure("VaR \(level) (1 day)", NumberText.percent(r.valueAtRisk), NumberText.signClass(r.valueAtRisk)),
                figure("CVaR \(level) (1 day)", NumberText.percent(r.conditionalValueAtRisk), NumberText.signClass(r.conditionalValueAtRisk)),
                figure("Diversification ratio", NumberText.decimal(r.diversificationRatio), ""),
                figure("Effective bets", NumberText.decimal(r.effectiveNumberOfBets), ""),
            ]
        } else {
            c["hasRisk"] = false
        }
        if let m = input.model {
            c["hasModel"] = true
            c["model"] = [figure("Mean IC", NumberText.decimal(m.meanIC, digits: 3), ""),
                          figure("Mean rank IC", NumberText.decimal(m.meanRankIC, digits: 3), "")]
        } else {
            c["hasModel"] = false
        }
        c["hasCharts"] = !charts.isEmpty
        c["charts"] = charts.map { ["id": $0.id, "title": $0.title] }
        var pieces: [String] = []
        for chart in charts {
            pieces.append("{\"id\":\"\(chart.id)\",\"figure\":\(try chart.figure.scriptSafeJSON())}")
        }
        c["figuresJSON"] = "[" + pieces.joined(separator: ",") + "]"
        return c
    }

    /// A labelled figure; `css` is `pos`, `neg` or empty, and `color` its inline colour (for
    /// the email, where style sheets are unreliable).
    static func figure(_ label: String, _ value: String, _ css: String) -> [String: Any] {
        ["label": label, "value": value, "css": css, "color": css == "pos" ? "#1a7f37" : css == "neg" ? "#c62828" : "#1b1f24"]
    }

    /// `2026-11-25 16:10 KST`.
    static func kstTimestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Seoul") ?? TimeZone(secondsFromGMT: 9 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d KST", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
