import Foundation
import LinearAlgebra
import MLFactor
import QuantCore
import QuantTestSupport
import Testing

/// Date splits and the penalty search against scikit-learn (`validation.json`).
struct ValidationFixture: Decodable {
    struct Split: Decodable { let train: [Int]; let test: [Int] }
    struct TimeSeriesCase: Decodable {
        let dates: Int
        let folds: Int
        let testDates: Int?
        let gap: Int
        let rollingWindow: Int?
        let splits: [Split]
    }
    struct KFoldCase: Decodable { let dates: Int; let folds: Int; let tests: [[Int]] }
    struct Search: Decodable {
        let dates: [String]
        let assets: [String]
        let features: [[[Double?]]]
        let target: [[Double?]]
        let rows: Int
        let rowsWithTarget: Int
        let candidates: [Double]
        let folds: Int
        let gap: Int
        let bestAlpha: Double
        let meanScores: [Double]
        let foldScores: [[Double]]

        func panel(_ rows: [[Double?]]) throws -> Panel {
            try Panel(dates: dates.map { try TradingDate(parsing: $0) }, assets: assets.map { Symbol($0) },
                      columns: assets.indices.map { j in rows.map { $0[j] ?? .nan } })
        }
        func dataset() throws -> FactorDataset {
            try FactorDataset(features: try features.enumerated().map { ("f\($0.offset)", try panel($0.element)) }, target: try panel(target))
        }
    }
    let timeSeriesSplits: [TimeSeriesCase]
    let kFold: [KFoldCase]
    let search: Search

    static func load() throws -> ValidationFixture { try Fixture.load(ValidationFixture.self, named: "validation", in: .module) }
}

@Suite("Validation over dates")
struct ValidationTests {
    @Test func timeSeriesSplitMatchesScikitLearn() throws {
        for c in try ValidationFixture.load().timeSeriesSplits {
            let splitter = TimeSeriesSplit(folds: c.folds, testDates: c.testDates, gap: c.gap,
                                           window: c.rollingWindow.map { .rolling(dates: $0) } ?? .expanding)
            let splits = try splitter.splits(dateCount: c.dates)
            #expect(splits.map(\.trainingDates) == c.splits.map(\.train), "\(c.dates) dates, \(c.folds) folds")
            #expect(splits.map(\.testDates) == c.splits.map(\.test), "\(c.dates) dates, \(c.folds) folds")
        }
    }

