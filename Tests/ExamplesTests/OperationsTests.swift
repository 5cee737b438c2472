import Foundation
import Testing

/// The operations files: shell scripts clean under shellcheck, the systemd unit verified and
/// hardened, install into a staging root (DESTDIR) that runs the demo, and an uninstall that
/// leaves nothing behind. Tools come from Debian (scripts/test.sh installs them); with
/// `CI=true` a missing tool fails the test instead of disabling it.
@Suite("Operations: install, unit, logrotate", .serialized)
struct OperationsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"].map { $0 + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var toolsPresent: Bool { ["shellcheck", "systemd-analyze", "logrotate"].allSatisfy { tool($0) != nil } }

    /// Runs a command; returns status and combined output.
    static func sh(_ command: String, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = repository
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: toolsPresent || isCI, "needs shellcheck, systemd-analyze and logrotate (scripts/test.sh installs them)"))
    func scriptsAreShellcheckClean() throws {
        _ = try #require(Self.tool("shellcheck"), "shellcheck is not installed (apt-get install shellcheck)")
        let run = try Self.sh("shellcheck -S warning scripts/*.sh")
        #expect(run.status == 0, "\(run.output)")
    }

    @Test(.enabled(if: toolsPresent || isCI, "needs shellcheck, systemd-analyze and logrotate (scripts/test.sh installs them)"))
    func installVerifyRunAndUninstallInAStagingRoot() throws {
        _ = try #require(Self.tool("systemd-analyze"), "systemd-analyze is not installed (Debian package systemd)")
        _ = try #require(Self.tool("logrotate"), "logrotate is not installed (apt-get install logrotate)")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qk-root-\(UUID().uuidString)").path
        let binaries = ExampleExecutable.productsFolder.path
        let environment = ["DESTDIR": root, "PREFIX": "/usr/local"]
        let install = "scripts/install.sh --no-build --binary-dir '\(binaries)'"

        // Installing twice is the same as once.
        #expect(try Self.sh(install, environment: environment).status == 0)
        let manifest = root + "/usr/local/lib/quant-bot/install-manifest"
        let first = try String(contentsOfFile: manifest, encoding: .utf8)
        let again = try Self.sh(install, environment: environment)
        #expect(again.status == 0, "\(again.output)")
        #expect(try String(contentsOfFile: manifest, encoding: .utf8) == first)
        for path in ["/usr/local/bin/quant-bot", "/usr/local/lib/quant-bot/QuantKit_Reporting.resources/Templates/daily.mustache",
                     "/etc/systemd/system/quant-bot.service", "/etc/logrotate.d/quant-bot", "/usr/local/lib/sysusers.d/quant-bot.conf",
                     "/etc/quant-bot/config.json", "/etc/quant-bot/krx-calendar.csv"] {
            #expect(FileManager.default.fileExists(atPath: root + path), "\(path) installed")
        }

        // The unit as installed, with its paths resolved in the staging root, verifies.
        let unitCopy = root + "-verify/quant-bot.service"
        let verify = try Self.sh("""
            mkdir -p '\(root)-verify' && sed 's|/usr/local/lib/quant-bot/|\(root)/usr/local/lib/quant-bot/|' \
            '\(root)/etc/systemd/system/quant-bot.service' > '\(unitCopy)' && systemd-analyze verify '\(unitCopy)'
            """)
        #expect(verify.status == 0, "\(verify.output)")
        let security = try Self.sh("systemd-analyze security --offline=true '\(unitCopy)' | tail -n 1")
        let exposure = security.output.split(separator: " ").compactMap { Double($0) }.last
        #expect(security.output.contains(" OK") && (exposure ?? 10) < 2, "exposure: \(security.output)")
        // logrotate resolves the `su`/`create` owner, and no quant-bot user exists here: check the
        // installed file with root as the owner (syntax, paths, directives).
        let logrotate = try Self.sh("""
            sed 's/quant-bot quant-bot/root root/g' '\(root)/etc/logrotate.d/quant-bot' > '\(root)-verify/logrotate.conf' && \
            logrotate -d '\(root)-verify/logrotate.conf' 2>&1 | tee /dev/stderr | grep -c '^error' | grep -qx 0
            """)
        #expect(logrotate.status == 0, "\(logrotate.output)")

        // The installed binary runs the demo from the staging root.
        let demoOut = root + "-demo"
        let demo = try Self.sh("'\(root)/usr/local/bin/quant-bot' demo --output '\(demoOut)'")
        #expect(demo.status == 0, "\(demo.output)")
        #expect(FileManager.default.fileExists(atPath: demoOut + "/report.html"))

        // An edited configuration survives uninstall; an unedited installation leaves nothing.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: root + "/etc/quant-bot/config.json"))
        let keep = try Self.sh("scripts/uninstall.sh", environment: environment)
        #expect(keep.status == 0 && keep.output.contains("keeping edited /etc/quant-bot/config.json"), "\(keep.output)")
        #expect(try Self.sh("find '\(root)' -mindepth 1 -type f").output.split(separator: "\n") == ["\(root)/etc/quant-bot/config.json"])
        try FileManager.default.removeItem(atPath: root + "/etc/quant-bot/config.json")
        #expect(try Self.sh(install, environment: environment).status == 0)
        #expect(try Self.sh("scripts/uninstall.sh", environment: environment).status == 0)
        let left = try Self.sh("find '\(root)' -mindepth 1")
        #expect(left.output.isEmpty, "left behind: \(left.output)")
    }
}
