import Backtest
import Execution
import Foundation
import QuantCore
import RiskMetrics
import SampleData
import StrategyKit
import Testing

/// Holds fixed weights.
struct FixedWeights: Strategy {
    let weights: PortfolioWeights
    var name: String { "fixed" }
    func decide(_ context: StrategyContext, state: inout NoState) throws -> StrategyDecision {
        StrategyDecision(target: weights)
    }
}

/// Holds the asset with the best trailing return: its decisions depend on the prices it sees.
struct BestTrailing: Strategy {
    let lookback: Int
    var name: String { "best trailing" }
    func decide(_ context: StrategyContext, state: inout NoState) throws -> StrategyDecision {
        let window = context.view.prices(lookback: lookback + 1)
        var best: (Symbol, Double)?
        for symbol in context.universe {
            guard let column = window.column(for: symbol), let a = column.first, let b = column.last, !a.isNaN, !b.isNaN else { continue }
            if best == nil || b / a > best!.1 { best = (symbol, b / a) }
        }
        guard let best else { throw StrategyError(.emptyUniverse, date: context.asOf, detail: "no asset has a full window") }
        return StrategyDecision(target: try PortfolioWeights(symbols: [best.0], weights: [1]))
    }
}

/// Throws on one date, otherwise holds everything equally.
struct FailsOnce: Strategy {
    let failOn: TradingDate
    var name: String { "fails once" }
    func decide(_ context: StrategyContext, state: inout NoState) throws -> StrategyDecision {
        if context.asOf == failOn { throw StrategyError(.missingData, date: failOn, detail: "planted failure") }
        let w = 1 / Double(context.universe.count)
        return StrategyDecision(target: try PortfolioWeights(symbols: context.universe, weights: context.universe.map { _ in w }))
    }
}

enum Market {
    static func weekdays(from start: TradingDate, count: Int) -> [TradingDate] {
        var out: [TradingDate] = []
        var d = start
        while out.count < count {
            if !d.isWeekend { out.append(d) }
            d = d.adding(days: 1)
        }
        return out
    }

    static func dataset(_ columns: [String: [Double]], start: TradingDate = TradingDate(year: 2024, month: 1, day: 2)!) throws -> MarketDataset {
        let symbols = columns.keys.sorted()
        let count = columns.values.first?.count ?? 0
        let panel = try Panel(dates: weekdays(from: start, count: count), assets: symbols.map { Symbol($0) }, columns: symbols.map { columns[$0]! })
        return try MarketDataset(prices: panel)
    }
}

@Suite("Backtester")
struct BacktesterTests {
    @Test func buyAndHoldTracksThePriceExactly() throws {
        let data = try Market.dataset(["A": [100, 110, 121, 100, 105]])
        let config = BacktestConfiguration(initialCapital: 1_000_050, schedule: .dates([data.prices.dates[0]]), costs: .zero, executionLag: 0)
        let result = try Backtester(configuration: config).run(FixedWeights(weights: try PortfolioWeights(["A": 1])), on: data)
        #expect(result.trades.count == 1)
        #expect(result.trades.first?.shares == 10_000, "floor(1,000,050 / 100) whole shares")
        #expect(result.finalCash == 50)
        let expected: [Double] = [1_000_050, 1_100_050, 1_210_050, 1_000_050, 1_050_050]
        #expect(result.equity == expected)
        #expect(result.finalPositions == ["A": 10_000])
    }

    @Test func commissionTaxAndSlippageAreChargedAsStated() throws {
        let data = try Market.dataset(["A": [1000, 1000, 1200]])
        let dates = data.prices.dates
        let costs = TradingCosts(commissionRate: 0.001, sellTaxRate: 0.002, slippage: 0.01)
        let config = BacktestConfiguration(initialCapital: 1_000_000, schedule: .dates([dates[0], dates[2]]), costs: costs, executionLag: 0)
        // Buy on day 0: 1000 shares wanted at the 1000 close; at 1010 (slippage) + 0.1%
        // commission the cash buys 989.
        struct BuyThenSell: Strategy {
            let sellOn: TradingDate
            var name: String { "buy then sell" }
            func decide(_ context: StrategyContext, state: inout NoState) throws -> StrategyDecision {
                StrategyDecision(target: context.asOf == sellOn ? .allCash : try PortfolioWeights(["A": 1]))
            }
        }
        let result = try Backtester(configuration: config).run(BuyThenSell(sellOn: dates[2]), on: data)
        let buy = try #require(result.trades.first)
        #expect(buy.side == .buy && buy.price == 1010)
        let affordable = Int((1_000_000.0 / (1010.0 * 1.001)).rounded(.down))
        #expect(buy.shares == affordable && affordable == 989)
        #expect(abs(buy.commission - Double(buy.shares) * 1010 * 0.001) < 1e-9)
        let sell = try #require(result.trades.last)
        #expect(sell.side == .sell && sell.shares == buy.shares && sell.price == 1200 * 0.99)
        #expect(abs(sell.tax - Double(sell.shares) * 1188 * 0.002) < 1e-9)
        let expectedCash = 1_000_000 - Double(buy.shares) * 1010 * 1.001 + Double(sell.shares) * 1188 * (1 - 0.001 - 0.002)
        #expect(abs(result.finalCash - expectedCash) < 1e-6)
        #expect(abs(result.totalCosts - (buy.commission + sell.commission + sell.tax)) < 1e-9)
    }

