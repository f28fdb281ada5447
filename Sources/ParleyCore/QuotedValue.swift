/// A value as an error message quotes it: whole when short, else its start and its length.
///
/// A bad cell can be a whole pasted file; an answer that echoes it whole is as large as the upload.
/// Every message that quotes a value from a file or a form goes through ``shortened(_:maximumLength:)``.
public enum QuotedValue {
    /// The most characters of a value a message quotes.
    public static let maximumLength = 100

    /// The value itself when it has at most `maximumLength` characters; else its first
    /// `maximumLength` characters, an ellipsis and its length, as `Шевченко…` + ` (2,000,000 characters)`.
    public static func shortened(_ value: String, maximumLength: Int = maximumLength) -> String {
        // A character takes at least one byte, so a value of few bytes has few characters.
        guard value.utf8.count > maximumLength,
            let end = value.index(value.startIndex, offsetBy: maximumLength, limitedBy: value.endIndex),
            end != value.endIndex
        else { return value }
        return "\(value[..<end])… (\(grouped(value.count)) characters)"
    }

    /// A count with commas between groups of three digits, as `2,000,000`.
    static func grouped(_ count: Int) -> String {
        var digits = Array(String(count))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }
}
