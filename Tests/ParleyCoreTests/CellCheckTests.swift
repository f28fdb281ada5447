import PropertyBased
import Testing

@testable import ParleyCore

@Suite("Cells are checked eight bytes at a time")
struct CellCheckTests {
    /// Text with controls, DEL and the C1 range among letters of both scripts, anywhere in its eight-byte words.
    static let cells = Gen<UInt8>.value().array(of: 0...30).map { picks in
        String(
            picks.map { pick -> String in
                ["a", "ж", "\t", "\u{1}", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "é", " ", "\u{2003}", "\u{1680}", "Z"][
                    Int(pick) % 13]
            }.joined())
    }

    @Test("a control character is found wherever it stands, and white space only is blank")
    func controlsAndBlanks() async {
        await propertyCheck(count: 2000, input: Self.cells) { text in
            let byByte: Bool = {
                var afterC2 = false
                for byte in text.utf8 {
                    if (byte < 0x20 && byte != 0x09) || byte == 0x7F || (afterC2 && byte < 0xA0) { return true }
                    afterC2 = byte == 0xC2
                }
                return false
            }()
            #expect((RegistryFileReader.textProblem(text) != nil) == byByte)
            #expect(RegistryFileReader.isBlank(text) == text.unicodeScalars.allSatisfy(\.properties.isWhitespace))
        }
    }
}
