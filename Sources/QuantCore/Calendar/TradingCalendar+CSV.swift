/// Reading and writing the trading-calendar file.
///
/// ```text
/// # KRX trading calendar (comment lines start with #)
/// date,open,close,note
/// 2024-01-01,,,New Year's Day
/// 2024-01-02,10:00,15:30,first trading day of the year: opens one hour late
/// 2024-01-03,09:00,15:30,
/// ```
///
/// Rules: the header is `date,open,close,note`; one row per date, `YYYY-MM-DD`, strictly
/// ascending; a row with both times (`HH:MM`, KST, close after open) is a session, a row with
/// both times empty is a closed day whose note names the holiday; the covered range runs from the
/// first row's date to the last row's; every weekday (Monday-Friday) in that range must have a
/// row, while Saturdays and Sundays may be left out (closed) or listed.
extension TradingCalendar {
    /// The header a calendar file must have.
    public static let csvHeader = ["date", "open", "close", "note"]

    /// Reads a calendar file.
    ///
    /// - Throws: ``CSVError`` naming file, line and column: `.empty`, `.invalidHeader`,
    ///   `.fieldCount`, `.invalidDate`, `.duplicateDate`, `.unsortedDates`, `.invalidTime` (a bad
    ///   time, only one of the two times, or close not after open), `.missingDate` (an unlisted
    ///   weekday, reported at the row that follows the gap).
    public init(csvFile path: String) throws {
        try self.init(csvDocument: try CSVDocument(contentsOfFile: path, allowsComments: true))
    }

    /// Reads calendar text; `sourceName` names it in errors.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvText: String, sourceName: String = "<text>") throws {
        try self.init(csvDocument: try CSVDocument(text: csvText, sourceName: sourceName, allowsComments: true))
    }

    /// Builds the calendar from a parsed document in the calendar format.
    ///
    /// - Throws: ``CSVError`` as ``init(csvFile:)``.
    public init(csvDocument doc: CSVDocument) throws {
        let file = doc.sourceName
        guard doc.recordCount > 0 else {
            throw CSVError(.empty, file: file, detail: "the file is empty (expected a header date,open,close,note)")
        }
        let headerLine = doc.line(ofRecord: 0)
        let header = doc.record(0).map { $0.trimmingASCIISpaces().lowercased() }
        guard header.count == Self.csvHeader.count else {
            throw CSVError(.invalidHeader, file: file, line: headerLine,
                           detail: "the header has \(header.count) fields, expected date,open,close,note")
        }
        for (k, name) in header.enumerated() where name != Self.csvHeader[k] {
            throw CSVError(.invalidHeader, file: file, line: headerLine, column: k + 1,
                           detail: "the header cell is '\(name)', expected '\(Self.csvHeader[k])'")
        }
        guard doc.recordCount > 1 else {
            throw CSVError(.empty, file: file, line: headerLine, detail: "the calendar lists no dates")
        }
        var sessions = [TradingSession]()
        var notes = [TradingDate: String]()
        var previous: TradingDate?
        for r in 1..<doc.recordCount {
            let line = doc.line(ofRecord: r)
            guard doc.fieldCount(inRecord: r) == 4 else {
                throw CSVError(.fieldCount, file: file, line: line,
                               detail: "the row has \(doc.fieldCount(inRecord: r)) fields, expected 4 (date,open,close,note)")
            }
            let dateText = doc.trimmedField(0, inRecord: r)
            guard let date = CSVScalars.date(dateText) else {
                throw CSVError(.invalidDate, file: file, line: line, column: 1, columnName: "date",
                               detail: "'\(dateText)' is not a date (expected YYYY-MM-DD)")
            }
            if let previous {
                guard date > previous else {
                    throw CSVError(date == previous ? .duplicateDate : .unsortedDates, file: file, line: line, column: 1,
                                   columnName: "date",
                                   detail: date == previous ? "date \(date) is listed twice"
                                       : "date \(date) comes after \(previous); dates must be strictly ascending")
                }
                var gap = previous.adding(days: 1)
                while gap < date {
                    guard gap.isWeekend else {
                        let weekday = "\(gap.weekday)"
                        throw CSVError(.missingDate, file: file, line: line, column: 1, columnName: "date",
                                       detail: "\(gap) (\(weekday.prefix(1).uppercased() + weekday.dropFirst())) is not listed before \(date): every weekday in the "
                                           + "covered range needs a row (a session, or a closed day with empty times)")
                    }
                    gap = gap.adding(days: 1)
                }
            }
            previous = date
            let openText = doc.trimmedField(1, inRecord: r), closeText = doc.trimmedField(2, inRecord: r)
            let note = doc.trimmedField(3, inRecord: r)
            if openText.isEmpty && closeText.isEmpty {
                notes[date] = note
                continue
            }
            guard !openText.isEmpty, !closeText.isEmpty else {
                throw CSVError(.invalidTime, file: file, line: line, column: openText.isEmpty ? 2 : 3,
                               columnName: openText.isEmpty ? "open" : "close",
                               detail: "a session needs both times; leave both empty for a closed day")
            }
            guard let open = LocalTime(parsing: openText) else {
                throw CSVError(.invalidTime, file: file, line: line, column: 2, columnName: "open",
                               detail: "'\(openText)' is not a time (expected HH:MM)")
            }
            guard let close = LocalTime(parsing: closeText) else {
                throw CSVError(.invalidTime, file: file, line: line, column: 3, columnName: "close",
                               detail: "'\(closeText)' is not a time (expected HH:MM)")
            }
            guard close > open else {
                throw CSVError(.invalidTime, file: file, line: line, column: 3, columnName: "close",
                               detail: "close \(close) is not after open \(open)")
            }
            sessions.append(try TradingSession(date: date, open: open, close: close, note: note))
        }
        let first = CSVScalars.date(doc.trimmedField(0, inRecord: 1))!
        try self.init(coveredRange: first...previous!, sessions: sessions, closedDayNotes: notes)
    }

    /// The calendar in the calendar file format: every session and every listed closed day, in
    /// date order. Reading it back gives the same calendar.
    public func csvText() -> String { csvWriter().text }

    /// Writes ``csvText()`` to `path`, replacing the file.
    ///
    /// - Throws: The file system's error when the file cannot be written.
    public func write(toCSVFile path: String) throws { try csvWriter().write(toFile: path) }

    private func csvWriter() -> CSVWriter {
        var writer = CSVWriter()
        writer.writeRecord(Self.csvHeader)
        var date = coveredRange.lowerBound
        while date <= coveredRange.upperBound {
            switch day(date) {
            case .session(let s):
                writer.writeRecord([date.description, s.open.description, s.close.description, s.note])
            case .closed(let note):
                if !date.isWeekend || closedDayNotes[date] != nil || date == coveredRange.lowerBound
                    || date == coveredRange.upperBound {
                    writer.writeRecord([date.description, "", "", note])
                }
            case .notCovered:
                break
            }
            date = date.adding(days: 1)
        }
        return writer
    }
}
