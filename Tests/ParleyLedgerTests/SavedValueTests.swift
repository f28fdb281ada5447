import Foundation
import ParleyCore
import ParleyLedger
import Testing

/// A round, agreement or exchange gets its id only when saved, and everything that names it uses that id.
@Suite("A saved value carries the id the store gave it")
struct SavedValueTests {
    static func round() throws -> Round {
        try Round(
            venueCity: "Abu Dhabi", venueCountry: "AE", host: "AE", mediators: ["US"], parties: ["UA", "RU"],
            startsOn: PartialDate(parsing: "2026-02-04"), endsOn: PartialDate(parsing: "2026-02-05"))
    }

    @Test("its journal subject and canonical form name its id")
    func journalSubject() throws {
        // Given a round saved as 7
        let saved = Saved(id: 7, try Self.round())
        // Then the journal names it round:7 and its state holds the id beside the round's fields
        #expect(saved.journalSubject == "round:7")
        guard case .object(let fields) = saved.canonicalForm else {
            Issue.record("a round's canonical form is an object")
            return
        }
        #expect(fields["id"] == .integer(7))
        #expect(fields["venue_city"] == .string("Abu Dhabi"))
    }

    @Test("its JSON is the value's with the id beside it")
    func encodesFlat() throws {
        // Given a saved round
        let saved = Saved(id: 7, try Self.round())
        // When it is encoded as the CLI and the API encode it
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(saved)) as? [String: Any]
        // Then it is one object: the id and every field of the round
        #expect(object?["id"] as? Int == 7)
        #expect(object?["venueCity"] as? String == "Abu Dhabi")
        #expect(
            Set(object?.keys.map { $0 } ?? []) == [
                "id", "venueCity", "venueCountry", "host", "mediators", "parties", "startsOn", "endsOn",
            ])
    }

    @Test("its properties read and write through to the value")
    func readsThrough() throws {
        // Given a saved agreement whose number was announced without a basis
        var saved = Saved(
            id: 3,
            try Agreement(
                round: 1, subject: .prisonersOfWar, quantity: Quantity(count: 314, basis: .unspecified), wording: "314"))
        #expect(saved.blocksFreezing)
        // When its basis is settled through the saved value
        saved.quantity = try saved.quantity?.settled(as: .total)
        // Then the value changed and the id did not
        #expect(saved.value.quota(for: "UA") == .count(157))
        #expect(saved.id == 3)
    }
}
