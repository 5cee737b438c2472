import QuantCore

/// Korean-looking company names for synthetic stocks: a prefix and a sector-flavoured suffix
/// (e.g. "한빛전자", "세원바이오"). They are invented; any resemblance to a listed company is
/// a coincidence of common words.
enum SyntheticNames {
    static let prefixes = [
        "한빛", "대성", "세원", "동진", "미래", "우성", "태광", "신영", "제일", "삼진",
        "대한", "국제", "동양", "서진", "청솔", "금강", "백두", "한울", "새봄", "누리",
        "가온", "다온", "해솔", "푸른", "하늘", "바른", "참빛", "온누리", "나래", "은하",
        "한결", "도담", "라온", "아라", "유진", "성우", "경인", "부강", "진흥", "영진",
    ]

    /// Name endings by GICS sector code.
    static func suffixes(for sector: Sector) -> [String] {
        switch sector.code {
        case "10": ["에너지", "정유", "가스"]
        case "15": ["화학", "소재", "철강", "제지"]
        case "20": ["중공업", "건설", "기계", "조선", "물산"]
        case "25": ["자동차", "모터스", "패션", "레저", "부품"]
        case "30": ["식품", "제과", "음료", "유통"]
        case "35": ["바이오", "제약", "메디칼", "헬스케어"]
        case "40": ["금융지주", "증권", "캐피탈", "생명", "화재"]
        case "45": ["전자", "반도체", "테크", "디스플레이", "소프트"]
        case "50": ["텔레콤", "미디어", "엔터", "게임즈"]
        case "55": ["전력", "도시가스"]
        case "60": ["리츠", "개발", "부동산"]
        default: ["산업"]
        }
    }

    /// A name for a stock of `sector` not in `taken` (which it is added to).
    static func make(for sector: Sector, taken: inout Set<String>, rng: inout Xoshiro256StarStar) -> String {
        let endings = suffixes(for: sector)
        for attempt in 0..<40 {
            let prefix = prefixes[rng.integer(in: 0...(prefixes.count - 1))]
            let ending = endings[rng.integer(in: 0...(endings.count - 1))]
            let name = attempt < 20 ? prefix + ending : prefix + ending + "홀딩스"
            if taken.insert(name).inserted { return name }
        }
        var k = 2
        let base = prefixes[rng.integer(in: 0...(prefixes.count - 1))] + endings[0]
        while !taken.insert(base + String(k)).inserted { k += 1 }
        return base + String(k)
    }
}
