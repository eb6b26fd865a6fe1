/// Whole numbers written with leading zeros, as `String(format: "%0*d")` writes them,
/// without going through Foundation's formatting (which looks up the arguments'
/// conformances at run time, a noticeable part of a short command's start).
enum DigitText {
    /// `value` in decimal, with zeros in front up to `width` characters (the minus sign
    /// of a negative value counted among them).
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let zeros = max(0, width - sign.count - digits.count)
        return sign + String(repeating: "0", count: zeros) + digits
    }
}
