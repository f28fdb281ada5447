import Foundation
import ParleyCore
import Testing

@testable import ParleyLedger

@Suite("List bundles: verification")
struct ListBundleVerificationTests {
    @Test("A bundle signed by both parties' officials and the mediator, with trusted keys, is valid")
    func validBundle() throws {
        // Given
        let list = try SampleList()
        let bundle = try list.bundle()

        // When
        let report = bundle.verify(against: list.keyring)

        // Then
        #expect(report.problems == [])
        #expect(report.isValid)
        #expect(report.list == 12)
        #expect(report.version == 2)
        #expect(report.agreement == 3)
        #expect(report.releasing == "RU")
        #expect(report.receiving == "UA")
        #expect(report.subject == "prisoners_of_war")
        #expect(report.entryCount == 3)
        #expect(report.requiredSigners == [SampleList.russia, SampleList.ukraine, SampleList.mediator])
        #expect(report.verifiedSignatures.map(\.signer) == [SampleList.russia, SampleList.ukraine, SampleList.mediator])
        #expect(report.statedDigest == list.document.digest)
        #expect(report.recomputedDigest == list.document.digest)
        #expect(report.description.contains("signatures valid over it: official:RU, official:UA, mediator:US"))
    }

    @Test("A bundle read from its file verifies as the one written")
    func validAfterReading() throws {
        let list = try SampleList()
        let read = try ListBundle(parsing: Array(try list.bundle().text.utf8), file: "list-12-v2.bundle")
        #expect(read.verify(against: list.keyring).isValid)
    }

