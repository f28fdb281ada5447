import ParleyCore

/// One approval in a bundle: who signed, with which key, and the signature over the bundle's digest.
public struct BundleSignature: Hashable, Sendable {
    /// The principal the signature claims to be from; a keyring decides whether to believe it.
    public let signer: Principal
    /// The key that made the signature.
    public let publicKey: VerifyingKey
    /// The Ed25519 signature over the 32 bytes of the digest.
    public let signature: Signature

    public init(signer: Principal, publicKey: VerifyingKey, signature: Signature) {
        self.signer = signer
        self.publicKey = publicKey
        self.signature = signature
    }

    /// `signer`'s approval of the list version named by `digest`, signed with `key`.
    public init(approving digest: Digest, as signer: Principal, with key: SigningKey) throws(SigningFailed) {
        self.init(signer: signer, publicKey: key.verifyingKey, signature: try key.sign(digest))
    }

    var canonicalForm: CanonicalJSON {
        .object([
            "signer": .string(signer.description),
            "public_key": .string(publicKey.base64),
            "signature": .string(signature.base64),
        ])
    }
}

/// A frozen list version and its approvals in one file, for the other side or the mediator to verify offline.
///
/// The file is canonical JSON text:
/// `{"format":"parley-list-bundle/1","document":{…},"digest":"<hex>","signatures":[{"signer","public_key","signature"}]}`.
/// The document is the ``ListDocument``'s canonical form, the digest is the one its signers signed.
/// ``verify(against:)`` recomputes the digest rather than trusting the stated one, and checks the
/// signatures against the stated one, so it can say both what was signed and whether the document is still it.
public struct ListBundle: Hashable, Sendable {
    /// The value of the `format` member that this version of Parley writes and reads.
    public static let format = "parley-list-bundle/1"

    /// The list document, as canonical JSON.
    public let document: CanonicalJSON
    /// The digest the bundle says the document has: the one the signatures cover.
    public let digest: Digest
    /// The approvals, in the order they were given.
    public let signatures: [BundleSignature]

    /// A bundle from its parts, as they were read; nothing is checked until ``verify(against:)``.
    public init(document: CanonicalJSON, digest: Digest, signatures: [BundleSignature]) {
        self.document = document
        self.digest = digest
        self.signatures = signatures
    }

    /// The bundle of a frozen version with the approvals given so far.
    public init(document: ListDocument, signatures: [BundleSignature]) {
        self.init(document: document.canonicalForm, digest: document.digest, signatures: signatures)
    }

    /// The text of the bundle file: canonical JSON, then a line break.
    public var text: String {
        let bundle = CanonicalJSON.object([
            Member.format: .string(Self.format),
            Member.document: document,
            Member.digest: .string(digest.hex),
            Member.signatures: .array(signatures.map(\.canonicalForm)),
        ])
        return bundle.serialized + "\n"
    }

    /// Reads a bundle file's bytes; `file` names it in errors.
    ///
    /// Any JSON layout is accepted, since the digest is of the document's canonical form, not of the file's bytes.
    /// Members other than those of the format are refused: nothing unsigned should ride along unnoticed.
    public init(parsing bytes: [UInt8], file: String) throws(BundleFileError) {
        let json: CanonicalJSON
        do {
            json = try CanonicalJSON(parsing: bytes)
        } catch {
            throw BundleFileError(file: file, problem: .notJSON(error))
        }
        let reader = MemberReader(file: file)
        let members = try reader.object(json, at: nil, allowing: Member.all)
        let format = try reader.string(members, Member.format)
        guard format == Self.format else {
            throw BundleFileError(file: file, member: Member.format, value: format, problem: .unknownFormat)
        }
        let document = try reader.required(members, Member.document)
        _ = try reader.object(document, at: Member.document, allowing: nil)
        let digestText = try reader.string(members, Member.digest)
        guard let digest = Digest(hex: digestText) else {
            throw BundleFileError(file: file, member: Member.digest, value: digestText, problem: .notADigest)
        }
        let listed = try reader.required(members, Member.signatures)
        guard case .array(let items) = listed else {
            throw BundleFileError(
                file: file, member: Member.signatures, value: listed.kindInWords, problem: .wrongType("an array"))
        }
        var signatures: [BundleSignature] = []
        for (index, item) in items.enumerated() {
            let place = "signatures[\(index)]"
            let fields = try reader.object(item, at: place, allowing: Member.signatureFields)
            let signer = try reader.string(fields, Member.signer, in: place)
            let key = try reader.string(fields, Member.publicKey, in: place)
            let signature = try reader.string(fields, Member.signature, in: place)
            guard let principal = try? Principal(parsing: signer) else {
                throw BundleFileError(
                    file: file, member: "\(place).\(Member.signer)", value: signer, problem: .notAPrincipal)
            }
            guard let publicKey = try? VerifyingKey(base64: key) else {
                throw BundleFileError(
                    file: file, member: "\(place).\(Member.publicKey)", value: key,
                    problem: .notBase64(bytes: VerifyingKey.byteCount))
            }
            guard let bytes = try? Signature(base64: signature) else {
                throw BundleFileError(
                    file: file, member: "\(place).\(Member.signature)", value: signature,
                    problem: .notBase64(bytes: Signature.byteCount))
            }
            signatures.append(BundleSignature(signer: principal, publicKey: publicKey, signature: bytes))
        }
        self.init(document: document, digest: digest, signatures: signatures)
    }

