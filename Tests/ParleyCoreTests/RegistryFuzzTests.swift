import Foundation
import PropertyBased
import Testing

@testable import ParleyCore

/// Changes to a file's bytes of the kinds that break CSV: bit flips, stray quotes, delimiters,
/// byte order marks and line breaks, cuts, and bytes that are not UTF-8.
enum ByteMutation {
    /// Bytes that mean something to the reader or the decoder.
    static let interesting: [[UInt8]] = [
        [0x22], [0x2C], [0x3B], [0x09], [0x0D], [0x0A], [0x0D, 0x0A], [0xEF, 0xBB, 0xBF], [0x00], [0x7F], [0x80],
        [0x98], [0xC2, 0x85], [0xD0], [0xE0], [0xFF], [0x22, 0x22], [0x22, 0x2C, 0x22],
    ]

    /// `bytes` changed once for each word: the word picks the kind of change, where, and what.
    static func apply(_ words: [UInt64], to original: [UInt8]) -> [UInt8] {
        var bytes = original
        for word in words {
            let position = Int((word >> 8) % UInt64(bytes.count + 1))
            let other = UInt8(truncatingIfNeeded: word >> 40)
            switch word % 8 {
            case 0 where position < bytes.count: bytes[position] ^= 1 << ((word >> 32) % 8)
            case 1 where position < bytes.count: bytes[position] = other
            case 2, 3: bytes.insert(contentsOf: interesting[Int(other) % interesting.count], at: position)
            case 4 where position < bytes.count: bytes.remove(at: position)
            case 5: bytes.removeSubrange(position...)
            case 6:
                let end = min(bytes.count, position + Int(other % 16))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default:
                let other = Int(other) % max(bytes.count, 1)
                if position < bytes.count && other < bytes.count { bytes.swapAt(position, other) }
            }
        }
        return bytes
    }
}

/// The seed files under `Fixtures/fuzz-corpus`, all of synthetic rows.
enum FuzzCorpus {
    static let files: [[UInt8]] = {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/fuzz-corpus") else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted().compactMap { name in
            (try? Data(contentsOf: directory.appendingPathComponent(name))).map { Array($0) }
        }
    }()
}

@Suite("Fuzzing: the registry reader reads or reports any bytes, at a line of the file")
struct RegistryFuzzTests {
    static var today: PartialDate {
        get throws { try PartialDate(year: 2026, month: 2, day: 5) }
    }

    /// Reads every row of `bytes` as a registry, checking that each problem and each row sits on a line of the file.
    static func readAll(_ bytes: [UInt8], encoding: TextEncoding?) throws {
        let today = try today
        // The reader counts a line at each LF, CR or CRLF; every line it names is among these.
        let lines = 1 + bytes.count { $0 == 0x0A || $0 == 0x0D }
        func check(_ problem: RowProblem) {
            #expect((1...lines).contains(problem.line), "\(problem.message)")
            #expect(problem.value.count <= QuotedValue.maximumLength + 30, "\(problem.message)")
        }
        do {
            var reader = try RegistryFileReader(bytes: bytes, file: "f.csv", encoding: encoding, today: today)
            var rows = 0
            while let result = reader.next() {
                rows += 1
                switch result {
                case .success(let row): #expect((1...lines).contains(row.line))
                case .failure(let failure):
                    failure.problems.forEach(check)
                    #expect(!failure.problems.isEmpty)
                    if failure.fatal { return }
                }
                #expect(rows <= lines, "more rows than lines")
                if rows > lines { return }
            }
        } catch {
            check(error)
        }
    }

    @Test("every seed file of the corpus is there and reads")
    func corpusIsThere() throws {
        #expect(FuzzCorpus.files.count >= 5)
        for file in FuzzCorpus.files { try Self.readAll(file, encoding: nil) }
    }

    @Test("mutated seed files are read or refused with problems on their lines")
    func mutatedFiles() async {
        let seeds = FuzzCorpus.files
        guard !seeds.isEmpty else { return }
        await propertyCheck(
            count: 1500, input: Gen.int(in: 0...1000), Gen<UInt64>.value().array(of: 1...6), Gen.int(in: 0...3)
        ) { seed, words, encoding in
            let bytes = ByteMutation.apply(words, to: seeds[seed % seeds.count])
            try Self.readAll(bytes, encoding: [nil, .utf8, .windows1251, .koi8r][encoding])
        }
    }

    @Test("random bytes after a valid header are read or refused with problems on their lines")
    func randomBytes() async {
        let header = Array("id,surname,given_name,date_of_birth,synthetic\n".utf8)
        let alphabet = Array("a,;\"\t\r\n1-.".utf8) + [0x00, 0x80, 0x98, 0xC2, 0xD0, 0xE0, 0xEF, 0xBB, 0xBF, 0xF0, 0xFF]
        await propertyCheck(count: 1500, input: Gen<UInt8>.value().array(of: 0...200), Gen.int(in: 0...1)) { picks, raw in
            let body = raw == 1 ? picks : picks.map { alphabet[Int($0) % alphabet.count] }
            try Self.readAll(header + body, encoding: nil)
            try Self.readAll(body, encoding: nil)
        }
    }
}
