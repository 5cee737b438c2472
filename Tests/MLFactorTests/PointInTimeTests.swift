import Foundation
import MLFactor
import QuantCore
import SampleData
import Testing

/// Features, targets and training sets at a date never depend on data after it.
@Suite("Point in time")
struct PointInTimeTests {
    static let market: SyntheticMarket = {
        do { return try SampleMarketGenerator(configuration: .init(seed: 11, stockCount: 60, years: 4)).generate() }
        catch { fatalError("sample market: \(error)") }
    }()

    /// Rows of `panel` after `date` multiplied by `factor` (missing cells stay missing).
    static func alterAfter(_ panel: Panel, _ date: TradingDate, by transform: (Double) -> Double) throws -> Panel {
        let n = panel.dateCount
        var values = panel.values
        for t in 0..<n where panel.dates[t] > date {
            for j in 0..<panel.assetCount where !values[t + j * n].isNaN { values[t + j * n] = transform(values[t + j * n]) }
        }
        return try Panel(dates: panel.dates, assets: panel.assets, values: values)
    }

    /// The store with every figure that becomes public after `date` changed, plus restatements
    /// of old periods published after `date`.
    static func alterFundamentals(_ store: FundamentalsStore, after date: TradingDate) throws -> FundamentalsStore {
        var records = store.records.map { r -> FundamentalRecord in
            var r = r
            if r.availableOn(reportingLag: store.defaultReportingLag) > date { r.value = r.value * 10 + 1 }
            return r
        }
        for r in store.records where r.periodEnd < date.adding(days: -200) && r.periodEnd > date.adding(days: -300) {
            var restated = r
            restated.publishedOn = date.adding(days: 3)
            restated.value = -r.value
            records.append(restated)
        }
        return try FundamentalsStore(records: records, defaultReportingLag: store.defaultReportingLag)
    }

    @Test func alteringDataAfterADateLeavesFeaturesTargetsAndTrainingAtItUnchanged() throws {
        let market = Self.market
        let monthEnds = SampleMarketPipeline.monthEnds(market.dates)
        let k = 30, d = monthEnds[k]
        let builder = SampleMarketPipeline.builder(market)
        let altered = FeatureBuilder(
            returns: try Self.alterAfter(market.returns, d) { $0 * -2 + 0.01 },
            volumes: try Self.alterAfter(market.volumes, d) { $0 * 3 + 7 },
            marketCap: try Self.alterAfter(market.marketCap, d) { $0 * 5 },
            fundamentals: try Self.alterFundamentals(market.fundamentals, after: d))
        let before = try builder.panels(asOf: monthEnds)
        let after = try altered.panels(asOf: monthEnds)
        for (b, a) in zip(before, after) {
            #expect(b.panel.rows(0..<(k + 1)) == a.panel.rows(0..<(k + 1)), "\(b.feature) changed at or before \(d)")
            // The alteration is real: later rows change (so the check above can fail).
            #expect(b.panel.rows((k + 1)..<monthEnds.count) != a.panel.rows((k + 1)..<monthEnds.count), "\(b.feature) ignored the alteration")
        }

        // Forward returns at d - 1 month are realised by d; training at d (gap 1) uses only those.
        let targetBefore = try ForwardReturns.compounded(dailyReturns: market.returns, asOf: monthEnds)
        let targetAfter = try ForwardReturns.compounded(dailyReturns: try Self.alterAfter(market.returns, d) { $0 * -2 + 0.01 }, asOf: monthEnds)
        #expect(targetBefore.rows(0..<k) == targetAfter.rows(0..<k))
        #expect(targetBefore.rows(k..<(k + 1)) != targetAfter.rows(k..<(k + 1)))

        func dataset(_ raw: [(feature: FactorFeature, panel: Panel)], _ target: Panel) throws -> FactorDataset {
            try FactorDataset(features: raw.map { ($0.feature.rawValue, CrossSectionalTransform.apply([.rank, .medianImpute], to: $0.panel)) }, target: target)
        }
        let schedule = WalkForward(minimumTrainingDates: 16, retrainEvery: 1, gap: 1)   // momentum 12-1 needs a year of returns
        let dataBefore = try dataset(before, targetBefore), dataAfter = try dataset(after, targetAfter)
        // The training set of the model that predicts d: identical rows, features and targets.
        let split = try #require(try schedule.splits(dateCount: monthEnds.count).first { $0.testDates.first == k })
        let rowsBefore = dataBefore.rows(onDates: split.trainingDates, requiringTarget: true)
        let rowsAfter = dataAfter.rows(onDates: split.trainingDates, requiringTarget: true)
        #expect(rowsBefore.map { dataBefore.rowAssets[$0] } == rowsAfter.map { dataAfter.rowAssets[$0] })
        let trainingBefore = dataBefore.subset(rowsBefore), trainingAfter = dataAfter.subset(rowsAfter)
        #expect(trainingBefore.features == trainingAfter.features)
        #expect(trainingBefore.target == trainingAfter.target)
        let p1 = try schedule.run(RidgeRegression(alpha: 1), on: dataBefore).predictions
        let p2 = try schedule.run(RidgeRegression(alpha: 1), on: dataAfter).predictions
        #expect(p1.rows(0..<(k + 1)) == p2.rows(0..<(k + 1)))
        #expect(p1.rows((k + 1)..<monthEnds.count) != p2.rows((k + 1)..<monthEnds.count))
    }
}

