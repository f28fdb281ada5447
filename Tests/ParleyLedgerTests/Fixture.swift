import Foundation
import Testing

/// Reads the JSON fixtures under `Fixtures/`, each of which names the source of its vectors.
enum Fixture {
    /// Decodes `Fixtures/<name>.json` as `T`.
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            "fixture \(name).json is missing from the test bundle"
        )
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// Bytes from hexadecimal text, for fixture fields such as leaf inputs.
    static func bytes(hex: String) throws -> [UInt8] {
        let characters = Array(hex.utf8)
        try #require(characters.count.isMultiple(of: 2), "odd-length hex \(hex)")
        return try stride(from: 0, to: characters.count, by: 2).map { offset in
            let pair = String(decoding: characters[offset..<(offset + 2)], as: UTF8.self)
            return try #require(UInt8(pair, radix: 16), "invalid hex \(pair)")
        }
    }
}
