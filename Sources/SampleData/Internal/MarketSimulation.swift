import QuantCore

/// The fixed, per-stock parameters drawn once at the start.
struct StockProfile {
    var symbol: Symbol
    var name: String
    var market: Listing.Market
    var sector: Int
    var beta: Double
    var sectorLoading: Double
    /// Long-run idiosyncratic volatility, annualised.
    var idiosyncraticVolatility: Double
    /// Index of the first trading date (0 when listed before the history starts).
    var listIndex: Int
    var listedOn: TradingDate
    /// Index of the delisting date (the first date it no longer trades); `T` when never.
    var delistIndex: Int
    /// Whether the stock slides before its delisting.
    var failing: Bool
    /// Long-run mean of log(B/M).
    var bookToMarketMean: Double
    /// Dividend payout ratio (0 for non-payers).
    var payout: Double
    /// Typical daily share turnover.
    var turnover: Double
    /// Revenue over total assets, annual.
    var assetTurnover: Double
    /// Total assets over book equity.
    var leverage: Double
}

/// The evolving state of one stock.
struct StockState {
    /// The latent ("fair") price before rounding to the tick grid.
    var price: Double
    var shares: Double
    var lastClose: Double
    var trIndex: Double = 1
    /// Latent log(B/M) and quality, AR(1) by quarter.
    var bookToMarket: Double
    var quality: Double
    /// The latest published report's book equity and net income (`NaN` before the first).
    var publishedBook = Double.nan
    var publishedNetIncome = Double.nan
    /// Reports not yet published: (available on, book, net income), in publication order.
    var pending: [(available: TradingDate, book: Double, netIncome: Double)] = []
    var pendingHead = 0
    /// Net income of the last four generated quarters, oldest first.
    var recentNetIncome: [Double] = []
    /// Dividend per share paid in the current fiscal year.
    var dividendThisYear = 0.0
    /// Planted expected extra return per day for the current month.
    var premium = 0.0
}

/// A GARCH(1,1) variance `h' = ω + α·e² + β·h` around a long-run daily variance.
struct GARCH {
    var variance: Double
    let omega: Double, alpha: Double, beta: Double

    init(annualVolatility: Double, alpha: Double, beta: Double) {
        let daily = annualVolatility * annualVolatility / 252
        variance = daily
        omega = daily * (1 - alpha - beta)
        self.alpha = alpha
        self.beta = beta
    }

    /// Returns the shock `sqrt(h)·z` and updates the variance.
    mutating func shock(_ z: Double) -> Double {
        let e = variance.squareRoot() * z
        variance = omega + alpha * e * e + beta * variance
        return e
    }
}

/// The day-by-day simulation behind ``SampleMarketGenerator``.
struct MarketSimulation {
    let configuration: SampleMarketGenerator.Configuration
    var rng: Xoshiro256StarStar

    // GARCH persistence: market, sector, idiosyncratic.
    static let marketGARCH = (alpha: 0.09, beta: 0.89)
    static let sectorGARCH = (alpha: 0.06, beta: 0.92)
    static let idiosyncraticGARCH = (alpha: 0.05, beta: 0.93)
    /// Daily price limit (KRX: ±30%).
    static let priceLimit = 0.29
    /// Sector weights of the stock population, in `Sector.gics` order.
    static let sectorWeights = [0.03, 0.12, 0.18, 0.12, 0.06, 0.14, 0.08, 0.17, 0.05, 0.02, 0.03]
    /// log(B/M) offset by sector (financials and utilities cheap, health care expensive).
    static let sectorBookToMarket = [0.2, 0.2, 0.1, 0.0, 0.0, -0.8, 0.7, -0.3, -0.2, 0.5, 0.3]

    init(configuration: SampleMarketGenerator.Configuration) {
        self.configuration = configuration
        rng = Xoshiro256StarStar(seed: configuration.seed)
    }

    // MARK: - Run

