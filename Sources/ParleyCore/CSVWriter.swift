/// Writes CSV (RFC 4180) that ``CSVReader`` and spreadsheets read back unchanged.
public enum CSVWriter {
    /// A field, quoted when it holds a comma, a quote or a line break.
    public static func field(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D })
        else { return value }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }

    /// A line of fields, ended by a line break.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }
}
