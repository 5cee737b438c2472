import Execution
import QuantCore
import StrategyKit
import Testing

@Suite("KRX ticks and price band")
struct TickSizeTests {
    @Test(arguments: [
        (1_999.0, 1), (2_000.0, 5), (4_995.0, 5), (5_000.0, 10), (19_990.0, 10), (20_000.0, 50), (49_950.0, 50),
        (50_000.0, 100), (199_900.0, 100), (200_000.0, 500), (499_500.0, 500), (500_000.0, 1_000), (1_234_000.0, 1_000),
    ])
    func stockTicksFollowTheTable(price: Double, tick: Int) {
        #expect(KRXTickSize.tick(for: price, kind: .stock) == tick)
    }

    @Test func etfTicksAreOneBelowTwoThousandAndFiveAbove() {
        #expect(KRXTickSize.tick(for: 1_999, kind: .etf) == 1)
        #expect(KRXTickSize.tick(for: 35_000, kind: .etf) == 5)
        #expect(KRXTickSize.roundDown(35_004, kind: .etf) == 35_000)
    }

    @Test func roundingStaysOnTheGridAcrossBandBoundaries() {
        #expect(KRXTickSize.roundDown(71_260, kind: .stock) == 71_200)
        #expect(KRXTickSize.roundUp(71_201, kind: .stock) == 71_300)
        #expect(KRXTickSize.roundUp(49_999.5, kind: .stock) == 50_000)
        #expect(KRXTickSize.roundUp(1_999.2, kind: .stock) == 2_000)
        // Every rounded price from 1 to 600,000 won lies on the grid and within one tick.
        var price = 1.3
        while price < 600_000 {
            let down = KRXTickSize.roundDown(price, kind: .stock), up = KRXTickSize.roundUp(price, kind: .stock)
            #expect(KRXTickSize.isOnGrid(down, kind: .stock) && KRXTickSize.isOnGrid(up, kind: .stock))
            #expect(Double(down) <= price && Double(up) >= price)
            price *= 1.0137
        }
    }

    @Test func theDailyBandIsThirtyPercentRoundedInward() {
        let band = DailyPriceBand(basePrice: 71_200, kind: .stock)
        // 71,200 x 1.3 = 92,560 -> 92,500; x 0.7 = 49,840 -> 49,850 (tick 50 below 50,000).
        #expect(band.upper == 92_500 && band.lower == 49_850)
        #expect(band.contains(92_500) && !band.contains(92_600) && !band.contains(49_800))
    }
}

@Suite("Order planning, pre-trade checks and the paper account")
struct OrderFlowTests {
    let quotes: [Symbol: Quote] = [
        "005930": Quote(price: 71_200, previousClose: 70_000),
        "000660": Quote(price: 182_500, previousClose: 180_000),
        "069500": Quote(price: 35_010, previousClose: 35_000, kind: .etf),
    ]

    @Test func targetsBecomeLotRoundedOrdersOnTheGridSellsFirst() throws {
        let planner = OrderPlanner(limitOffset: 0.005, minimumOrderValue: 0, costs: .zero)
        let target = try PortfolioWeights(["005930": 0.5, "069500": 0.3])
        let plan = try planner.plan(target: target, holdings: ["000660": 10], cash: 8_175_000, quotes: quotes)
        #expect(plan.equity == 8_175_000 + 1_825_000)
        #expect(plan.orders.map(\.side) == [.sell, .buy, .buy])
        let sell = plan.orders[0]
        #expect(sell.symbol == "000660" && sell.quantity == 10 && sell.limitPrice == 181_500, "182,500 x 0.995 = 181,587.5 rounded down to the 100 grid")
        let samsung = try #require(plan.orders.first { $0.symbol == "005930" })
        #expect(samsung.quantity == 70, "floor(5,000,000 / 71,200) = 70")
        #expect(samsung.limitPrice == 71_600, "71,200 x 1.005 = 71,556 rounded up to the 100 grid")
        let etf = try #require(plan.orders.first { $0.symbol == "069500" })
        #expect(etf.quantity == 85 && etf.limitPrice == 35_190, "floor(3,000,000 / 35,010) = 85; 35,185.05 up to the ETF 5-won grid")
    }

    @Test func buysAreScaledToTheCashAfterSells() throws {
        let planner = OrderPlanner(limitOffset: 0.01, minimumOrderValue: 0, costs: .krx)
        let plan = try planner.plan(target: try PortfolioWeights(["005930": 1]), holdings: [:], cash: 1_000_000, quotes: quotes)
        let buy = try #require(plan.orders.first)
        #expect(buy.quantity == 13, "14 wanted at the price; 13 affordable at the 72,000 limit with commission")
        let cost = TradingCosts.krx.buyCost(shares: buy.quantity, price: Double(buy.limitPrice))
        #expect(cost.value + cost.commission <= 1_000_000)
    }

