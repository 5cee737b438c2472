import Foundation
import QuantCore
import Reporting

/// A deterministic two-year daily input with every section filled, Korean names included.
enum ReportFixtures {
    static func dates(_ count: Int) -> [TradingDate] {
        var out: [TradingDate] = []
        var d = TradingDate(year: 2024, month: 1, day: 2)!
        while out.count < count {
            if !d.isWeekend { out.append(d) }
            d = d.adding(days: 1)
        }
        return out
    }

    static func fullInput(days: Int = 500, holdings: Int = 5) throws -> DailyReportInput {
        let ds = dates(days)
        var wealth: [Double] = [], bench: [Double] = [], dd: [Double] = []
        var w = 1.0, b = 1.0, peak = 1.0
        for t in 0..<days {
            w *= 1 + 0.0004 + 0.01 * sin(Double(t) * 0.7) * cos(Double(t) * 0.13)
            b *= 1 + 0.0002 + 0.011 * sin(Double(t) * 0.5 + 1)
            peak = max(peak, w)
            wealth.append(w); bench.append(b); dd.append(w / peak - 1)
        }
        var input = DailyReportInput(title: "QuantKit 일일 리포트 <테스트>", asOf: ds.last!, generatedAt: Date(timeIntervalSince1970: 1_764_054_600),
                                     portfolio: try DatedSeries(name: "Portfolio", dates: ds, values: wealth))
        input.benchmark = try DatedSeries(name: "KOSPI 200", dates: ds, values: bench)
        input.drawdown = try DatedSeries(name: "Drawdown", dates: ds, values: dd)
        input.headline = HeadlineFigures(day: 0.0123, monthToDate: -0.02, yearToDate: 0.081, volatility: 0.153, sharpe: 1.21, maxDrawdown: -0.184)
        let names = ["삼성전자", "SK하이닉스", "KODEX 200", "TIGER 미국S&P500", "KODEX 단기채권", "NAVER", "카카오", "현대차"]
        var rows: [HoldingRow] = []
        let equal = 1 / Double(holdings)
        for k in 0..<holdings {
            let code = String(format: "%06d", 5930 + k * 1000)
            let name = k < names.count ? names[k] : "\(names[k % names.count]) \(k)"
            let share: Double = k == 0 ? equal + 0.01 : equal - 0.01 / Double(holdings - 1)
            rows.append(HoldingRow(symbol: Symbol(code), name: name, weight: equal, riskContribution: share,
                                   marketValue: 12_345_678 + Double(k) * 1000))
        }
        input.holdings = rows
        input.targetChanges = [TargetChange(symbol: "005930", name: "삼성전자", currentWeight: 0.2, targetWeight: 0.25)]
        input.orders = [OrderRow(symbol: "005930", name: "삼성전자", side: .buy, quantity: 12, price: 71_200, status: "filled"),
                        OrderRow(symbol: "000660", name: "SK하이닉스", side: .sell, quantity: 3, price: 182_500, status: "submitted")]
        input.risk = RiskFigures(confidence: 0.95, valueAtRisk: -0.021, conditionalValueAtRisk: -0.031, diversificationRatio: 1.42, effectiveNumberOfBets: 4.7)
        let icDates = stride(from: 20, to: days, by: 21).map { ds[$0] }
        input.model = ModelDiagnostics(meanIC: 0.041, meanRankIC: 0.052,
                                       icSeries: try DatedSeries(name: "IC", dates: icDates, values: icDates.indices.map { 0.05 * sin(Double($0)) }),
                                       rankICSeries: try DatedSeries(name: "Rank IC", dates: icDates, values: icDates.indices.map { 0.06 * cos(Double($0)) }))
        input.monthlyReturns = try MonthlyReturnTable(years: [2024, 2025], monthly: [
            (1...12).map { 0.01 * sin(Double($0)) }, (1...12).map { $0 > 11 ? .nan : 0.012 * cos(Double($0)) },
        ], yearly: [0.05, 0.03])
        let rollDates = Array(ds[min(252, days - 1)...])
        input.rolling = RollingFigures(window: 252,
                                       sharpe: try DatedSeries(name: "Sharpe", dates: rollDates, values: rollDates.indices.map { 1 + 0.3 * sin(Double($0) / 30) }),
                                       volatility: try DatedSeries(name: "Volatility", dates: rollDates, values: rollDates.indices.map { 0.15 + 0.02 * cos(Double($0) / 40) }))
        let labels = input.holdings.map(\.name)
        input.correlation = try CorrelationTable(labels: labels, rows: labels.indices.map { i in labels.indices.map { j in i == j ? 1 : 0.3 } })
        input.footer = "Synthetic data — QuantKit test fixture."
        return input
    }
}