    mutating func run() throws -> SyntheticMarket {
        let c = configuration
        let end = c.startDate.adding(months: 12 * c.years)
        let (dates, holidays) = SyntheticCalendar.tradingDates(from: c.startDate, until: end)
        let T = dates.count
        guard T >= 2 else {
            throw DataError(.tooFewObservations, detail: "the configured history has \(T) trading dates")
        }
        let sectors = Sector.gics
        let N = c.stockCount
        let E = 3
        let M = N + E
        let dailyRiskFree = c.riskFreeRate / 252

        let profiles = drawProfiles(dates: dates)
        var states = [StockState]()
        states.reserveCapacity(N)
        for p in profiles { states.append(initialState(p)) }
        var records = [FundamentalRecord]()
        records.reserveCapacity(N * (4 * c.years + 5) * 9)
        var actions = [CorporateAction]()

        // Pre-sample reports (the five quarters before the start, so that four quarters are
        // public on the first date) for stocks already listed.
        let firstQuarterEnd = Self.quarterEnd(before: dates[0])
        for i in 0..<N where profiles[i].listIndex == 0 {
            for k in stride(from: 4, through: 0, by: -1) {
                let periodEnd = Self.quarterEnd(before: firstQuarterEnd.adding(months: -3 * k).adding(days: 1))
                report(stock: i, periodEnd: periodEnd, profile: profiles[i], state: &states[i], records: &records, presample: true)
            }
        }

        // Outputs, column-major (t + j·T); NaN = not listed.
        var close = [Double](repeating: .nan, count: T * M)
        var volume = close, shares = close, cap = close, total = close
        var trIndex = [Double](repeating: .nan, count: T * N)
        var signalRows = [(date: TradingDate, value: [Double], momentum: [Double], quality: [Double])]()

        var market = GARCH(annualVolatility: c.marketVolatility, alpha: Self.marketGARCH.alpha, beta: Self.marketGARCH.beta)
        var sectorVariances = sectors.map { _ in
            GARCH(annualVolatility: c.sectorVolatility, alpha: Self.sectorGARCH.alpha, beta: Self.sectorGARCH.beta)
        }
        var idio = profiles.map {
            GARCH(annualVolatility: $0.idiosyncraticVolatility, alpha: Self.idiosyncraticGARCH.alpha, beta: Self.idiosyncraticGARCH.beta)
        }
        var marketFactor = [Double](repeating: 0, count: T)
        var sectorFactors = [[Double]](repeating: [Double](repeating: 0, count: T), count: sectors.count)
        var sectorShock = [Double](repeating: 0, count: sectors.count)

        // ETFs.
        let etfSymbols = [SyntheticMarket.kospi200ETF, SyntheticMarket.sp500ETF, SyntheticMarket.shortTermBondETF]
        let etfNames = ["KODEX 200", "TIGER 미국S&P500", "KODEX 단기채권"]
        let etfRealListing = [TradingDate(year: 2002, month: 10, day: 14)!, TradingDate(year: 2020, month: 8, day: 7)!,
                              TradingDate(year: 2012, month: 1, day: 5)!]
        var etfListIndex = [Int](), etfListedOn = [TradingDate]()
        for listed in etfRealListing {
            let k = dates.firstIndex { $0 >= listed } ?? T
            if listed < dates[0] || k >= T - 60 {
                etfListIndex.append(0)
                etfListedOn.append(listed < dates[0] ? listed : dates[0])
            } else {
                etfListIndex.append(k)
                etfListedOn.append(dates[k])
            }
        }
        let etfStartPrice = [25_000.0, 10_000.0, 100_000.0]
        let etfUnits = [220_000_000.0, 150_000_000.0, 30_000_000.0]
        let etfTurnover = [0.02, 0.01, 0.005]
        let etfFee = [0.0015, 0.0007, 0.0015]
        var etfPrice = etfStartPrice
        var etfLastClose = etfStartPrice
        var usEquity = GARCH(annualVolatility: 0.16, alpha: 0.10, beta: 0.88)
        var bondYield = c.riskFreeRate

        // Ex-dividend dates: the second-to-last trading date of each December.
        var exDividend = [Bool](repeating: false, count: T)
        if c.includesCorporateActions {
            for t in 1..<T where t + 1 == T || dates[t + 1].year != dates[t].year {
                if dates[t].month == 12 && (t + 1 < T || dates[t].day >= 28) { exDividend[t - 1] = true }
            }
        }

        var splitToday = [Double](repeating: 1, count: N)
        for t in 0..<T {
            let date = dates[t]
            // 1. Month start: planted signals from data public by the previous close; splits.
            if t == 0 || date.month != dates[t - 1].month {
                let row = rebalance(t: t, profiles: profiles, states: &states, trIndex: trIndex, dates: dates)
                signalRows.append((date, row.value, row.momentum, row.quality))
                if c.includesCorporateActions && t > 0 {
                    for i in 0..<N where profiles[i].listIndex <= t - 1 && t < profiles[i].delistIndex {
                        let last = states[i].lastClose
                        if last >= 500_000 && rng.bernoulli(0.2) {
                            let ratio = rng.bernoulli(0.5) ? 5.0 : 10.0
                            splitToday[i] = ratio
                            actions.append(CorporateAction(symbol: profiles[i].symbol, exDate: date, kind: .split(ratio: ratio)))
                        } else if last < 1_000 && rng.bernoulli(0.1) {
                            splitToday[i] = 0.1
                            actions.append(CorporateAction(symbol: profiles[i].symbol, exDate: date, kind: .reverseSplit(ratio: 10)))
                        }
                    }
                }
            }
            // 2. Reports published by today become public (usable from the next rebalance).
            for i in 0..<N {
                while states[i].pendingHead < states[i].pending.count && states[i].pending[states[i].pendingHead].available <= date {
                    let p = states[i].pending[states[i].pendingHead]
                    states[i].publishedBook = p.book
                    states[i].publishedNetIncome = p.netIncome
                    states[i].pendingHead += 1
                }
            }
            // 3. Quarter end passed: every listed stock reports the quarter.
            if t > 0 && Self.quarterIndex(date) != Self.quarterIndex(dates[t - 1]) {
                let periodEnd = Self.quarterEnd(before: date)
                for i in 0..<N where profiles[i].listIndex <= t - 1 && t - 1 < profiles[i].delistIndex {
                    report(stock: i, periodEnd: periodEnd, profile: profiles[i], state: &states[i], records: &records, presample: false)
                }
            }
            // 4. Factor draws.
            let zMarket = rng.studentT5()
            let fMarket = c.marketPremium / 252 + market.shock(zMarket)
            marketFactor[t] = fMarket
            for s in 0..<sectors.count {
                sectorShock[s] = sectorVariances[s].shock(rng.studentT5())
                sectorFactors[s][t] = sectorShock[s]
            }
            // 5. Stocks.
            var indexWeight = 0.0, indexReturn = 0.0
            for i in 0..<N {
                let p = profiles[i]
                let listedYesterday = t > 0 && p.listIndex <= t - 1 && t - 1 < p.delistIndex
                let listedToday = p.listIndex <= t && t < p.delistIndex
                let z = rng.studentT5()
                var r = dailyRiskFree + p.beta * fMarket + p.sectorLoading * sectorShock[p.sector] + idio[i].shock(z) + states[i].premium
                if p.failing && t >= p.delistIndex - 126 { r -= 0.8 / 252 }
                r = min(max(r, -Self.priceLimit), Self.priceLimit)
                if p.market == .kospi && listedYesterday && listedToday {
                    let w = states[i].price * states[i].shares
                    indexWeight += w
                    indexReturn += w * r
                }
                states[i].price *= 1 + r
                let multiplier = splitToday[i]
                if multiplier != 1 {
                    states[i].price /= multiplier
                    states[i].shares = (states[i].shares * multiplier).rounded()
                }
                var dividend = 0.0
                if exDividend[t] && listedYesterday && listedToday && p.payout > 0 && states[i].recentNetIncome.count == 4 {
                    let ttm = states[i].recentNetIncome.reduce(0, +)
                    let dps = min((p.payout * ttm / states[i].shares).rounded(), (0.08 * states[i].lastClose).rounded(.down))
                    if dps >= 1 {
                        dividend = dps
                        states[i].price -= dps
                        states[i].dividendThisYear = dps
                        actions.append(CorporateAction(symbol: p.symbol, exDate: date, kind: .cashDividend(perShare: dps)))
                    }
                }
                states[i].price = max(states[i].price, 1)
                let px = KRXTickSize.rounded(states[i].price, tick: KRXTickSize.stockTick(for: states[i].price))
                let traded = max(1, (states[i].shares * p.turnover * DeterministicMath.exp(0.4 * rng.normal() - 0.08)
                    * (0.5 + 0.65 * abs(z))).rounded())
                if listedToday {
                    let k = t + i * T
                    close[k] = px
                    shares[k] = states[i].shares
                    cap[k] = px * states[i].shares
                    volume[k] = traded
                    if listedYesterday {
                        let ret = (px * multiplier + dividend) / states[i].lastClose - 1
                        total[k] = ret
                        states[i].trIndex *= 1 + ret
                    } else {
                        states[i].trIndex = 1
                    }
                    trIndex[k] = states[i].trIndex
                }
                states[i].lastClose = px
                splitToday[i] = 1
            }
            // 6. ETFs.
            var etfReturn = [Double](repeating: 0, count: E)
            etfReturn[0] = (indexWeight > 0 ? indexReturn / indexWeight : fMarket + dailyRiskFree) + 0.000_3 * rng.normal()
            let zUS = 0.35 * zMarket + 0.936_749_699_759_8 * rng.studentT5()
            let us = 0.10 / 252 + usEquity.shock(zUS)
            let fx = 0.07 / 15.874_507_866_387_544 * (-0.3 * zMarket + 0.953_939_201_416_945_6 * rng.normal())
            etfReturn[1] = (1 + us) * (1 + fx) - 1
            if t > 0 && date.month != dates[t - 1].month {
                bondYield = min(max(bondYield + 0.001_5 * rng.normal(), max(0.001, c.riskFreeRate - 0.015)), c.riskFreeRate + 0.02)
            }
            etfReturn[2] = bondYield / 252 + 0.000_04 * rng.normal()
            for e in 0..<E {
                let j = N + e
                let r = min(max(etfReturn[e] - etfFee[e] / 252, -Self.priceLimit), Self.priceLimit)
                etfPrice[e] = t == etfListIndex[e] ? etfStartPrice[e] : etfPrice[e] * (1 + r)
                let px = KRXTickSize.rounded(etfPrice[e], tick: KRXTickSize.etfTick)
                let traded = (etfUnits[e] * etfTurnover[e] * DeterministicMath.exp(0.4 * rng.normal() - 0.08)).rounded()
                if t >= etfListIndex[e] {
                    let k = t + j * T
                    close[k] = px
                    shares[k] = etfUnits[e]
                    cap[k] = px * etfUnits[e]
                    volume[k] = max(1, traded)
                    if t > etfListIndex[e] { total[k] = px / etfLastClose[e] - 1 }
                }
                etfLastClose[e] = px
            }
        }

        // Assemble.
        let stockSymbols = profiles.map(\.symbol)
        let assets = stockSymbols + etfSymbols
        var listings = [Listing]()
        listings.reserveCapacity(M)
        for p in profiles {
            listings.append(Listing(symbol: p.symbol, name: p.name, kind: .stock, market: p.market, sector: sectors[p.sector],
                                    listedOn: p.listedOn, delistedOn: p.delistIndex < T ? dates[p.delistIndex] : nil))
        }
        for e in 0..<E {
            listings.append(Listing(symbol: etfSymbols[e], name: etfNames[e], kind: .etf, market: .kospi, listedOn: etfListedOn[e]))
        }
        actions.sort { $0.symbol != $1.symbol ? $0.symbol < $1.symbol : $0.exDate < $1.exDate }
        let prices = try Panel(dates: dates, assets: assets, values: close)
        let signalDates = signalRows.map(\.date)
        func signalPanel(_ pick: (Int) -> [Double]) throws -> Panel {
            var values = [Double](repeating: .nan, count: signalRows.count * N)
            let R = signalRows.count
            for (row, _) in signalRows.enumerated() {
                let v = pick(row)
                for j in 0..<N { values[row + j * R] = v[j] }
            }
            return try Panel(dates: signalDates, assets: stockSymbols, values: values)
        }
        let truth = GroundTruth(
            premia: c.premia,
            marketBetas: profiles.map(\.beta),
            sectorLoadings: profiles.map(\.sectorLoading),
            idiosyncraticVolatilities: profiles.map(\.idiosyncraticVolatility),
            sectors: sectors,
            marketFactorReturns: marketFactor,
            sectorFactorReturns: sectorFactors,
            rebalanceDates: signalDates,
            valueSignal: try signalPanel { signalRows[$0].value },
            momentumSignal: try signalPanel { signalRows[$0].momentum },
            qualitySignal: try signalPanel { signalRows[$0].quality }
        )
        return SyntheticMarket(
            configuration: c, dates: dates, holidays: holidays, stocks: stockSymbols, etfs: etfSymbols,
            securityMaster: try SecurityMaster(listings: listings),
            prices: prices,
            volumes: try Panel(dates: dates, assets: assets, values: volume),
            sharesOutstanding: try Panel(dates: dates, assets: assets, values: shares),
            marketCap: try Panel(dates: dates, assets: assets, values: cap),
            returns: try Panel(dates: dates, assets: assets, values: total),
            corporateActions: actions,
            adjustedPrices: try AdjustedPrices(raw: prices, actions: actions),
            fundamentals: try FundamentalsStore(records: records),
            truth: truth
        )
    }