@Suite("Feature definitions")
struct FeatureDefinitionTests {
    static let dates = (0..<300).map { TradingDate(daysSinceEpoch: 19_000 + $0) }

    /// Two stocks: A with return 0.001·(t mod 7) - 0.002, B listed from row 100.
    static func returns() throws -> Panel {
        let a = (0..<300).map { 0.001 * Double($0 % 7) - 0.002 }
        let b = (0..<300).map { $0 < 100 ? Double.nan : 0.0005 * Double($0 % 5) }
        return try Panel(dates: dates, assets: ["A", "B"], columns: [a, b])
    }

    @Test func momentumVolatilityAndVolumeWindows() throws {
        let r = try Self.returns()
        let volumes = try Panel(dates: Self.dates, assets: ["A", "B"], columns: [(0..<300).map { Double($0 + 1) }, (0..<300).map { _ in 10 }])
        let caps = try Panel(dates: Self.dates, assets: ["A", "B"], columns: [(0..<300).map { _ in 1e9 }, (0..<300).map { _ in 2e9 }])
        let builder = FeatureBuilder(returns: r, volumes: volumes, marketCap: caps, tradingDaysPerMonth: 21)
        let asOf = [Self.dates[259], Self.dates[299]]
        let panels = try builder.panels(asOf: asOf, features: [.momentum12_1, .momentum3, .volatility20, .volumeRatio, .logMarketCap])
        func expectedGrowth(_ rows: ClosedRange<Int>) -> Double { rows.reduce(1.0) { $0 * (1 + r[$1, 0]) } - 1 }
        #expect(abs(panels[0].panel[0, 0] - expectedGrowth((259 - 251)...(259 - 21))) < 1e-15)
        #expect(panels[0].panel[0, 1].isNaN)   // B has under a year of returns
        #expect(abs(panels[1].panel[1, 0] - expectedGrowth((299 - 62)...299)) < 1e-15)
        #expect(!panels[1].panel[1, 1].isNaN)
        let window = (280...299).map { r[$0, 0] }
        let mean = window.reduce(0, +) / 20
        let sd = (window.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 19).squareRoot()
        #expect(abs(panels[2].panel[1, 0] - sd) < 1e-15)
        // Volumes t+1: mean of 281…300 over mean of 181…300.
        #expect(abs(panels[3].panel[1, 0] - (290.5 / 240.5)) < 1e-12)
        #expect(panels[3].panel[1, 1] == 1)
        #expect(abs(panels[4].panel[0, 1] - log(2e9)) < 1e-12)
    }

