import ArgumentParser
import Foundation
import ParleyCore
import ParleyLedger
import ParleyStore

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Make and register the Ed25519 keys with which signers approve lists.",
        subcommands: [Generate.self, Register.self, List.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a key pair: PATH.key (private, readable by you only) and PATH.pub (public).",
            discussion: """
                Give PATH.pub to the administrator to register (parley key register) and to anyone who \
                verifies bundles (parley verify-bundle --keys). Never give PATH.key to anyone.
                """)

        @Option(help: "Who signs with the key: official:PARTY or mediator:PARTY.") var signer: String
        @Option(help: "The path of the files to write, without extension; neither file may exist.") var out: String

        func run() throws {
            let signer = try Principal(parsing: signer)
            let file = SigningKeyFile(signer: signer, key: SigningKey())
            try KeyFileIO.writeNew(out + ".key", text: file.text, permissions: 0o600)
            try KeyFileIO.writeNew(out + ".pub", text: file.keyringEntry.text + "\n", permissions: 0o644)
            Terminal.print("Wrote \(out).key (private, mode 600) and \(out).pub: \(file.keyringEntry.text)")
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register signers' public keys, from their .pub files, so their approvals are accepted.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var principal: PrincipalOptions
        @Argument(help: "Public key files (.pub) or keyrings.") var files: [String]

        func run() throws {
            let store = try database.open()
            let acting = try principal.principal()
            for path in files {
                for entry in try KeyFileIO.readKeyring(path).entries {
                    let key = try store.registerKey(entry.key.base64, for: entry.signer, as: acting)
                    Terminal.print("Registered key \(key.id.rawValue) of \(key.signer): \(key.publicKey)")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the registered public keys as a keyring, for parley verify-bundle --keys.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            for key in try database.open().registeredKeys() {
                Terminal.print("\(key.signer) \(KeyringEntry.algorithm) \(key.publicKey)")
            }
        }
    }
}

struct VerifyBundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Verify an exported list offline, with no database: its entries, digest and signatures.",
        discussion: """
            KEYS holds the public keys you trust, one `SIGNER ed25519 KEY` line each (the .pub files, or \
            parley key list). Exit status 0 when the bundle verifies, 5 when it does not.
            """)

    @Argument(help: "The bundle, as parley list export wrote it.") var file: String
    @Option(help: "The keyring of trusted public keys.") var keys: String

    func run() throws {
        let keyring = try KeyFileIO.readKeyring(keys)
        guard let bytes = FileManager.default.contents(atPath: file) else { throw FileError(.unreadable, path: file) }
        let bundle = try ListBundle(parsing: Array(bytes), file: file)
        let report = bundle.verify(against: keyring)
        Terminal.print(report.description)
        if !report.isValid { throw ExitCode(5) }
    }
}

/// Reading and writing key files and bundles: new files only, private keys readable by their owner only.
enum KeyFileIO {
    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(.unreadable, path: path) }
        return String(decoding: data, as: UTF8.self)
    }

    static func readSigningKey(_ path: String) throws -> SigningKeyFile {
        try SigningKeyFile(parsing: readText(path), file: path)
    }

    static func readKeyring(_ path: String) throws -> Keyring {
        try Keyring(parsing: readText(path), file: path)
    }

    /// Writes a file that must not exist yet, with the given permissions from the first byte.
    static func writeNew(_ path: String, text: String, permissions: Int) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw FileError(.exists, path: path) }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: permissions])
        else { throw FileError(.unwritable, path: path) }
    }

    struct SignerMismatch: ParleyError {
        let file: String
        let key: Principal
        let acting: Principal
        var code: String { "key.signer.mismatch" }
        var message: String { "\(file) is the key of \(key), but \(acting) is acting" }
        var remedy: String { "Sign with your own key file, or leave out --as to sign as the key's signer" }
    }
}
