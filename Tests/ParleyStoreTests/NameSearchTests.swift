import Foundation
import GRDB
import ParleyCore
import ParleyLedger
import Testing

@testable import ParleyStore

@Suite("The registry search finds a name in any script or form")
struct NameSearchTests {
    @Test(
        "Oleksandr finds Олександр and Александр; a surname in Latin finds it in Cyrillic; a reference whole, in any case")
    func crossScript() throws {
        let database = try StoreFixture.database()
        for (party, text) in [
            (
                "UA",
                "id,surname,given_name,patronymic,synthetic\nUA-H-1,Ткаченко,Олександр,Іванович,yes\nUA-H-2,Бондар,Марія,,yes\n"
            ),
            (
                "RU",
                "id,surname,given_name,patronymic,synthetic\nRU-H-1,Ткаченко,Александр,Иванович,yes\nRU-H-2,SHEVCHENKO,OLEKSANDR,,yes\n"
            ),
        ] {
            _ = try database.importRegistry(
                file: "\(party).csv", bytes: Array(text.utf8), party: Party.Code(rawValue: party), kind: .held,
                as: Principal(.official, for: Party.Code(rawValue: party)))
        }
        func found(_ text: String) throws -> Set<String> {
            Set(try database.records(RecordQuery(text: text), as: StoreFixture.observer).records.map(\.reference))
        }
        #expect(try found("Oleksandr") == ["UA-H-1", "RU-H-1", "RU-H-2"])
        #expect(try found("Александр") == ["UA-H-1", "RU-H-1", "RU-H-2"])
        #expect(try found("Шевченко") == ["RU-H-2"])
        #expect(try found("Tkachenko Oleksandr") == ["UA-H-1", "RU-H-1"])
        #expect(try found("Tkachenko Oleks") == ["UA-H-1"])
        #expect(try found("Ivanovych") == ["UA-H-1", "RU-H-1"])
        #expect(try found("марія") == ["UA-H-2"])
        #expect(try found("ua-h-2") == ["UA-H-2"])
        #expect(try found("RU-H-1") == ["RU-H-1"])
        // A reference is found whole, through the registry's index, never by a scan for a fragment
        #expect(try found("-h-2").isEmpty)
        #expect(try found("RU-H").isEmpty)
        #expect(try found("Петренко").isEmpty)
    }
}
