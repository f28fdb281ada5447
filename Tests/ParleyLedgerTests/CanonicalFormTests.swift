import ParleyCore
import ParleyLedger
import PropertyBased
import Testing

@Suite("Canonical forms of the things the journal tracks")
struct CanonicalFormTests {
    @Test("a record's fast digest is the digest of its canonical form, absent fields left out")
    func recordDigest() throws {
        let person = PersonDetails(
            surname: "Григор'єв", givenName: "Олександр", patronymic: nil, sex: .male,
            dateOfBirth: try PartialDate(parsing: "1994-03"), placeOfBirth: "Дніпро", serviceNumber: "ВК123456",
            category: .military, health: .seriouslyWounded)
        let record = RegistryRecord(
            id: 7, party: "UA", reference: "UA-S-1", person: person, status: .sought(.open), isSynthetic: true)
        #expect(record.stateDigest == record.canonicalForm.digest)
        #expect(
            record.canonicalForm.serialized
                == #"{"category":"military","date_of_birth":"1994-03","given_name":"Олександр","health":"seriously_wounded","#
                + #""id":7,"kind":"sought","party":"UA","place_of_birth":"Дніпро","reference":"UA-S-1","service_number":"ВК123456","#
                + #""sex":"male","status":"open","surname":"Григор'єв","synthetic":true}"#)
        var moved = record
        moved.status = .sought(.located)
        #expect(moved.stateDigest != record.stateDigest)
        #expect(record.journalSubject == "record:7")
    }

    /// Names that are mostly plain, with quotes, backslashes and controls anywhere among them, and of
    /// every length around the eight bytes the fast writer checks at a time.
    static let names = Gen<UInt8>.value().array(of: 0...24).map { bytes in
        String(
            decoding: bytes.map { byte -> UInt8 in
                switch byte % 6 {
                case 0: [0x22, 0x5C, 0x0A, 0x01][Int(byte / 6) % 4]
                default: 0x20 + byte % 0x5F
                }
            }, as: UTF8.self)
    }

    @Test("a record's fast digest is that of its canonical form when its text needs escaping, wherever")
    func escapedRecordDigest() async {
        await propertyCheck(count: 300, input: Self.names, Self.names) { surname, place in
            let person = PersonDetails(
                surname: surname, givenName: "Олександр", patronymic: nil, sex: .male, dateOfBirth: nil,
                placeOfBirth: place, serviceNumber: nil, category: .military, health: .well)
            let record = RegistryRecord(
                id: 7, party: "UA", reference: "UA-S-1", person: person, status: .sought(.open), isSynthetic: false)
            #expect(record.stateDigest == record.canonicalForm.digest)
        }
    }
}
