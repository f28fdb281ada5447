import Foundation
import ParleyCore

/// The two private key files of a node, beside its database and never in it, each readable by its owner only:
///
/// - `<database>.node-key`: the Ed25519 node key, `parley-node-key/1 <code> <base64 of the 32-byte seed>`;
/// - `<database>.node-identity.age`: the X25519 identity in the age tool's own format, so that `age -d -i`
///   opens a file carried to the node with it, in an emergency, without Parley;
///
/// and, for a node with an address, its TLS certificate and key, PEM: `<database>.tls-cert.pem` (public)
/// and `<database>.tls-key.pem` (readable by its owner only).
public enum NodeKeyFiles {
    public static let signingHeader = "parley-node-key/1"

    public static func signingPath(database: String) -> String { database + ".node-key" }
    public static func identityPath(database: String) -> String { database + ".node-identity.age" }
    public static func tlsCertificatePath(database: String) -> String { database + ".tls-cert.pem" }
    public static func tlsKeyPath(database: String) -> String { database + ".tls-key.pem" }

    /// The node key file's text.
    public static func signingText(code: Party.Code, key: SigningKey) -> String {
        """
        # The node key of Parley node \(code.rawValue): it signs the node's transmissions, receipts and checkpoints.
        # Keep it secret: whoever holds it speaks for the node.
        \(signingHeader) \(code.rawValue) \(Data(key.seed).base64EncodedString())

        """
    }

    /// Reads a node key file.
    public static func signingKey(parsing text: String, file: String) throws(KeyFileError) -> (code: Party.Code, key: SigningKey)
    {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = line.split(separator: " ")
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            guard words.count == 3, first == signingHeader else {
                throw KeyFileError(kind: .privateKey, file: file, line: index + 1, field: "line", problem: .notAField)
            }
            guard let seed = Data(base64Encoded: String(words[2])), let key = try? SigningKey(seed: Array(seed)) else {
                throw KeyFileError(
                    kind: .privateKey, file: file, line: index + 1, field: "node key", value: String(words[2]), isSecret: true,
                    problem: .notKeyBytes(expected: SigningKey.seedByteCount))
            }
            return (Party.Code(rawValue: String(words[1])), key)
        }
        throw KeyFileError(kind: .privateKey, file: file, field: "node key", problem: .missingField)
    }

    /// The identity file's text, as `age-keygen` writes one.
    public static func identityText(_ identity: AgeIdentity, createdAt: String) -> String {
        """
        # created: \(createdAt)
        # public key: \(identity.recipient.encoded)
        \(identity.encoded)

        """
    }

    /// Reads an age identity file: the first line that is not a comment.
    public static func identity(parsing text: String, file: String) throws(AgeError) -> AgeIdentity {
        guard let line = text.split(separator: "\n").first(where: { !$0.hasPrefix("#") && !$0.isEmpty }) else {
            throw .invalidKey("\(file) holds no age identity (AGE-SECRET-KEY-1…)")
        }
        do {
            return try AgeIdentity(parsing: line.trimmingCharacters(in: .whitespaces))
        } catch {
            throw .invalidKey("\(file): \(error.message)")
        }
    }
}
