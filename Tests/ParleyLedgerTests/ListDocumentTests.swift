import ParleyCore
import Testing

@testable import ParleyLedger

@Suite("List documents")
struct ListDocumentTests {
    /// A one-entry list whose canonical text and digests were written out by hand and hashed apart from Parley
    /// (Python's hashlib), so this test pins the document format itself.
    @Test("A one-entry document has the canonical text and digests worked out by hand")
    func pinnedDocument() throws {
        // Given
        let record = try SampleList.records()[1]
        let document = ListDocument(
            agreement: 3, list: 12, version: 1, releasing: "RU", receiving: "UA", subject: .prisonersOfWar,
            signers: [SampleList.russia, SampleList.ukraine, SampleList.mediator], frozenAt: "2025-10-01T09:30:00Z",
            entries: [record])

        // Then
        let entryDigest = "0ede7a8dcd46b200d87474dfca56a4ac3f9fc94c26d2e380e087f059691e6a16"
        #expect(
            document.canonicalForm.serialized
                == #"{"agreement":3,"entries":[{"category":"military","date_of_birth":"2001","#
                + #""entry_digest":"\#(entryDigest)","given_name":"Андрій","health":"well","position":1,"record":102,"#
                + #""reference":"RU-H-0002","sex":"male","surname":"Коваленко"}],"frozen_at":"2025-10-01T09:30:00Z","#
                + #""list":12,"receiving":"UA","releasing":"RU","signers":["official:RU","official:UA","mediator:US"],"#
                + #""subject":"prisoners_of_war","version":1}"#)
        #expect(document.entryDigests.map(\.hex) == [entryDigest])
        #expect(document.digest.hex == "cce530a1f860fb4f4d4b0db5940de729b97c7c4af237a2fb15a7b2303584e169")
    }

    @Test("The digest is SHA-256 of the canonical text, and the same each time the document is made")
    func digestIsStable() throws {
        let first = try SampleList().document
        let second = try SampleList().document
        #expect(first.digest == Digest.sha256(first.canonicalForm.utf8))
        #expect(first.digest == first.canonicalForm.digest)
        #expect(first.digest == second.digest)
        #expect(first == second)
    }

    @Test("Each entry's entry_digest is SHA-256 of the entry without it, and entries keep list order")
    func entryDigests() throws {
        let document = try SampleList().document
        guard case .object(let members) = document.canonicalForm, case .array(let entries)? = members["entries"] else {
            Issue.record("the document has no entries array")
            return
        }
        #expect(entries.count == 3)
        for (index, entry) in entries.enumerated() {
            guard case .object(var fields) = entry else {
                Issue.record("entry \(index) is not an object")
                continue
            }
            let stated = fields.removeValue(forKey: "entry_digest")
            #expect(stated == .string(CanonicalJSON.object(fields).digest.hex))
            #expect(stated == .string(document.entryDigests[index].hex))
            #expect(fields["position"] == .integer(Int64(index + 1)))
        }
        let references = entries.map { entry -> CanonicalJSON? in
            if case .object(let fields) = entry { fields["reference"] } else { nil }
        }
        #expect(references == [.string("RU-H-0001"), .string("RU-H-0002"), .string("RU-H-0003")])
    }

    @Test("A record's status is not in the document: a status change does not change the digest")
    func statusIsLeftOut() throws {
        let list = try SampleList()
        var records = list.records
        records[0].status = .held(.handedOver)
        let changed = ListDocument(
            agreement: 3, list: 12, version: 2, releasing: "RU", receiving: "UA", subject: .prisonersOfWar,
            signers: list.document.signers, frozenAt: list.document.frozenAt, entries: records)
        #expect(changed.digest == list.document.digest)
        let text = list.document.canonicalForm.serialized
        #expect(!text.contains("status"))
        #expect(!text.contains("listed"))
        #expect(!text.contains("registered"))
    }

    @Test("Only identity fields go in: not the person to inform, nor the keeping party's other notes")
    func privateFieldsAreLeftOut() throws {
        let text = try SampleList().document.canonicalForm.serialized
        for field in ["inform_name", "inform_address", "Вигадана", "synthetic", "kind", "party\""] {
            #expect(!text.contains(field), "\(field) is in the document")
        }
        for field in ["surname", "given_name", "patronymic", "date_of_birth", "place_of_birth", "rank", "service_number"] {
            #expect(text.contains("\"\(field)\""), "\(field) is missing")
        }
    }

    @Test("Changing one person's surname changes that entry's digest only, and the document's")
    func changedEntry() throws {
        let list = try SampleList()
        var records = list.records
        records[1].person.surname = "Коваленков"
        let changed = ListDocument(
            agreement: 3, list: 12, version: 2, releasing: "RU", receiving: "UA", subject: .prisonersOfWar,
            signers: list.document.signers, frozenAt: list.document.frozenAt, entries: records)
        #expect(changed.digest != list.document.digest)
        #expect(changed.entryDigests[0] == list.document.entryDigests[0])
        #expect(changed.entryDigests[1] != list.document.entryDigests[1])
        #expect(changed.entryDigests[2] == list.document.entryDigests[2])
    }

    @Test("Another version of the same entries is another digest")
    func versionCounts() throws {
        #expect(try SampleList(version: 2).document.digest != SampleList(version: 3).document.digest)
    }
}