    @Test func aDecisionFillsAtTheNextClose() throws {
        let data = try Market.dataset(["A": [100, 200, 300]])
        let config = BacktestConfiguration(initialCapital: 10_000, schedule: .dates([data.prices.dates[0]]), costs: .zero, executionLag: 1)
        let result = try Backtester(configuration: config).run(FixedWeights(weights: try PortfolioWeights(["A": 1])), on: data)
        #expect(result.trades.map(\.price) == [200])
        #expect(result.trades.first?.shares == 50)
        #expect(result.rebalances.first?.executionDate == data.prices.dates[1])
        let expected: [Double] = [10_000, 10_000, 15_000]
        #expect(result.equity == expected)
    }

    @Test func decisionsNeverDependOnLaterPrices() throws {
        // Two markets equal up to date index 60, different after.
        var a: [String: [Double]] = [:], b: [String: [Double]] = [:]
        for (k, name) in ["A", "B", "C"].enumerated() {
            var p = 100.0, q = 100.0
            a[name] = (0..<120).map { t in p *= 1 + 0.01 * sin(Double(t * (k + 1)) * 0.3); return p }
            b[name] = (0..<120).map { t in q *= 1 + (t > 60 ? 0.03 * cos(Double(t * (k + 2))) : 0.01 * sin(Double(t * (k + 1)) * 0.3)); return q }
        }
        let config = BacktestConfiguration(initialCapital: 1_000_000, schedule: .everyTradingDays(5), costs: .krx)
        let strategy = BestTrailing(lookback: 10)
        let ra = try Backtester(configuration: config).run(strategy, on: try Market.dataset(a))
        let rb = try Backtester(configuration: config).run(strategy, on: try Market.dataset(b))
        let cut = ra.dates[60]
        let decisionsA = ra.rebalances.filter { $0.decisionDate <= cut }.map(\.target)
        let decisionsB = rb.rebalances.filter { $0.decisionDate <= cut }.map(\.target)
        #expect(decisionsA.count == 13 && decisionsA == decisionsB)
        #expect(ra.trades.filter { $0.date <= cut } == rb.trades.filter { $0.date <= cut })
        #expect(ra.equity[...60] == rb.equity[...60])
        #expect(ra.rebalances.map(\.target) != rb.rebalances.map(\.target), "the later data did change later decisions")
    }

    @Test func aDelistedPositionIsClosedAtItsLastPrice() throws {
        let nan = Double.nan
        let data = try Market.dataset(["A": [100, 100, 100, 100], "X": [50, 40, nan, nan]])
        let dates = data.prices.dates
        var config = BacktestConfiguration(initialCapital: 10_000, schedule: .dates([dates[0]]), costs: .zero, executionLag: 0)
        config.delistings = ["X": dates[2]]
        let result = try Backtester(configuration: config).run(FixedWeights(weights: try PortfolioWeights(["A": 0.5, "X": 0.5])), on: data)
        let close = try #require(result.trades.last)
        #expect(close.symbol == "X" && close.side == .sell && close.reason == "delisted" && close.price == 40 && close.date == dates[2])
        #expect(result.finalPositions == ["A": 50])
        let expected: [Double] = [10_000, 9_000, 9_000, 9_000]
        #expect(result.equity == expected)
    }

