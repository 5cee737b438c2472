import Foundation
import QuantCore
import Reporting
import Testing

@Suite("Daily report HTML")
struct DailyReportTests {
    @Test func rendersEverySectionWithEscapedKoreanText() throws {
        let html = try DailyReport().render(try ReportFixtures.fullInput(), plotly: .link("plotly.min.js"))
        #expect(html.contains("<html lang=\"ko\">"))
        #expect(html.contains("QuantKit 일일 리포트 &lt;테스트&gt;"), "titles are HTML-escaped, Korean preserved")
        #expect(!html.contains("리포트 <테스트>"))
        for id in ["headline", "holdings", "changes", "orders", "risk", "model", "charts"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(html.contains("삼성전자") && html.contains("TIGER 미국S&amp;P500"))
        #expect(html.contains("₩71,200") && html.contains("₩854,400"), "price and amount (12 × 71,200) in won")
        #expect(html.contains("1.23%") && html.contains("-18.40%"))
        #expect(html.contains("2025-11-25 16:10 KST"), "generation time shown in KST")
        #expect(html.contains("<script src=\"plotly.min.js\""))
        #expect(html.components(separatedBy: "class=\"qk-chart\"").count - 1 == 7)
    }

    @Test func omitsSectionsWithoutInput() throws {
        let dates = ReportFixtures.dates(30)
        let input = DailyReportInput(title: "Minimal", asOf: dates.last!,
                                     portfolio: try DatedSeries(name: "NAV", dates: dates, values: dates.indices.map { 1 + Double($0) / 100 }))
        let html = try DailyReport().render(input, plotly: .link("p.js"))
        #expect(html.contains("<section id=\"headline\">"))
        for id in ["holdings", "changes", "orders", "risk", "model"] { #expect(!html.contains("<section id=\"\(id)\">"), "section \(id) omitted") }
        #expect(html.components(separatedBy: "class=\"qk-chart\"").count - 1 == 1)
    }

    @Test func hostileNamesCannotInjectMarkup() throws {
        var input = try ReportFixtures.fullInput(days: 60, holdings: 2)
        input.holdings[0].name = "<img src=x onerror=alert(1)>"
        let html = try DailyReport().render(input, plotly: .link("p.js"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func inlinePlotlyFromAMissingFileIsAnError() throws {
        let error = #expect(throws: ReportError.self) {
            try DailyReport().render(try ReportFixtures.fullInput(days: 40), plotly: .inline(fileAt: "/nonexistent/plotly.min.js"))
        }
        #expect(error?.reason == .plotlyScriptMissing)
        #expect(error?.detail.contains("/nonexistent/plotly.min.js") == true)
    }

    @Test func mismatchedSeriesAreRejected() {
        let error = #expect(throws: ReportError.self) { try DatedSeries(name: "NAV", dates: ReportFixtures.dates(3), values: [1, 2]) }
        #expect(error?.detail.contains("NAV") == true)
    }

    @Test func templateErrorsAreTyped() {
        let error = #expect(throws: ReportError.self) { try DailyReport(templateText: "{{#open}} never closed") }
        #expect(error?.reason == .templateInvalid)
    }
}

@Suite("Report email")
struct ReportEmailTests {
    @Test func theEmailIsStaticHTMLWithTheHeadlineHoldingsAndOrders() throws {
        let input = try ReportFixtures.fullInput(days: 300, holdings: 5)
        let email = try ReportEmail().render(input)
        #expect(email.subject == "QuantKit 일일 리포트 <테스트> — \(input.asOf)")
        #expect(!email.html.lowercased().contains("<script"), "mail clients run no JavaScript")
        #expect(!email.html.contains("<link") && !email.html.contains("<style"), "inline styles only")
        #expect(email.html.contains("QuantKit 일일 리포트 &lt;테스트&gt;"), "escaped, UTF-8")
        for figure in ["1.23%", "-2.00%", "8.10%", "15.30%", "1.21", "-18.40%", "-2.10%", "-3.10%", "1.42"] {
            #expect(email.html.contains(figure) && email.text.contains(figure), "\(figure)")
        }
        #expect(email.html.contains("삼성전자") && email.html.contains("SK하이닉스"))
        #expect(email.html.contains("매수 BUY") && email.text.contains("매도 SELL 000660 SK하이닉스: 3 @ ₩182,500 (submitted)"))
        #expect(email.html.contains("color:#c62828;\">-18.40%"), "losses are red")
        #expect(email.text.contains("The interactive report is attached."))
    }
}