    /// The names of the bundle's members.
    enum Member {
        static let format = "format"
        static let document = "document"
        static let digest = "digest"
        static let signatures = "signatures"
        static let signer = "signer"
        static let publicKey = "public_key"
        static let signature = "signature"
        static let all: Set<String> = [format, document, digest, signatures]
        static let signatureFields: Set<String> = [signer, publicKey, signature]
    }
}

/// Reads the members of a bundle's JSON, throwing errors that name the file and the member.
private struct MemberReader {
    typealias Members = [String: CanonicalJSON]

    let file: String

    /// The members of `value`, which must be an object holding no member outside `allowed` (when given).
    func object(_ value: CanonicalJSON, at place: String?, allowing allowed: Set<String>?) throws(BundleFileError) -> Members {
        guard case .object(let members) = value else {
            throw BundleFileError(file: file, member: place, value: value.kindInWords, problem: .wrongType("an object"))
        }
        if let allowed, let extra = members.keys.filter({ !allowed.contains($0) }).sorted().first {
            let name = place.map { "\($0).\(extra)" } ?? extra
            throw BundleFileError(file: file, member: name, problem: .unexpectedMember)
        }
        return members
    }

    func required(_ members: Members, _ name: String, in place: String? = nil) throws(BundleFileError) -> CanonicalJSON {
        guard let value = members[name] else {
            throw BundleFileError(file: file, member: qualified(name, in: place), problem: .missingMember)
        }
        return value
    }

    func string(_ members: Members, _ name: String, in place: String? = nil) throws(BundleFileError) -> String {
        let value = try required(members, name, in: place)
        guard case .string(let text) = value else {
            throw BundleFileError(
                file: file, member: qualified(name, in: place), value: value.kindInWords, problem: .wrongType("a string"))
        }
        return text
    }

    private func qualified(_ name: String, in place: String?) -> String {
        place.map { "\($0).\(name)" } ?? name
    }
}

/// A bundle file that cannot be read, and where.
public struct BundleFileError: ParleyError, Hashable {
    /// What was wrong.
    public enum Problem: Hashable, Sendable {
        /// The file is not JSON; the parse error gives the byte offset.
        case notJSON(CanonicalJSON.ParseError)
        /// A member of the format is absent.
        case missingMember
        /// A member the format does not have.
        case unexpectedMember
        /// A value of the wrong JSON type; the associated text says what was expected.
        case wrongType(String)
        /// A `format` other than ``ListBundle/format``.
        case unknownFormat
        /// A `digest` that is not 64 hexadecimal characters.
        case notADigest
        /// A `signer` that is not a principal.
        case notAPrincipal
        /// A key or signature that is not the base64 of the right number of bytes.
        case notBase64(bytes: Int)

        var code: String {
            switch self {
            case .notJSON: "not-json"
            case .missingMember: "missing-member"
            case .unexpectedMember: "unexpected-member"
            case .wrongType: "wrong-type"
            case .unknownFormat: "unknown-format"
            case .notADigest: "invalid-digest"
            case .notAPrincipal: "invalid-signer"
            case .notBase64: "invalid-base64"
            }
        }
    }

    /// The file's name as the person gave it.
    public let file: String
    /// Where in the JSON, such as `digest` or `signatures[1].public_key` (counted from 0, as JSON paths are); `nil`
    /// for the file as a whole.
    public let member: String?
    /// The value found, or its JSON type when that was wrong.
    public let value: String?
    public let problem: Problem

    public init(file: String, member: String? = nil, value: String? = nil, problem: Problem) {
        self.file = file
        self.member = member
        self.value = value
        self.problem = problem
    }

    public var code: String { "bundle.\(problem.code)" }

    public var message: String {
        let place = member.map { "\(file): \($0)" } ?? file
        switch problem {
        case .notJSON(let error): return "\(file): not JSON: at byte \(error.offset), \(error.detail)"
        case .missingMember: return "\(place): missing"
        case .unexpectedMember: return "\(place): not a member of \(ListBundle.format)"
        case .wrongType(let expected): return "\(place): \(value ?? "a value") where \(expected) belongs"
        case .unknownFormat: return "\(place): \(quotedValue(value ?? "")): not \(ListBundle.format)"
        case .notADigest: return "\(place): \(quotedValue(value ?? "")): not a SHA-256 digest in 64 hexadecimal characters"
        case .notAPrincipal: return "\(place): \(quotedValue(value ?? "")): not a signer such as official:UA"
        case .notBase64(let bytes): return "\(place): \(quotedValue(value ?? "")): not \(bytes) bytes of base64"
        }
    }

    public var remedy: String {
        switch problem {
        case .unknownFormat:
            "This version of Parley reads \(ListBundle.format) bundles; check that the file is a Parley list bundle"
        default:
            "Ask the sender for the bundle file as Parley exported it, unchanged; a bundle is not edited by hand"
        }
    }
}