    @Test("A surname changed in the file is named by its entry's position, record and reference")
    func changedEntry() throws {
        // Given
        let list = try SampleList()
        let text = try list.bundle().text.replacingOccurrences(of: "Коваленко", with: "Коваленков")
        let bundle = try ListBundle(parsing: Array(text.utf8), file: "list-12-v2.bundle")

        // When
        let report = bundle.verify(against: list.keyring)

        // Then
        let entry = BundleEntry(position: 2, record: 102, reference: "RU-H-0002")
        #expect(
            report.problems == [
                .digestMismatch(stated: list.document.digest, recomputed: bundle.document.digest),
                .entryChanged(entry),
            ])
        #expect(!report.isValid)
        #expect(
            BundleProblem.entryChanged(entry).message
                == "entry 2 (record 102, reference RU-H-0002) does not hash to its entry_digest: "
                + "its content was changed after the list was frozen")
        // The signatures still hold over the stated digest; the document no longer hashes to it.
        #expect(report.verifiedSignatures.count == 3)
        #expect(report.description.contains("signatures valid over it: official:RU, official:UA, mediator:US"))
        #expect(report.description.contains("not to \(list.document.digest), the digest the bundle states"))
    }

    @Test("An entry changed together with its entry_digest is caught by the document's digest, without a name")
    func rewrittenEntryDigest() throws {
        // Given
        let list = try SampleList()
        var records = list.records
        records[2].person.givenName = "Олена"
        let forged = ListDocument(
            agreement: 3, list: 12, version: 2, releasing: "RU", receiving: "UA", subject: .prisonersOfWar,
            signers: list.document.signers, frozenAt: list.document.frozenAt, entries: records)
        let bundle = ListBundle(
            document: forged.canonicalForm, digest: list.document.digest, signatures: try list.approvals())

        // When
        let report = bundle.verify(against: list.keyring)

        // Then
        #expect(
            report.problems == [
                .digestMismatch(stated: list.document.digest, recomputed: forged.digest), .changeNotLocated,
            ])
        #expect(report.verifiedSignatures.count == 3)
    }

    @Test("A changed header is caught by the document's digest")
    func changedHeader() throws {
        let list = try SampleList()
        let bundle = try list.bundle()
        let document = try replacing("version", with: .integer(3), in: bundle.document)
        let report = ListBundle(document: document, digest: bundle.digest, signatures: bundle.signatures)
            .verify(against: list.keyring)
        #expect(report.version == 3)
        #expect(report.problems == [.digestMismatch(stated: bundle.digest, recomputed: document.digest), .changeNotLocated])
    }

    @Test("Entries swapped whole, with their digests, are named by their places")
    func swappedEntries() throws {
        let list = try SampleList()
        let bundle = try list.bundle()
        guard case .object(let members) = bundle.document, case .array(let entries)? = members["entries"] else {
            Issue.record("the document has no entries")
            return
        }
        let swapped = try replacing("entries", with: .array([entries[1], entries[0], entries[2]]), in: bundle.document)
        let report = ListBundle(document: swapped, digest: bundle.digest, signatures: bundle.signatures)
            .verify(against: list.keyring)
        #expect(
            report.problems == [
                .digestMismatch(stated: bundle.digest, recomputed: swapped.digest),
                .entryOutOfPlace(BundleEntry(position: 2, record: 102, reference: "RU-H-0002"), place: 1),
                .entryOutOfPlace(BundleEntry(position: 1, record: 101, reference: "RU-H-0001"), place: 2),
            ])
    }

    @Test("A required signer who has not signed is named")
    func missingSignature() throws {
        let list = try SampleList()
        let approvals = try list.approvals().filter { $0.signer != SampleList.ukraine }
        let report = ListBundle(document: list.document, signatures: approvals).verify(against: list.keyring)
        #expect(report.problems == [.missingSignature(SampleList.ukraine)])
        #expect(report.problems.first?.message == "official:UA, whose approval the document requires, has not signed")
        #expect(report.verifiedSignatures.count == 2)
    }

    @Test("A signature by a key the keyring does not hold names the signer and the key")
    func foreignKey() throws {
        // Given: someone signs as official:UA with a key of their own
        let list = try SampleList()
        let foreign = try SampleList.key(9)
        var approvals = try list.approvals().filter { $0.signer != SampleList.ukraine }
        approvals.append(try BundleSignature(approving: list.document.digest, as: SampleList.ukraine, with: foreign))

        // When
        let report = ListBundle(document: list.document, signatures: approvals).verify(against: list.keyring)

        // Then
        #expect(report.problems == [.unknownKey(signer: SampleList.ukraine, key: foreign.verifyingKey)])
        #expect(
            report.problems.first?.message
                == "the signature of official:UA is by key \(foreign.verifyingKey.base64), which the keyring does not hold")
        #expect(!report.isValid)
    }

    @Test("A signature claimed for one signer with another signer's key is refused")
    func keyOfAnotherSigner() throws {
        let list = try SampleList()
        var approvals = try list.approvals().filter { $0.signer != SampleList.ukraine }
        approvals.append(try BundleSignature(approving: list.document.digest, as: SampleList.ukraine, with: list.ru.key))
        let report = ListBundle(document: list.document, signatures: approvals).verify(against: list.keyring)
        #expect(
            report.problems == [
                .keyOfAnotherSigner(signer: SampleList.ukraine, key: list.ru.key.verifyingKey, owner: SampleList.russia)
            ])
    }

    @Test("A signature over another version's digest does not verify over this one")
    func signatureOverAnotherDigest() throws {
        // Given: official:UA's signature over version 1, put in version 2's bundle
        let list = try SampleList()
        let earlier = try SampleList(version: 1).document.digest
        var approvals = try list.approvals().filter { $0.signer != SampleList.ukraine }
        approvals.append(try BundleSignature(approving: earlier, as: SampleList.ukraine, with: list.ua.key))

        // When
        let report = ListBundle(document: list.document, signatures: approvals).verify(against: list.keyring)

        // Then
        let problem = BundleProblem.invalidSignature(
            signer: SampleList.ukraine, key: list.ua.key.verifyingKey, digest: list.document.digest)
        #expect(report.problems == [problem])
        #expect(report.verifiedSignatures.map(\.signer) == [SampleList.russia, SampleList.mediator])
    }

    @Test("A signature by someone the document does not name is reported")
    func unexpectedSigner() throws {
        let list = try SampleList()
        let observer = SigningKeyFile(signer: Principal(.observer, for: "ICRC"), key: try SampleList.key(4))
        let keyring = Keyring(entries: list.keyring.entries + [observer.keyringEntry])
        let approvals =
            try list.approvals() + [BundleSignature(approving: list.document.digest, as: observer.signer, with: observer.key)]
        let report = ListBundle(document: list.document, signatures: approvals).verify(against: keyring)
        #expect(report.problems == [.unexpectedSigner(observer.signer)])
    }

    @Test("Two signatures by one signer are reported once, with their count")
    func duplicateSignatures() throws {
        let list = try SampleList()
        let approvals = try list.approvals() + [list.approvals()[1]]
        let report = ListBundle(document: list.document, signatures: approvals).verify(against: list.keyring)
        #expect(report.problems == [.duplicateSignatures(SampleList.ukraine, count: 2)])
    }

    @Test("A document whose members cannot be read says which, and the rest of the report still stands")
    func malformedDocument() throws {
        let list = try SampleList()
        let bundle = try list.bundle()
        let document = try replacing("signers", with: .array([]), in: replacing("list", with: nil, in: bundle.document))
        let report = ListBundle(document: document, digest: bundle.digest, signatures: bundle.signatures)
            .verify(against: list.keyring)
        #expect(report.list == nil)
        #expect(report.requiredSigners.isEmpty)
        #expect(
            report.problems == [
                .digestMismatch(stated: bundle.digest, recomputed: document.digest),
                .malformedDocument(member: "list", expected: "an integer", found: "missing"),
                .malformedDocument(member: "signers", expected: "an array of signers", found: "an empty array"),
                .changeNotLocated,
            ])
    }

    @Test("Every problem has a stable code, a message and a remedy")
    func problemsExplainThemselves() throws {
        let key = try SampleList.key(5).verifyingKey
        let entry = BundleEntry(position: 1, record: nil, reference: "RU-H-1")
        let problems: [BundleProblem] = [
            .malformedDocument(member: "list", expected: "an integer", found: "missing"),
            .digestMismatch(stated: .zero, recomputed: .zero), .entryChanged(entry), .entryWithoutDigest(entry),
            .entryOutOfPlace(entry, place: 2), .changeNotLocated, .missingSignature(SampleList.ukraine),
            .unknownKey(signer: SampleList.ukraine, key: key),
            .keyOfAnotherSigner(signer: SampleList.ukraine, key: key, owner: SampleList.russia),
            .invalidSignature(signer: SampleList.ukraine, key: key, digest: .zero),
            .unexpectedSigner(SampleList.mediator), .duplicateSignatures(SampleList.russia, count: 2),
        ]
        #expect(Set(problems.map(\.code)).count == problems.count)
        for problem in problems {
            #expect(problem.code.hasPrefix("bundle."))
            #expect(!problem.message.isEmpty)
            #expect(!problem.remedy.isEmpty)
        }
        #expect(entry.description == "entry 1 (reference RU-H-1)")
    }
}
