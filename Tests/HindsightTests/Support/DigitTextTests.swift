import Foundation
import Testing
@testable import Hindsight

/// Numbers padded with zeros read exactly as `String(format:)` writes them, and the
/// zone offsets and dates written with them.
@Suite struct DigitTextTests {
    @Test func paddedAsStringFormatPadsThem() {
        let values = [0, 1, 7, 9, 10, 42, 99, 100, 999, 1000, 2026, 12345, -1, -7, -42, -999, Int.max, Int.min + 1]
        for value in values {
            for width in 0...6 {
                #expect(DigitText.padded(value, width: width) == String(format: "%0\(width)ld", value), "\(value), \(width)")
            }
        }
    }

    @Test func zoneOffsetsAndDates() {
        #expect(ZoneNames.formatOffset(0) == "UTC")
        #expect(ZoneNames.formatOffset(60) == "+01:00")
        #expect(ZoneNames.formatOffset(-420) == "-07:00")
        #expect(ZoneNames.formatOffset(330) == "+05:30")
        #expect(ZoneNames.formatOffset(-570) == "-09:30")
        #expect(ZoneNames.formatOffset(14 * 60) == "+14:00")
        #expect(TimelineResolver.describe(WrittenDate(year: 2026, month: 3, day: 4)) == "2026-03-04")
        #expect(TimelineResolver.describe(WrittenDate(year: nil, month: 12, day: 31)) == "12-31")
    }
}