    @Test func fundamentalsArePublicOnlyFromTheirPublicationDateOrLag() throws {
        let d0 = Self.dates[0]
        var records = [FundamentalRecord]()
        // Four quarters of net income 10, 20, 30, 40; book 400; the last quarter published on day 250.
        for q in 0..<4 {
            let end = d0.adding(days: 30 * q + 10)
            records.append(FundamentalRecord(symbol: "A", field: .netIncome, periodEnd: end, publishedOn: q == 3 ? d0.adding(days: 250) : end.adding(days: 20), value: Double(10 * (q + 1))))
            records.append(FundamentalRecord(symbol: "A", field: .bookEquity, periodEnd: end, publishedOn: q == 3 ? d0.adding(days: 250) : end.adding(days: 20), value: 400))
        }
        // A figure without a publication date: usable 90 days (the default lag) after its period end.
        records.append(FundamentalRecord(symbol: "A", field: .totalAssets, periodEnd: d0.adding(days: 100), value: 1000))
        records.append(FundamentalRecord(symbol: "A", field: .totalDebt, periodEnd: d0.adding(days: 100), value: 250))
        let store = try FundamentalsStore(records: records)
        let builder = FeatureBuilder(returns: try Self.returns(), fundamentals: store)
        let asOf = [Self.dates[189], Self.dates[190], Self.dates[249], Self.dates[250]]
        let panels = try builder.panels(asOf: asOf, features: [.returnOnEquity, .debtRatio])
        let roe = panels[0].panel.column(0), debt = panels[1].panel.column(0)
        #expect(roe[0].isNaN && roe[2].isNaN)          // only three quarters public before day 250
        #expect(roe[3] == 100.0 / 400)
        #expect(debt[0].isNaN && debt[1] == 0.25)       // public from day 190 = period end 100 + 90
        let lagged = try FeatureBuilder(returns: try Self.returns(), fundamentals: store, reportingLag: 150).panels(asOf: asOf, features: [.debtRatio])
        #expect(lagged[0].panel.column(0)[2].isNaN && lagged[0].panel.column(0)[3] == 0.25)
    }

    @Test func missingInputsAreConfigurationErrors() throws {
        let error = #expect(throws: MLFactorError.self) {
            _ = try FeatureBuilder(returns: try Self.returns()).panels(asOf: [Self.dates[10]], features: [.bookToPrice])
        }
        #expect(error?.reason == .invalidConfiguration)
        #expect(error?.detail.contains("fundamentals and market caps") == true)
        let unsorted = #expect(throws: MLFactorError.self) {
            _ = try FeatureBuilder(returns: try Self.returns()).panels(asOf: [Self.dates[10], Self.dates[5]], features: [.momentum3])
        }
        #expect(unsorted?.date == Self.dates[5])
    }
}

@Suite("Cross-sectional transforms")
struct CrossSectionalTransformTests {
    static let panel: Panel = {
        let d = [TradingDate(daysSinceEpoch: 20_000), TradingDate(daysSinceEpoch: 20_001)]
        return try! Panel(dates: d, assets: ["A", "B", "C", "D", "E"], columns: [[1, 3], [2, 3], [3, .nan], [4, 3], [100, 3]])
    }()

    @Test func winsorisingClipsToRowQuantiles() {
        let w = CrossSectionalTransform.winsorizeQuantiles(lower: 0.25, upper: 0.75).apply(to: Self.panel)
        // Row 0 sorted 1, 2, 3, 4, 100: q25 = 2, q75 = 4.
        #expect(w.row(0) == [2, 2, 3, 4, 4])
        let mad = CrossSectionalTransform.winsorizeMAD(multiple: 3).apply(to: Self.panel)
        // median 3, MAD 1 → bounds 3 ± 4.4478.
        let upper: Double = 3 + 3 * 1.4826
        #expect(mad.row(0)[4] == upper)
        #expect(mad.row(0)[0] == 1)
    }

    @Test func zScoreRankAndImpute() {
        let z = CrossSectionalTransform.zScore.apply(to: Self.panel)
        #expect(abs(z.row(0).reduce(0, +)) < 1e-12)
        #expect(z.row(1)[0] == 0 && z.row(1)[2].isNaN)       // constant row → zeros, missing stays missing
        let ranked = CrossSectionalTransform.rank.apply(to: Self.panel)
        #expect(ranked.row(0) == [0, 0.25, 0.5, 0.75, 1])
        let imputed = CrossSectionalTransform.medianImpute.apply(to: Self.panel)
        #expect(imputed.row(1)[2] == 3)
        let indicator = CrossSectionalTransform.missingIndicator(of: Self.panel)
        #expect(indicator.row(1) == [0, 0, 1, 0, 0])
    }

    @Test func threeFactorScoreAveragesPresentSignals() throws {
        let d = [TradingDate(daysSinceEpoch: 20_000)]
        let v = try Panel(dates: d, assets: ["A", "B", "C"], columns: [[1], [2], [3]])
        let m = try Panel(dates: d, assets: ["A", "B", "C"], columns: [[3], [2], [1]])
        let q = try Panel(dates: d, assets: ["A", "B", "C"], columns: [[.nan], [1], [2]])
        let score = try ThreeFactorScore(normalisation: [.rank]).score(value: v, momentum: m, quality: q)
        // Ranks: value A 0, B 0.5, C 1; momentum A 1, B 0.5, C 0; quality B 0, C 1 (A missing).
        let expected: [Double] = [0.5, 1.0 / 3, 2.0 / 3]
        #expect(zip(score.row(0), expected).allSatisfy { abs($0 - $1) < 1e-15 })
        let bad = #expect(throws: MLFactorError.self) { try ThreeFactorScore(valueWeight: 0, momentumWeight: 0, qualityWeight: 0).score(value: v, momentum: m, quality: q) }
        #expect(bad?.reason == .invalidConfiguration)
    }
}