    @Test func haltedOrUnquotedSymbolsAreLeftAloneWithAReason() throws {
        var quotes = self.quotes
        quotes["005930"]?.halted = true
        let plan = try OrderPlanner(costs: .zero).plan(target: try PortfolioWeights(["005930": 0.5, "999999": 0.5]), holdings: [:], cash: 10_000_000, quotes: quotes)
        #expect(plan.orders.isEmpty)
        #expect(plan.notPlanned == ["005930": "halted", "999999": "no usable quote"])
        let missing = #expect(throws: ExecutionError.self) {
            try OrderPlanner().plan(target: .allCash, holdings: ["123456": 5], cash: 0, quotes: quotes)
        }
        #expect(missing?.reason == .invalidQuote && missing?.symbol == "123456")
    }

    @Test func preTradeCheckStopsWhatBreaksARule() {
        let orders = [
            Order(symbol: "000660", side: .sell, quantity: 5, limitPrice: 181_500, kind: .stock, reason: "sell"),
            Order(symbol: "005930", side: .buy, quantity: 10, limitPrice: 71_250, kind: .stock, reason: "off grid"),
            Order(symbol: "005930", side: .buy, quantity: 10, limitPrice: 95_000, kind: .stock, reason: "above band"),
            Order(symbol: "069500", side: .buy, quantity: 100, limitPrice: 35_100, kind: .etf, reason: "fits"),
            Order(symbol: "069500", side: .buy, quantity: 100, limitPrice: 35_100, kind: .etf, reason: "no cash left"),
            Order(symbol: "000660", side: .sell, quantity: 50, limitPrice: 181_500, kind: .stock, reason: "more than held"),
        ]
        let check = PreTradeCheck(maximumOrderValue: 4_000_000, maximumTurnover: 1, costs: .zero)
        let verdict = check.review(orders, holdings: ["000660": 5], cash: 3_000_000, equity: 10_000_000, quotes: quotes)
        #expect(verdict.accepted.map(\.reason) == ["sell", "fits"])
        let reasons = Dictionary(uniqueKeysWithValues: verdict.rejected.map { ($0.order.reason, $0.reason) })
        #expect(reasons["off grid"]?.contains("off the tick grid") == true)
        #expect(reasons["above band"]?.contains("outside the daily band 49000-91000") == true)
        #expect(reasons["no cash left"]?.hasPrefix("needs 3510000 won") == true)
        #expect(reasons["more than held"]?.contains("value 9075000 exceeds") == true)
    }

    @Test func aRunawayPlanIsRejectedWhole() {
        let orders = [Order(symbol: "005930", side: .buy, quantity: 100, limitPrice: 71_200, kind: .stock, reason: "big")]
        let verdict = PreTradeCheck(maximumTurnover: 0.2, costs: .zero).review(orders, holdings: [:], cash: 10_000_000, equity: 10_000_000, quotes: quotes)
        #expect(verdict.accepted.isEmpty)
        #expect(verdict.rejected.first?.reason == "plan turnover 0.356 exceeds the limit 0.2")
    }

    @Test func thePaperAccountFillsLimitOrdersWithCosts() {
        var account = PaperAccount(cash: 1_000_000, positions: ["000660": 3])
        let day = TradingDate(year: 2026, month: 12, day: 3)!
        let orders = [
            Order(symbol: "000660", side: .sell, quantity: 3, limitPrice: 181_000, kind: .stock, reason: ""),
            Order(symbol: "005930", side: .buy, quantity: 10, limitPrice: 71_000, kind: .stock, reason: "limit below price"),
            Order(symbol: "069500", side: .buy, quantity: 20, limitPrice: 35_100, kind: .etf, reason: ""),
        ]
        let costs = TradingCosts(commissionRate: 0.001, sellTaxRate: 0.002, slippage: 0)
        let report = account.execute(orders, at: ["000660": 182_500, "005930": 71_200, "069500": 35_010], on: day, costs: costs)
        #expect(report.fills.map(\.order.symbol) == ["000660", "069500"])
        #expect(report.unfilled.map(\.order.reason) == ["limit below price"])
        let proceeds: Double = 3 * 182_500 * (1 - 0.003)
        let spent: Double = 20 * 35_010 * 1.001
        let expected = 1_000_000 + proceeds - spent
        #expect(abs(account.cash - expected) < 1e-6)
        #expect(account.positions == ["069500": 20])
    }
}
