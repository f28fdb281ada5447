/// Bech32 (BIP 173) without its length limit, as the age format writes its keys: a human-readable part,
/// the separator `1`, the data in 5-bit groups and a six-character checksum; all lowercase or all uppercase,
/// with the checksum computed over the lowercase form.
enum Bech32 {
    private static let alphabet = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    /// `bytes` under the human-readable part `hrp`, in lowercase.
    static func encode(hrp: String, _ bytes: [UInt8]) -> String {
        let hrp = hrp.lowercased()
        let data = regroup(bytes, from: 8, to: 5, pad: true) ?? []
        let values = expand(hrp) + data + [0, 0, 0, 0, 0, 0]
        let checksum = polymod(values) ^ 1
        let check = (0..<6).map { UInt8((checksum >> (5 * (5 - UInt32($0)))) & 31) }
        return hrp + "1" + String(decoding: (data + check).map { alphabet[Int($0)] }, as: UTF8.self)
    }

    /// The human-readable part (lowercase) and the bytes of a Bech32 string, or `nil` if it is not one.
    static func decode(_ text: String) -> (hrp: String, bytes: [UInt8])? {
        let lower = text.lowercased()
        guard text == lower || text == text.uppercased() else { return nil }
        let characters = Array(lower.utf8)
        guard characters.allSatisfy({ (33...126).contains($0) }), let separator = characters.lastIndex(of: UInt8(ascii: "1")),
            separator >= 1, characters.count - separator - 1 >= 6
        else { return nil }
        let hrp = String(decoding: characters[..<separator], as: UTF8.self)
        var data: [UInt8] = []
        for character in characters[(separator + 1)...] {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            data.append(UInt8(value))
        }
        guard polymod(expand(hrp) + data) == 1, let bytes = regroup(Array(data.dropLast(6)), from: 5, to: 8, pad: false)
        else { return nil }
        return (hrp, bytes)
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var check: UInt32 = 1
        for value in values {
            let top = check >> 25
            check = (check & 0x1ff_ffff) << 5 ^ UInt32(value)
            for bit in 0..<5 where (top >> bit) & 1 == 1 { check ^= generator[bit] }
        }
        return check
    }

    private static func expand(_ hrp: String) -> [UInt8] {
        let bytes = Array(hrp.utf8)
        return bytes.map { $0 >> 5 } + [0] + bytes.map { $0 & 31 }
    }

    /// Regroups bits: 8 to 5 with padding when encoding, 5 to 8 without when decoding (where leftover bits
    /// must be fewer than five and zero).
    private static func regroup(_ values: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0
        var bits = 0
        var result: [UInt8] = []
        let mask = (1 << to) - 1
        for value in values {
            guard Int(value) >> from == 0 else { return nil }
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                result.append(UInt8((accumulator >> bits) & mask))
            }
        }
        if pad {
            if bits > 0 { result.append(UInt8((accumulator << (to - bits)) & mask)) }
        } else if bits >= from || (accumulator << (to - bits)) & mask != 0 {
            return nil
        }
        return result
    }
}
