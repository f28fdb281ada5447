import Foundation
import ParleyCore
import ParleyLedger
import Testing

/// What crosses between nodes is signed, addressed and self-describing; anything forged, changed,
/// misaddressed or from a stranger is refused before a byte of it is used.
@Suite("Transmissions and receipts are signed, addressed and checked")
struct TransmissionTests {
    static let ukraine = Node(code: "UA", kind: .party, speaksFor: ["UA"])
    static let hub = Node(code: "ICRC", kind: .hub, speaksFor: ["ICRC", "US"])

    struct Peer {
        let identity: NodeIdentity
        let key: SigningKey

        init(_ node: Node) throws {
            key = SigningKey()
            identity = try NodeIdentity(
                node: node, key: NoteKey(name: NodeIdentity.keyName(of: node.code), type: .ed25519, publicKey: key.verifyingKey),
                recipient: AgeIdentity().recipient)
        }
    }

    static func transmission(sequence: Int64 = 1, recipient: Party.Code = "ICRC") -> Transmission {
        Transmission(
            sender: "UA", recipient: recipient, sequence: sequence, kind: .records, createdAt: "2026-02-05T10:00:00Z",
            payload: .object(["records": .array([.object(["reference": .string("UA-H-1"), "surname": .string("Петренко")])])]),
            digests: [Digest.sha256(Array("state".utf8))])
    }

    @Test("a signed transmission reads back whole, from the sender it names, for the node it names")
    func roundTrip() throws {
        // Given UA's node and a transmission it signed for the hub
        let ukraine = try Peer(Self.ukraine)
        let signed = try Self.transmission().signed(with: ukraine.key)
        // When the hub reads it, knowing UA's key
        let read = try SignedTransmission(parsing: signed.serialized, to: "ICRC") { $0 == "UA" ? ukraine.identity.key : nil }
        // Then it is the same transmission, and its digest is that of the signed text
        #expect(read.transmission == Self.transmission())
        #expect(read.digest == signed.digest)
        #expect(signed.serialized.hasPrefix(Transmission.header + "\n{"))
    }