@Suite("Neutralisation")
struct NeutralizationTests {
    @Test func residualsHaveNoSectorMeanAndNoSizeTilt() throws {
        let d = [TradingDate(daysSinceEpoch: 20_000), TradingDate(daysSinceEpoch: 20_001)]
        let assets: [Symbol] = ["A", "B", "C", "D", "E", "F", "G"]
        let sectors: [Symbol: String] = ["A": "bank", "B": "bank", "C": "bank", "D": "tech", "E": "tech", "F": "tech"]   // G has none
        let feature = try Panel(dates: d, assets: assets, columns: [[1, 1], [2, 2], [6, .nan], [10, 4], [12, 5], [20, 9], [3, 3]])
        let bySector = try CrossSectionalNeutralizer(sectors: sectors).neutralize(feature)
        // Row 0: bank mean 3 → -2, -1, 3; tech mean 14 → -4, -2, 6; G alone → 0.
        let expected: [Double] = [-2, -1, 3, -4, -2, 6, 0]
        #expect(zip(bySector.row(0), expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(bySector.row(1)[2].isNaN)
        let size = try Panel(dates: d, assets: assets, columns: [[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [.nan, 7]])
        let bySize = try CrossSectionalNeutralizer(size: size).neutralize(feature)
        let row = bySize.row(0)
        #expect(row[6].isNaN)
        let present = (0..<6).map { row[$0] }
        #expect(abs(present.reduce(0, +)) < 1e-12)
        #expect(abs(zip(present, [1.0, 2, 3, 4, 5, 6]).map { $0 * $1 }.reduce(0, +)) < 1e-10)
        let bad = #expect(throws: MLFactorError.self) { try CrossSectionalNeutralizer(size: size.rows(0..<1)).neutralize(feature) }
        #expect(bad?.reason == .labelMismatch)
    }
}

@Suite("Listings and delistings")
struct SurvivorshipTests {
    @Test func delistedStocksStayInHistoryAndLateListingsEnterWhenListed() throws {
        let market = PointInTimeTests.market
        let data = try SampleMarketPipeline.dataset(market)
        let monthEnds = data.dates
        let last = market.dates[market.dates.count - 1]
        let delisted = market.securityMaster.delisted(by: last).filter { $0.kind == .stock }
        #expect(!delisted.isEmpty, "the sample market should delist some stocks")
        for listing in delisted {
            guard let j = data.assets.firstIndex(of: listing.symbol), let end = listing.delistedOn else { continue }
            let rows = (0..<data.rowCount).filter { data.rowAssets[$0] == j }
            // Rows exist while the stock traded (when it traded long enough for momentum) and never after.
            #expect(rows.allSatisfy { monthEnds[data.rowDates[$0]] < end })
            if end.daysSinceEpoch - listing.listedOn.daysSinceEpoch > 500 { #expect(!rows.isEmpty, "\(listing.symbol) vanished from history") }
        }
        let late = market.securityMaster.listings.filter { $0.kind == .stock && $0.listedOn > market.dates[0] }
        #expect(!late.isEmpty, "the sample market should list some stocks late")
        let momentum = try SampleMarketPipeline.builder(market).panels(asOf: monthEnds, features: [.momentum12_1])[0].panel
        for listing in late {
            guard let j = data.assets.firstIndex(of: listing.symbol) else { continue }
            let first = (0..<data.rowCount).first { data.rowAssets[$0] == j }.map { monthEnds[data.rowDates[$0]] }
            // No row before the listing; until a year of returns exists its raw momentum is missing
            // (the pipeline imputes the month's median).
            if let first { #expect(first >= listing.listedOn) }
            for (k, d) in monthEnds.enumerated() where d >= listing.listedOn && d.daysSinceEpoch - listing.listedOn.daysSinceEpoch < 330 {
                #expect(momentum[k, j].isNaN)
            }
        }
    }
}
