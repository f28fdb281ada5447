import Foundation
import ParleyCore
import ParleyLedger
import ParleyStore
import PropertyBased
import Testing

@Suite("Verification reads every row as it was written")
struct VerificationTests {
    /// Text a registry cell may hold: letters of both scripts, quotes, backslashes and tabs, long enough
    /// that they fall anywhere in the eight-byte words the verifier scans.
    static let cells = Gen<UInt8>.value().array(of: 1...40).map { picks in
        let pieces = ["а", "Ї", "b", " ", "\"", "\\", "\t", "'", "ґ", "Z", "€", "😀"]
        return "X" + picks.map { pieces[Int($0) % pieces.count] }.joined()
    }

    /// A CSV field, quoted, with its quotes doubled.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    @Test("records imported with any text a cell may hold verify against the digests journaled for them")
    func anyText() async {
        await propertyCheck(count: 40, input: Self.cells, Self.cells, Gen.bool) { surname, unit, synthetic in
            let database = try StoreFixture.database()
            let csv =
                "id,surname,unit,place_of_birth,synthetic\n"
                + "UA-H-1,\(Self.quoted(surname)),\(Self.quoted(unit)),,\(synthetic ? "yes" : "no")\n"
                + "UA-H-2,\(Self.quoted(unit)),,\(Self.quoted(surname)),\n"
            let outcome = try database.importRegistry(
                file: "a.csv", bytes: Array(csv.utf8), party: "UA", kind: .held, as: StoreFixture.ukraine)
            #expect(outcome.added == 2)
            let report = try database.verifyJournal(as: StoreFixture.admin)
            #expect(report.problem == nil)
            #expect(report.subjectsChecked == 5 + 1 + 2)
        }
    }
}