    @Test func purgedKFoldBlocksMatchKFoldAndPurgeAroundTests() throws {
        for c in try ValidationFixture.load().kFold {
            let splits = try PurgedKFold(folds: c.folds, labelHorizon: 0, embargo: 0).splits(dateCount: c.dates)
            #expect(splits.map(\.testDates) == c.tests)
            for s in splits { #expect(Set(s.trainingDates) == Set(0..<c.dates).subtracting(s.testDates)) }
        }
        // 12 dates, 3 folds of 4; horizon 1 purges one date before and after each block, embargo 1 one more after.
        let splits = try PurgedKFold(folds: 3, labelHorizon: 1, embargo: 1).splits(dateCount: 12)
        #expect(splits[0].testDates == [0, 1, 2, 3])
        #expect(splits[0].trainingDates == [6, 7, 8, 9, 10, 11])
        #expect(splits[1].trainingDates == [0, 1, 2, 10, 11])
        #expect(splits[2].trainingDates == [0, 1, 2, 3, 4, 5, 6])
        for split in splits {
            for i in split.trainingDates {
                // No training label interval [i, i+1] touches the test labels [a, b+1].
                #expect(i + 1 < split.testDates.first! || i > split.testDates.last! + 1)
            }
        }
    }

    @Test func splittersRejectImpossibleSettings() {
        let cases: [(() throws -> [DateSplit], MLFactorError.Reason)] = [
            ({ try TimeSeriesSplit(folds: 1).splits(dateCount: 10) }, .invalidConfiguration),
            ({ try TimeSeriesSplit(folds: 3, gap: -1).splits(dateCount: 10) }, .invalidConfiguration),
            ({ try TimeSeriesSplit(folds: 5).splits(dateCount: 4) }, .tooFewDates),
            ({ try TimeSeriesSplit(folds: 3, testDates: 3, gap: 2).splits(dateCount: 11) }, .tooFewDates),
            ({ try PurgedKFold(folds: 4).splits(dateCount: 3) }, .tooFewDates),
            ({ try PurgedKFold(folds: 2, labelHorizon: 5).splits(dateCount: 6) }, .tooFewDates),
            ({ try WalkForward(minimumTrainingDates: 10).splits(dateCount: 11) }, .tooFewDates),
            ({ try WalkForward(retrainEvery: 0).splits(dateCount: 100) }, .invalidConfiguration),
        ]
        for (run, reason) in cases {
            let error = #expect(throws: MLFactorError.self) { _ = try run() }
            #expect(error?.reason == reason)
        }
    }

    @Test func walkForwardTrainsBeforeTheGapAndPredictsTheNextBlock() throws {
        let splits = try WalkForward(minimumTrainingDates: 5, retrainEvery: 3, gap: 2).splits(dateCount: 14)
        #expect(splits.map(\.testDates) == [[7, 8, 9], [10, 11, 12], [13]])
        #expect(splits.map(\.trainingDates) == [Array(0..<5), Array(0..<8), Array(0..<11)])
        let rolling = try WalkForward(minimumTrainingDates: 5, retrainEvery: 3, gap: 2, window: .rolling(dates: 4)).splits(dateCount: 14)
        #expect(rolling.map(\.trainingDates) == [Array(1..<5), Array(4..<8), Array(7..<11)])
    }

    @Test func datasetFlattensCompleteRows() throws {
        let s = try ValidationFixture.load().search
        let data = try s.dataset()
        #expect(data.rowCount == s.rows)
        #expect(data.target.filter { !$0.isNaN }.count == s.rowsWithTarget)
        #expect(data.featureNames == ["f0", "f1", "f2"])
        // Every row's date index is non-decreasing (date-major order).
        #expect(zip(data.rowDates, data.rowDates.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func penaltySearchMatchesGridSearchCV() throws {
        let s = try ValidationFixture.load().search
        let data = try s.dataset()
        let splits = try TimeSeriesSplit(folds: s.folds, gap: s.gap).splits(dateCount: data.dates.count)
        let choice = try RidgePenaltySearch(candidates: s.candidates).select(on: data, splits: splits)
        #expect(choice.alpha == s.bestAlpha)
        expectClose(choice.meanScores, s.meanScores, relative: 1e-9)
        expectClose(choice.foldScores.flatMap { $0 }, s.foldScores.flatMap { $0 }, relative: 1e-9)
    }

    @Test func walkForwardPredictionsAreOutOfSample() throws {
        let s = try ValidationFixture.load().search
        let data = try s.dataset()
        let schedule = WalkForward(minimumTrainingDates: 12, retrainEvery: 4, gap: 1)
        let result = try schedule.run(RidgeRegression(alpha: 1), on: data)
        #expect(result.models.count == result.splits.count)
        // No prediction before the first test date; every test row is predicted.
        let first = result.splits[0].testDates[0]
        for t in 0..<first { #expect(result.predictions.row(t).allSatisfy { $0.isNaN }) }
        let predicted = result.predictions.values.filter { !$0.isNaN }.count
        #expect(predicted == data.rows(onDates: Array(first..<data.dates.count), requiringTarget: false).count)
        // The first block's predictions equal a model fitted only on dates before the gap.
        let trainRows = data.rows(onDates: Array(0..<12), requiringTarget: true)
        let train = data.subset(trainRows)
        let model = try RidgeRegression(alpha: 1).fit(features: train.features, target: train.target)
        let testRows = data.rows(onDates: [first], requiringTarget: false)
        let expected = try model.predict(data.subset(testRows).features)
        let actual = testRows.map { result.predictions[data.rowDates[$0], data.rowAssets[$0]] }
        expectClose(actual, expected, relative: 1e-12, floor: 1e-12)
        // The planted linear signal shows up out of sample.
        let report = try FactorEvaluator(quantiles: 5, minimumAssets: 10).evaluate(factor: result.predictions, forwardReturns: try data.targetPanel())
        #expect(report.rankICSummary.mean > 0.2)
    }
}

@Suite("Penalty chosen inside the walk-forward")
struct CrossValidatedWalkForwardTests {
    @Test func eachStepTunesOnItsOwnHistory() throws {
        let s = try ValidationFixture.load().search
        let data = try s.dataset()
        let search = RidgePenaltySearch(candidates: s.candidates, scoring: .meanRankIC)
        let splitter = TimeSeriesSplit(folds: 3, gap: 1)
        var chosen = [Double]()
        let schedule = WalkForward(minimumTrainingDates: 16, retrainEvery: 4, gap: 1)
        let result = try schedule.run(on: data) { data, dates in
            let fitted = try search.fit(on: data, trainingDates: dates, splitter: splitter)
            chosen.append(fitted.selection.alpha)
            return fitted.model
        }
        #expect(chosen.count == result.splits.count)
        #expect(chosen.allSatisfy { s.candidates.contains($0) })
        // The first step equals a search over the first 16 dates by hand.
        let inner = try splitter.splits(dateCount: 16)
        let manual = try search.select(on: data, splits: inner)
        #expect(manual.alpha == chosen[0])
        let rows = data.rows(onDates: Array(0..<16), requiringTarget: true)
        let training = data.subset(rows)
        let model = try RidgeRegression(alpha: manual.alpha).fit(features: training.features, target: training.target)
        #expect(result.models[0] == model)
        // Same predictions as the plain walk-forward with that penalty on the first block.
        let plain = try schedule.run(RidgeRegression(alpha: manual.alpha), on: data)
        let firstBlock = result.splits[0].testDates
        #expect(result.predictions.rows(firstBlock[0]..<(firstBlock.last! + 1)) == plain.predictions.rows(firstBlock[0]..<(firstBlock.last! + 1)))
    }
}
