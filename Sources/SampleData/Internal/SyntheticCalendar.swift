import QuantCore

/// The synthetic market's trading calendar: weekdays minus a fixed, documented set of
/// Korean-style holidays.
///
/// Each year closes on the solar holidays KRX observes (1 January, 1 March, 1 May, 5 May,
/// 6 June, 15 August, 3 October, 9 October, 25 December) and on the year-end closing day
/// (31 December), plus two three-day lunar holidays whose dates are *synthetic*: Seollal
/// centred on a day between 21 January and 18 February and Chuseok centred on a day between
/// 8 September and 7 October, both drawn from a hash of the year (not of the seed), so every
/// market generated for the same years shares one calendar. Holidays are not moved off
/// weekends and session hours are not modelled; the real KRX calendar is a separate data file.
enum SyntheticCalendar {
    /// The trading dates in `[start, end)` and the weekday holidays skipped in that interval.
    static func tradingDates(from start: TradingDate, until end: TradingDate) -> (dates: [TradingDate], holidays: [TradingDate]) {
        var dates = [TradingDate](), holidays = [TradingDate]()
        dates.reserveCapacity(start.distance(to: end) * 5 / 7 + 1)
        var year = Int.min
        var closed = Set<TradingDate>()
        var d = start
        while d < end {
            if d.year != year {
                year = d.year
                closed = Self.holidays(in: year)
            }
            if !d.isWeekend {
                if closed.contains(d) { holidays.append(d) } else { dates.append(d) }
            }
            d = d.adding(days: 1)
        }
        return (dates, holidays)
    }

    /// Every holiday of `year` (weekends included).
    static func holidays(in year: Int) -> Set<TradingDate> {
        var out = Set<TradingDate>()
        for (m, d) in [(1, 1), (3, 1), (5, 1), (5, 5), (6, 6), (8, 15), (10, 3), (10, 9), (12, 25), (12, 31)] {
            out.insert(TradingDate(year: year, month: m, day: d)!)
        }
        var hash = SplitMix64(seed: UInt64(bitPattern: Int64(year)) &* 0x2545_F491_4F6C_DD1D)
        let seollal = TradingDate(year: year, month: 1, day: 21)!.adding(days: Int(hash.next() % 29))
        let chuseok = TradingDate(year: year, month: 9, day: 8)!.adding(days: Int(hash.next() % 30))
        for centre in [seollal, chuseok] {
            for k in -1...1 { out.insert(centre.adding(days: k)) }
        }
        return out
    }
}
