public import Foundation

/// Access to Reporting's bundled resources (the report templates).
///
/// On Linux a SwiftPM resource bundle is the folder `QuantKit_Reporting.resources` next to the
/// executable; an installed binary must ship that folder beside it (the install script does).
/// When it is elsewhere, set `QUANTKIT_RESOURCES` to the folder containing it. (SwiftPM's
/// generated `Bundle.module` is not used because it traps when the bundle is missing.)
public enum ReportingResources {
    /// The URL of a bundled template, e.g. `daily` → `Templates/daily.mustache`.
    ///
    /// - Throws: ``ReportError`` (`.templateMissing`) naming the places searched.
    public static func templateURL(named name: String) throws -> URL {
        var searched: [String] = []
        if let override = ProcessInfo.processInfo.environment["QUANTKIT_RESOURCES"] {
            let url = URL(fileURLWithPath: override).appendingPathComponent("QuantKit_Reporting.resources/Templates/\(name).mustache")
            if FileManager.default.fileExists(atPath: url.path) { return url }
            searched.append(url.path)
        }
        let executableDir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let besideBinary = executableDir.appendingPathComponent("QuantKit_Reporting.resources/Templates/\(name).mustache")
        if FileManager.default.fileExists(atPath: besideBinary.path) { return besideBinary }
        searched.append(besideBinary.path)
        let mainBundle = Bundle.main.bundleURL.appendingPathComponent("QuantKit_Reporting.resources/Templates/\(name).mustache")
        if FileManager.default.fileExists(atPath: mainBundle.path) { return mainBundle }
        searched.append(mainBundle.path)
        throw ReportError(.templateMissing, detail: "template '\(name)' not found; searched \(searched.joined(separator: ", "))")
    }

    /// The text of a bundled template.
    ///
    /// - Throws: ``ReportError`` (`.templateMissing`).
    public static func templateText(named name: String) throws -> String {
        let url = try templateURL(named: name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReportError(.templateMissing, detail: "cannot read \(url.path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
