import ParleyCore

/// What one node hands another on a file, between networks that never touch: the transmissions waiting
/// for it and the receipts for what it sent, encrypted to the recipient's age key, so that a lost file
/// shows a thief nothing and the standard `age` tool can open it with the recipient's identity file.
///
/// The same file, sent as the body of a request of the federation API and of its answer, is how nodes
/// exchange online: one format and one set of checks for both ways.
///
/// The plaintext is a header line, then each item as a line naming its kind and its length in bytes,
/// and the item: a signed note, or for a refusal one line of canonical JSON:
///
///     parley-carry/1 UA ICRC
///     transmission 5120
///     parley-transmission/1
///     …
///     receipt 402
///     parley-receipt/1
///     …
///     refusal 230
///     {"code":"transmission.digest-mismatch","item":"…","message":"…","remedy":"…"}
public struct CarryFile: Hashable, Sendable {
    public static let header = "parley-carry/1"

    public let from: Party.Code
    public let to: Party.Code
    /// Signed transmissions, in order of sequence.
    public let transmissions: [String]
    /// Signed receipts for transmissions the recipient sent.
    public let receipts: [String]
    /// Why items the recipient sent were refused: in the answer to a request of the federation API.
    public let refusals: [CarriedRefusal]

    public init(
        from: Party.Code, to: Party.Code, transmissions: [String], receipts: [String], refusals: [CarriedRefusal] = []
    ) {
        self.from = from
        self.to = to
        self.transmissions = transmissions
        self.receipts = receipts
        self.refusals = refusals
    }

    /// The plaintext, before encryption.
    public var plaintext: [UInt8] {
        var bytes = Array("\(Self.header) \(from.rawValue) \(to.rawValue)\n".utf8)
        let refusalLines = refusals.map(\.canonicalForm.serialized)
        for (kind, items) in [("transmission", transmissions), ("receipt", receipts), ("refusal", refusalLines)] {
            for item in items {
                let body = Array(item.utf8)
                bytes += Array("\(kind) \(body.count)\n".utf8) + body
            }
        }
        return bytes
    }

    /// The file: the plaintext encrypted to `recipient`.
    public func encrypted(to recipient: AgeRecipient) throws -> [UInt8] {
        try Age.encrypt(plaintext, to: [recipient])
    }

    /// Opens a carried file with this node's identity and reads its items.
    ///
    /// - Parameter file: the file's name, for the errors.
    public init(opening bytes: [UInt8], with identity: AgeIdentity, file: String) throws(CarryFileError) {
        let plaintext: [UInt8]
        do {
            plaintext = try Age.decrypt(bytes, with: [identity])
        } catch let error as AgeError {
            throw CarryFileError(file: file, problem: error.message, remedy: error.remedy)
        } catch {
            throw CarryFileError(file: file, problem: "it could not be decrypted: \(error)", remedy: "Ask for the file again")
        }
        try self.init(plaintext: plaintext, file: file)
    }

    /// Reads the plaintext of a carried file.
    public init(plaintext bytes: [UInt8], file: String) throws(CarryFileError) {
        var position = 0
        func line() throws(CarryFileError) -> String {
            guard let end = bytes[position...].firstIndex(of: 0x0A) else {
                throw CarryFileError(file: file, problem: "it ends in the middle of a line", remedy: "Ask for the file again")
            }
            defer { position = end + 1 }
            return String(decoding: bytes[position..<end], as: UTF8.self)
        }
        let words = try line().split(separator: " ").map(String.init)
        guard words.count == 3, words[0] == Self.header else {
            throw CarryFileError(
                file: file, problem: "it is not a file of transmissions carried between nodes",
                remedy: "Give `parley inbox import` a file that `parley outbox export` wrote")
        }
        var transmissions: [String] = []
        var receipts: [String] = []
        var refusals: [CarriedRefusal] = []
        while position < bytes.count {
            let itemLine = try line()
            let parts = itemLine.split(separator: " ")
            guard parts.count == 2, let length = Int(parts[1]), length >= 0, position + length <= bytes.count,
                ["transmission", "receipt", "refusal"].contains(parts[0])
            else {
                throw CarryFileError(
                    file: file,
                    problem: "the item line \"\(itemLine.prefix(60))\" is not `transmission|receipt|refusal <bytes>`",
                    remedy: "Ask for the file again")
            }
            let item = String(decoding: bytes[position..<(position + length)], as: UTF8.self)
            position += length
            switch parts[0] {
            case "transmission": transmissions.append(item)
            case "receipt": receipts.append(item)
            default:
                guard let refusal = CarriedRefusal(canonical: item) else {
                    throw CarryFileError(
                        file: file, problem: "the refusal \"\(item.prefix(60))\" is not one", remedy: "Ask for the file again")
                }
                refusals.append(refusal)
            }
        }
        self.init(
            from: Party.Code(rawValue: words[1]), to: Party.Code(rawValue: words[2]), transmissions: transmissions,
            receipts: receipts, refusals: refusals)
    }
}

/// An item of a carried file that its recipient refused, named by the SHA-256 of the item as it was
/// carried, with the refusal's code, message and remedy: so that the sender learns why, and what to do.
public struct CarriedRefusal: Hashable, Sendable {
    public let item: Digest
    public let code: String
    public let message: String
    public let remedy: String

    public init(item: Digest, code: String, message: String, remedy: String) {
        self.item = item
        self.code = code
        self.message = message
        self.remedy = remedy
    }

    /// The digest that names an item: of its text exactly as carried.
    public static func digest(ofItem text: String) -> Digest { Digest.sha256(utf8: text) }

    public var canonicalForm: CanonicalJSON {
        .object([
            "code": .string(code), "item": .string(item.hex), "message": .string(message), "remedy": .string(remedy),
        ])
    }

    init?(canonical text: String) {
        guard case .object(let members)? = try? CanonicalJSON(parsing: text[...]),
            case .string(let itemText) = members["item"], let item = Digest(hex: itemText),
            case .string(let code) = members["code"], case .string(let message) = members["message"],
            case .string(let remedy) = members["remedy"]
        else { return nil }
        self.init(item: item, code: code, message: message, remedy: remedy)
    }
}

/// A carried file that could not be opened or read; nothing of it was applied.
public struct CarryFileError: ParleyError, Hashable {
    public let file: String
    public let problem: String
    public let remedy: String

    public var code: String { "carry.invalid" }
    public var message: String { "\(file): \(problem)" }
}