    @Test func buysAreScaledToTheCashAvailable() throws {
        let data = try Market.dataset(["A": [100, 100], "B": [100, 100]])
        let config = BacktestConfiguration(initialCapital: 10_000, schedule: .dates([data.prices.dates[0]]),
                                           costs: TradingCosts(commissionRate: 0.01, sellTaxRate: 0, slippage: 0.02), executionLag: 0)
        let result = try Backtester(configuration: config).run(FixedWeights(weights: try PortfolioWeights(["A": 0.5, "B": 0.5])), on: data)
        #expect(result.finalCash >= 0)
        #expect(result.trades.count == 2)
        #expect(result.trades.allSatisfy { $0.shares == 48 }, "50 wanted each, 10,000 / (102 x 1.01) = 97.07 affordable in total")
    }

    @Test func monthEndScheduleDecidesOnTheLastTradingDateOfEachMonth() throws {
        let prices = Array(repeating: 100.0, count: 70)
        let data = try Market.dataset(["A": prices], start: TradingDate(year: 2024, month: 1, day: 2)!)
        let config = BacktestConfiguration(schedule: .monthEnd, costs: .zero)
        let result = try Backtester(configuration: config).run(FixedWeights(weights: try PortfolioWeights(["A": 1])), on: data)
        let expected = ["2024-01-31", "2024-02-29", "2024-03-29", data.prices.dates.last!.description]
        #expect(result.rebalances.map(\.decisionDate.description) == expected)
    }

    @Test func aStrategyErrorSkipsTheDateAndKeepsTheHoldings() throws {
        let data = try Market.dataset(["A": [100, 101, 102, 103, 104, 105], "B": [50, 51, 52, 53, 54, 55]])
        let dates = data.prices.dates
        let config = BacktestConfiguration(initialCapital: 100_000, schedule: .daily, costs: .zero, executionLag: 0)
        let result = try Backtester(configuration: config).run(FailsOnce(failOn: dates[2]), on: data)
        #expect(result.skipped.map(\.date) == [dates[2]])
        #expect(result.skipped.first?.message.contains("planted failure") == true)
        #expect(result.rebalances.count == 5)
    }

    @Test func badConfigurationAndPricesAreNamed() throws {
        let data = try Market.dataset(["A": [100, -1, 100]])
        let strategy = FixedWeights(weights: try PortfolioWeights(["A": 1]))
        let priceError = #expect(throws: BacktestError.self) { try Backtester().run(strategy, on: data) }
        #expect(priceError?.reason == .invalidData && priceError?.symbol == "A" && priceError?.date == data.prices.dates[1])
        for config in [BacktestConfiguration(initialCapital: 0), BacktestConfiguration(lotSize: 0), BacktestConfiguration(cashBuffer: 1),
                       BacktestConfiguration(executionLag: -1), BacktestConfiguration(schedule: .everyTradingDays(0)),
                       BacktestConfiguration(costs: TradingCosts(commissionRate: -0.1))] {
            let error = #expect(throws: BacktestError.self) { try Backtester(configuration: config).run(strategy, on: try Market.dataset(["A": [1, 2]])) }
            #expect(error?.reason == .invalidConfiguration)
        }
        let short = #expect(throws: BacktestError.self) {
            try Backtester().run(strategy, on: try Market.dataset(["A": [1, 2, 3]]), from: TradingDate(year: 2030, month: 1, day: 1)!)
        }
        #expect(short?.reason == .emptyPeriod)
    }

    @Test func tenYearsOfSampleETFsWithKRXCosts() throws {
        let market = try SampleMarketGenerator().generate()
        let etfPrices = try market.adjustedPrices.prices.selecting(assets: market.etfs)
        let data = try MarketDataset(prices: etfPrices)
        var config = BacktestConfiguration(initialCapital: 100_000_000, schedule: .monthEnd, costs: .krx)
        config.benchmark = SyntheticMarket.kospi200ETF
        let third = 1.0 / 3
        let result = try Backtester(configuration: config).run(FixedWeights(weights: try PortfolioWeights(symbols: market.etfs, weights: [third, third, third])), on: data)
        #expect(result.dates.count == market.dates.count)
        #expect(result.equity.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(result.trades.count > 100, "monthly rebalancing over ten years")
        #expect(result.totalCosts > 0)
        let summary = try result.summary()
        #expect(summary.observations == market.dates.count - 1)
        let versus = try #require(try result.benchmarkComparison())
        let beta = try #require(versus.beta)
        #expect(beta > 0 && beta < 1, "a third in the KOSPI 200 ETF, the rest in S&P 500 and bonds")
    }
}