    // MARK: - Profiles

    mutating func drawProfiles(dates: [TradingDate]) -> [StockProfile] {
        let c = configuration
        let T = dates.count, N = c.stockCount
        let step = 98_000 / N
        let etfCodes: Set<Int> = [6_950, 15_313, 36_075]
        var names = Set<String>()
        var cumulative = [Double]()
        var acc = 0.0
        for w in Self.sectorWeights { acc += w; cumulative.append(acc) }
        var out = [StockProfile]()
        out.reserveCapacity(N)
        for k in 0..<N {
            var number = 1_000 + step * k + rng.integer(in: 0...max(0, step - 2))
            if etfCodes.contains(number) { number += 1 }
            let digits = String(number * 10)
            let symbol = Symbol(String(repeating: "0", count: max(0, 6 - digits.count)) + digits)
            let u = rng.uniform() * acc
            let sector = cumulative.firstIndex { u < $0 } ?? (cumulative.count - 1)
            let market: Listing.Market = rng.bernoulli(c.kosdaqShare) ? .kosdaq : .kospi
            let name = SyntheticNames.make(for: Sector.gics[sector], taken: &names, rng: &rng)
            let kospi = market == .kospi
            let beta = min(max(1 + 0.3 * rng.normal(), 0.3), 2.0)
            let loading = min(max(1 + 0.25 * rng.normal(), 0.3), 2.0)
            let vol = min(max(DeterministicMath.exp(DeterministicMath.log(kospi ? 0.26 : 0.38) + 0.3 * rng.normal()), 0.12), 0.9)
            // Listing and delisting.
            var listIndex = 0
            var listedOn: TradingDate
            if rng.bernoulli(c.lateListingShare) && T > 4 {
                listIndex = rng.integer(in: 1...max(1, T - min(253, T / 2)))
                listedOn = dates[listIndex]
            } else {
                listedOn = dates[0].adding(days: -rng.integer(in: 30...(25 * 365)))
                while listedOn.isWeekend { listedOn = listedOn.adding(days: -1) }
            }
            var delistIndex = T
            var failing = false
            if rng.bernoulli(c.delistingShare) && T - listIndex >= 4 {
                let lower = listIndex + max(1, min(252, (T - listIndex) / 2))
                if lower <= T - 1 {
                    delistIndex = rng.integer(in: lower...(T - 1))
                    failing = rng.bernoulli(0.6)
                }
            }
            let payer = rng.bernoulli(kospi ? 0.8 : 0.5)
            let payout = payer ? rng.uniform(0.1, 0.45) : 0
            let turnover = DeterministicMath.exp(DeterministicMath.log(kospi ? 0.003 : 0.01) + 0.5 * rng.normal())
            let sectorCode = Sector.gics[sector].code
            let baseTurnover: Double = switch sectorCode { case "40": 0.08; case "55": 0.5; case "60": 0.15; case "30": 1.2; case "25": 1.0; default: 0.8 }
            let baseLeverage: Double = switch sectorCode { case "40": 9; case "55": 2.8; case "60": 2.5; default: 1.8 }
            out.append(StockProfile(
                symbol: symbol, name: name, market: market, sector: sector, beta: beta, sectorLoading: loading,
                idiosyncraticVolatility: vol, listIndex: listIndex, listedOn: listedOn, delistIndex: delistIndex, failing: failing,
                bookToMarketMean: Self.sectorBookToMarket[sector] + 0.5 * rng.normal(), payout: payout, turnover: turnover,
                assetTurnover: baseTurnover * DeterministicMath.exp(0.2 * rng.normal()),
                leverage: baseLeverage * DeterministicMath.exp(0.15 * rng.normal())
            ))
        }
        return out
    }

