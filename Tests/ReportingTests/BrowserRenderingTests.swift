import Foundation
import Reporting
import Testing

/// What the headless-browser test needs: Chromium (Debian package `chromium`) and a local
/// plotly.min.js (the PyPI `plotly` wheel's copy). `scripts/test.sh` installs both; with
/// `CI=true` their absence fails the test instead of disabling it.
enum BrowserEnvironment {
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let chromium: String? = {
        if let path = ProcessInfo.processInfo.environment["QUANTKIT_CHROMIUM"] { return path }
        for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return nil
    }()

    static let plotlyJS: String? = {
        if let path = ProcessInfo.processInfo.environment["PLOTLY_JS"], FileManager.default.fileExists(atPath: path) { return path }
        let run = try? Shell.run("/usr/bin/env", ["python3", "-c", "import plotly, os; print(os.path.join(os.path.dirname(plotly.__file__), 'package_data', 'plotly.min.js'))"], timeout: 60)
        guard let path = run?.stdout.trimmingCharacters(in: .whitespacesAndNewlines), FileManager.default.fileExists(atPath: path) else { return nil }
        return path
    }()

    static var available: Bool { chromium != nil && plotlyJS != nil }
}

/// Runs a command with a timeout and captures its output.
enum Shell {
    struct Result { let status: Int32; let stdout: String; let stderr: String }
    struct TimedOut: Error, CustomStringConvertible { let command: String; var description: String { "\(command) timed out" } }

    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: dir)
        return Result(status: process.terminationStatus, stdout: out, stderr: err)
    }
}

@Suite("Daily report in headless Chromium", .serialized)
struct BrowserRenderingTests {
    @Test(.enabled(if: BrowserEnvironment.available || BrowserEnvironment.isCI, "needs chromium and the plotly wheel (scripts/test.sh installs them)"))
    func everyChartRendersWithoutErrors() throws {
        let chromium = try #require(BrowserEnvironment.chromium, "chromium is not installed (apt-get install chromium)")
        let plotly = try #require(BrowserEnvironment.plotlyJS, "plotly.min.js not found (pip install plotly, or set PLOTLY_JS)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qk-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let page = dir.appendingPathComponent("report.html")
        let input = try ReportFixtures.fullInput(days: 600, holdings: 8)
        try DailyReport().write(input, plotly: .inline(fileAt: plotly), to: page.path)

        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                     "--virtual-time-budget=20000", "--window-size=1280,4200"]
        let dom = try Shell.run(chromium, flags + ["--dump-dom", page.absoluteString], timeout: 180)
        #expect(dom.status == 0, "chromium exited \(dom.status): \(dom.stderr.suffix(500))")
        let html = dom.stdout
        #expect(html.contains("<pre id=\"qk-errors\"></pre>"), "the page reported script errors: \(Self.errors(in: html))")
        #expect(html.contains("data-charts-rendered=\"7\""), "all seven charts finished rendering")
        for id in ["chart-equity", "chart-drawdown", "chart-weights", "chart-monthly", "chart-rolling", "chart-correlation", "chart-ic"] {
            let start = try #require(html.range(of: "id=\"\(id)\""), "container \(id) missing")
            let rest = html[start.upperBound...].prefix(4000)
            #expect(rest.contains("plot-container") && rest.contains("main-svg"), "chart \(id) holds a rendered plot")
        }
        #expect(html.contains("삼성전자"), "Korean text survives the round trip through the browser")

        // Keep a screenshot for people to look at.
        let shot = ProcessInfo.processInfo.environment["QUANTKIT_SCREENSHOT"] ?? dir.appendingPathComponent("report.png").path
        let screenshot = try Shell.run(chromium, flags + ["--screenshot=\(shot)", page.absoluteString], timeout: 180)
        #expect(screenshot.status == 0)
        #expect(FileManager.default.fileExists(atPath: shot))
    }

    static func errors(in html: String) -> String {
        guard let r = html.range(of: "<pre id=\"qk-errors\">"), let e = html.range(of: "</pre>", range: r.upperBound..<html.endIndex) else { return "?" }
        return String(html[r.upperBound..<e.lowerBound])
    }
}
