import ParleyCore

/// What one node hands another on a file, between networks that never touch: the transmissions waiting
/// for it and the receipts for what it sent, encrypted to the recipient's age key, so that a lost file
/// shows a thief nothing and the standard `age` tool can open it with the recipient's identity file.
///
/// The plaintext is a header line, then each item as a line naming its kind and its length in bytes,
/// and the item's signed note:
///
///     parley-carry/1 UA ICRC
///     transmission 5120
///     parley-transmission/1
///     …
///     receipt 402
///     parley-receipt/1
///     …
public struct CarryFile: Hashable, Sendable {
    public static let header = "parley-carry/1"

    public let from: Party.Code
    public let to: Party.Code
    /// Signed transmissions, in order of sequence.
    public let transmissions: [String]
    /// Signed receipts for transmissions the recipient sent.
    public let receipts: [String]

    public init(from: Party.Code, to: Party.Code, transmissions: [String], receipts: [String]) {
        self.from = from
        self.to = to
        self.transmissions = transmissions
        self.receipts = receipts
    }

    /// The plaintext, before encryption.
    public var plaintext: [UInt8] {
        var bytes = Array("\(Self.header) \(from.rawValue) \(to.rawValue)\n".utf8)
        for (kind, items) in [("transmission", transmissions), ("receipt", receipts)] {
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
        while position < bytes.count {
            let itemLine = try line()
            let parts = itemLine.split(separator: " ")
            guard parts.count == 2, let length = Int(parts[1]), length >= 0, position + length <= bytes.count,
                parts[0] == "transmission" || parts[0] == "receipt"
            else {
                throw CarryFileError(
                    file: file, problem: "the item line \"\(itemLine.prefix(60))\" is not `transmission|receipt <bytes>`",
                    remedy: "Ask for the file again")
            }
            let item = String(decoding: bytes[position..<(position + length)], as: UTF8.self)
            position += length
            if parts[0] == "transmission" { transmissions.append(item) } else { receipts.append(item) }
        }
        self.init(
            from: Party.Code(rawValue: words[1]), to: Party.Code(rawValue: words[2]), transmissions: transmissions,
            receipts: receipts)
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