    mutating func initialState(_ p: StockProfile) -> StockState {
        let kospi = p.market == .kospi
        let capital = min(max(DeterministicMath.exp(DeterministicMath.log(kospi ? 4e11 : 1.2e11) + (kospi ? 1.4 : 1.0) * rng.normal()), 1e10), 4e14)
        let raw = min(max(DeterministicMath.exp(DeterministicMath.log(15_000) + rng.normal()), 1_000), 900_000)
        let price = KRXTickSize.rounded(raw, tick: KRXTickSize.stockTick(for: raw))
        let shares = max(100_000, (capital / price).rounded())
        return StockState(price: price, shares: shares, lastClose: price,
                          bookToMarket: p.bookToMarketMean + 0.3 * rng.normal(), quality: rng.normal())
    }

    // MARK: - Fundamentals

    /// Generates one quarterly report of stock `i` for the quarter ending `periodEnd`.
    mutating func report(stock i: Int, periodEnd: TradingDate, profile p: StockProfile, state s: inout StockState,
                         records: inout [FundamentalRecord], presample: Bool) {
        let marketValue = s.lastClose * s.shares
        s.bookToMarket = 0.85 * s.bookToMarket + 0.15 * p.bookToMarketMean + 0.12 * rng.normal()
        s.quality = 0.9 * s.quality + 0.435_889_894_354_067_4 * rng.normal()
        let q = s.quality
        let book = (marketValue * DeterministicMath.exp(s.bookToMarket)).rounded()
        let roe = 0.08 + 0.05 * q + 0.03 * rng.normal()
        let netIncome = (roe / 4 * book).rounded()
        let assets = (book * p.leverage * DeterministicMath.exp(-0.1 * q + 0.05 * rng.normal())).rounded()
        let debt = ((assets - book) * rng.uniform(0.45, 0.55)).rounded()
        let revenue = (assets * p.assetTurnover / 4 * DeterministicMath.exp(0.05 * rng.normal())).rounded()
        let margin = min(max(0.25 + 0.07 * q + 0.03 * rng.normal(), 0.03), 0.85)
        let grossProfit = (revenue * margin).rounded()
        let operatingCash = (netIncome + assets * (0.004 * q + 0.006 * rng.normal())).rounded()
        let yearEnd = periodEnd.month == 12
        var published = periodEnd.adding(days: yearEnd ? rng.integer(in: 60...90) : rng.integer(in: 30...45))
        while published.isWeekend { published = published.adding(days: 1) }

        s.recentNetIncome.append(netIncome)
        if s.recentNetIncome.count > 4 { s.recentNetIncome.removeFirst() }
        s.pending.append((published, book, netIncome))

        let fields: [(FundamentalField, Double)] = [
            (.bookEquity, book), (.netIncome, netIncome), (.revenue, revenue), (.grossProfit, grossProfit),
            (.totalAssets, assets), (.totalDebt, debt), (.operatingCashFlow, operatingCash), (.sharesOutstanding, s.shares),
        ]
        for (field, value) in fields {
            records.append(FundamentalRecord(symbol: p.symbol, field: field, periodEnd: periodEnd, publishedOn: published, value: value))
        }
        if yearEnd {
            var dps = s.dividendThisYear
            if presample && p.payout > 0 { dps = max(0, (p.payout * 4 * netIncome / s.shares).rounded()) }
            records.append(FundamentalRecord(symbol: p.symbol, field: .dividendsPerShare, periodEnd: periodEnd, publishedOn: published, value: dps))
            s.dividendThisYear = 0
        }
    }