    @Test("changed in one character, from an unknown node, signed by another key, or misaddressed: refused")
    func refusals() throws {
        let ukraine = try Peer(Self.ukraine)
        let impostor = try Peer(Self.ukraine)
        let signed = try Self.transmission().signed(with: ukraine.key)
        let peers: (Party.Code) -> NoteKey? = { $0 == "UA" ? ukraine.identity.key : nil }
        // One character of a name changed on the way
        let changed = signed.serialized.replacingOccurrences(of: "Петренко", with: "Петренкo")
        #expect(throws: TransmissionError.self) { try SignedTransmission(parsing: changed, to: "ICRC", peerKey: peers) }
        // From a node nobody registered
        #expect(throws: TransmissionError.unknownSender("UA")) {
            try SignedTransmission(parsing: signed.serialized, to: "ICRC") { _ in nil }
        }
        // Signed by another key under UA's name
        let forged = try Self.transmission().signed(with: impostor.key)
        let refusal = #expect(throws: TransmissionError.self) {
            try SignedTransmission(parsing: forged.serialized, to: "ICRC", peerKey: peers)
        }
        #expect(refusal?.code == "transmission.unsigned")
        // Addressed to another node
        #expect(throws: TransmissionError.notForThisNode(recipient: "ICRC", this: "RU")) {
            try SignedTransmission(parsing: signed.serialized, to: "RU", peerKey: peers)
        }
        // Cut short
        #expect(throws: TransmissionError.self) {
            try SignedTransmission(parsing: String(signed.serialized.dropLast(30)), to: "ICRC", peerKey: peers)
        }
    }

    @Test("a transmission's text must be the canonical form: one way to write one transmission")
    func canonicalOnly() throws {
        let ukraine = try Peer(Self.ukraine)
        let text = Self.transmission().text.replacingOccurrences(of: "{\"created_at\"", with: "{ \"created_at\"")
        let note = try SignedNote(text: text, signatures: [ukraine.key.noteSignature(of: text, name: "parley/UA")])
        let refusal = #expect(throws: TransmissionError.self) {
            try SignedTransmission(parsing: note.serialized, to: "ICRC") { _ in ukraine.identity.key }
        }
        #expect(refusal?.code == "transmission.malformed")
    }

    @Test("a receipt names the transmission and the receiver's journal size, signed by the receiver")
    func receipt() throws {
        let hub = try Peer(Self.hub)
        let ukraine = try Peer(Self.ukraine)
        let signed = try Self.transmission().signed(with: ukraine.key)
        let receipt = Receipt(
            receiver: "ICRC", sender: "UA", sequence: 1, transmission: signed.digest, journalSize: 1_042,
            receivedAt: "2026-02-05T10:00:01Z")
        let note = try receipt.signed(with: hub.key)
        #expect(try Receipt(parsing: note.serialized) { $0 == "ICRC" ? hub.identity.key : nil } == receipt)
        // A receipt UA forged in the hub's name is refused
        let forged = try receipt.signed(with: ukraine.key)
        #expect(throws: TransmissionError.self) {
            try Receipt(parsing: forged.serialized) { $0 == "ICRC" ? hub.identity.key : nil }
        }
    }

    @Test("a record read from its canonical form is the record, and its digest the form's; a damaged form says which field")
    func recordForm() throws {
        // Given a record with every field, and one with only those required
        let full = RegistryRecord(
            id: 17, party: "UA", reference: "UA-H-17",
            person: PersonDetails(
                surname: "Петренко", givenName: "Іван", patronymic: "Васильович", sex: .male,
                dateOfBirth: try PartialDate(parsing: "1994-03"), placeOfBirth: "Харків", rank: "солдат", serviceNumber: "0042",
                armedForce: "ЗСУ", unit: "92", dependsOn: "\"Квадрат\"", fatherName: "Василь", motherMaidenName: "Коваль",
                informName: "Марія", informAddress: "Київ", category: .military, health: .wounded,
                capturedOn: try PartialDate(parsing: "2024"), capturedAt: "Бахмут", internedAt: "Таганрог"),
            status: .held(.listed), isSynthetic: true)
        let bare = RegistryRecord(
            id: 3, party: "RU", reference: "R", person: PersonDetails(surname: "X"), status: .sought(.open))
        for record in [full, bare] {
            let read = try RegistryRecord(canonical: record.canonicalForm)
            #expect(read == record)
            #expect(read.stateDigest == record.canonicalForm.digest)
        }
        // A form with a member no record has, or a status of another kind, is refused naming the field
        guard case .object(var members) = full.canonicalForm else { return }
        members["nickname"] = .string("Ваня")
        let unknown = #expect(throws: FormError.self) { try RegistryRecord(canonical: .object(members)) }
        #expect(unknown?.field == "nickname")
        members["nickname"] = nil
        members["status"] = .string("open")
        let refusal = #expect(throws: FormError.self) { try RegistryRecord(canonical: .object(members)) }
        #expect(refusal?.field == "status")
    }

    @Test("a node's identity is one line that reads back as written, and a damaged one says which field")
    func identityLine() throws {
        let hub = try Peer(Self.hub)
        let line = hub.identity.line
        #expect(line.hasPrefix("parley-node/1 ICRC hub ICRC,US parley/ICRC+"))
        #expect(try NodeIdentity(line: line) == hub.identity)
        #expect(throws: NodeIdentityError.self) { try NodeIdentity(line: line.replacingOccurrences(of: " hub ", with: " pub ")) }
        #expect(throws: NodeIdentityError.self) { try NodeIdentity(line: String(line.dropLast(3))) }
        // A key named for another node is refused
        let other = try Peer(Self.ukraine)
        #expect(throws: NodeIdentityError.keyNameMismatch(key: "parley/UA", expected: "parley/ICRC")) {
            try NodeIdentity(node: Self.hub, key: other.identity.key, recipient: other.identity.recipient)
        }
    }
}
