/// An industry sector: a short code plus a human-readable name.
///
/// `Sector` is an open value type rather than a closed enum, so any classification fits
/// (GICS, the KRX industry index families, a vendor's own). Two sectors are equal when their
/// codes are equal; the name is for display. The static members give the eleven GICS sectors
/// with their two-digit GICS codes, which is what ``SecurityMaster`` and the synthetic market use.
///
/// ```swift
/// let tech = Sector.informationTechnology        // code "45"
/// let krx = Sector(code: "KRX-013", name: "전기·전자")
/// let byName: Sector = "Semiconductors"           // code and name both "Semiconductors"
/// ```
public struct Sector: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The identifying code (e.g. the GICS sector code `"45"`).
    public let code: String
    /// The display name (e.g. `"Information Technology"`).
    public let name: String

    /// Creates a sector from a code and a display name.
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// Creates a sector whose code and name are both `value`.
    public init(stringLiteral value: String) {
        self.init(code: value, name: value)
    }

    /// Sectors are equal when their codes are equal.
    public static func == (lhs: Sector, rhs: Sector) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Orders sectors by code.
    public static func < (lhs: Sector, rhs: Sector) -> Bool { lhs.code < rhs.code }

    /// The display name.
    public var description: String { name }

    // MARK: - GICS sectors

    /// GICS 10, Energy.
    public static let energy = Sector(code: "10", name: "Energy")
    /// GICS 15, Materials.
    public static let materials = Sector(code: "15", name: "Materials")
    /// GICS 20, Industrials.
    public static let industrials = Sector(code: "20", name: "Industrials")
    /// GICS 25, Consumer Discretionary.
    public static let consumerDiscretionary = Sector(code: "25", name: "Consumer Discretionary")
    /// GICS 30, Consumer Staples.
    public static let consumerStaples = Sector(code: "30", name: "Consumer Staples")
    /// GICS 35, Health Care.
    public static let healthCare = Sector(code: "35", name: "Health Care")
    /// GICS 40, Financials.
    public static let financials = Sector(code: "40", name: "Financials")
    /// GICS 45, Information Technology.
    public static let informationTechnology = Sector(code: "45", name: "Information Technology")
    /// GICS 50, Communication Services.
    public static let communicationServices = Sector(code: "50", name: "Communication Services")
    /// GICS 55, Utilities.
    public static let utilities = Sector(code: "55", name: "Utilities")
    /// GICS 60, Real Estate.
    public static let realEstate = Sector(code: "60", name: "Real Estate")

    /// The eleven GICS sectors in code order.
    public static let gics: [Sector] = [
        .energy, .materials, .industrials, .consumerDiscretionary, .consumerStaples, .healthCare,
        .financials, .informationTechnology, .communicationServices, .utilities, .realEstate,
    ]
}