    // MARK: - Planted signals

    /// Computes the month's signals (z-scores) from data public by the close of `t - 1` and
    /// sets each stock's planted premium for the month.
    mutating func rebalance(t: Int, profiles: [StockProfile], states: inout [StockState], trIndex: [Double],
                            dates: [TradingDate]) -> (value: [Double], momentum: [Double], quality: [Double]) {
        let N = profiles.count, T = dates.count
        var value = [Double](repeating: .nan, count: N)
        var momentum = value, quality = value
        for i in 0..<N {
            let p = profiles[i]
            guard t > 0, p.listIndex <= t - 1, t < p.delistIndex else { continue }
            let s = states[i]
            if s.publishedBook > 0 {
                value[i] = DeterministicMath.log(s.publishedBook / (s.lastClose * s.shares))
                quality[i] = 4 * s.publishedNetIncome / s.publishedBook
            }
            if t - 253 >= p.listIndex {
                let recent = trIndex[t - 22 + i * T], past = trIndex[t - 253 + i * T]
                if recent > 0 && past > 0 { momentum[i] = DeterministicMath.log(recent / past) }
            }
        }
        Self.standardize(&value)
        Self.standardize(&momentum)
        Self.standardize(&quality)
        let premia = configuration.premia
        for i in 0..<N {
            let v = value[i].isNaN ? 0 : value[i], m = momentum[i].isNaN ? 0 : momentum[i], q = quality[i].isNaN ? 0 : quality[i]
            states[i].premium = (premia.value * v + premia.momentum * m + premia.quality * q) / 252
        }
        return (value, momentum, quality)
    }

    /// Cross-sectional z-score clipped to ±3, in place; all `NaN` when fewer than 5 values.
    static func standardize(_ x: inout [Double]) {
        var n = 0.0, sum = 0.0
        for v in x where !v.isNaN { n += 1; sum += v }
        guard n >= 5 else {
            for k in x.indices { x[k] = .nan }
            return
        }
        let mean = sum / n
        var ss = 0.0
        for v in x where !v.isNaN { ss += (v - mean) * (v - mean) }
        let sd = (ss / (n - 1)).squareRoot()
        for k in x.indices where !x[k].isNaN {
            x[k] = sd > 0 ? min(max((x[k] - mean) / sd, -3), 3) : 0
        }
    }

    // MARK: - Dates

    static func quarterIndex(_ d: TradingDate) -> Int { d.year * 4 + (d.month - 1) / 3 }

    /// The last calendar day of the quarter before the one containing `d`.
    static func quarterEnd(before d: TradingDate) -> TradingDate {
        let firstMonth = (d.month - 1) / 3 * 3 + 1
        return TradingDate(year: d.year, month: firstMonth, day: 1)!.adding(days: -1)
    }
}
