import Foundation
import Hummingbird
import NIOCore
import ParleyCore
import Synchronization
import Testing

@testable import ParleyWeb

/// Uploads are written to disk as they arrive and read from there: never held whole in memory,
/// never read past their limit, never left behind.
@Suite("Uploads spooled to disk")
struct BodySpoolTests {
    /// A folder of its own, so that what a spool leaves in it can be seen.
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The chunks of a body as a client sends them, counting how many the server took.
    final class Chunks: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let chunk: ByteBuffer
        let total: Int?
        let taken = Mutex(0)

        /// `total` chunks of `size` bytes each, or chunks without end when `total` is `nil`.
        init(size: Int, total: Int?) {
            var buffer = ByteBuffer()
            for index in 0..<size { buffer.writeInteger(UInt8(truncatingIfNeeded: index % 251)) }
            chunk = buffer
            self.total = total
        }

        struct AsyncIterator: AsyncIteratorProtocol {
            let chunks: Chunks
            mutating func next() async -> ByteBuffer? {
                let taken = chunks.taken.withLock { taken in
                    taken += 1
                    return taken
                }
                if let total = chunks.total, taken > total { return nil }
                return chunks.chunk
            }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: self) }
    }

    /// The lines of `/proc/self/maps` that map a spooled file.
    static func spoolMappings() throws -> [String] {
        try String(contentsOfFile: "/proc/self/maps", encoding: .utf8).split(separator: "\n")
            .filter { $0.contains("parley-upload-") }.map(String.init)
    }

    @Test("a body of 64 MiB comes back byte for byte from a file mapping, and no file is left in the folder")
    func spooled() async throws {
        // Given a body sent in 64 KiB chunks
        let chunks = Chunks(size: 64 * 1024, total: 1024)
        // When it is spooled
        let spooled = try await BodySpool(folder: folder).spool(RequestBody(asyncSequence: chunks), limit: 64 * 1024 * 1024)
        // Then every byte is there, in order
        #expect(spooled.count == 64 * 1024 * 1024)
        let same = spooled.withUnsafeBytes { bytes in
            (0..<1024).allSatisfy { index in
                chunks.chunk.withUnsafeReadableBytes { chunk in
                    memcmp(bytes.baseAddress! + index * chunk.count, chunk.baseAddress!, chunk.count) == 0
                }
            }
        }
        #expect(same)
        // And they are read from a mapping of a file in the spool's folder, one that has no name left there
        let mappings = try Self.spoolMappings()
        let mapped = spooled.withUnsafeBytes { bytes in
            let address = UInt(bitPattern: bytes.baseAddress!)
            return mappings.contains { line in
                let range = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt($0, radix: 16) }
                return range.count == 2 && range[0] <= address && address < range[1] && line.contains(folder)
                    && line.hasSuffix("(deleted)")
            }
        }
        #expect(mapped, "\(mappings)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a body without end is refused once it passes the limit, after reading no more than the limit")
    func limitWhileReading() async throws {
        let chunks = Chunks(size: 64 * 1024, total: nil)
        await #expect(throws: BodyTooLarge.self) {
            _ = try await BodySpool(folder: folder).spool(RequestBody(asyncSequence: chunks), limit: 1024 * 1024)
        }
        // 16 chunks make the limit; the 17th passes it and is the last one read
        #expect(chunks.taken.withLock { $0 } == 17)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a folder that cannot be written is found at start, with the folder named")
    func unwritableFolder() throws {
        let missing = folder + "/missing"
        #expect(throws: SpoolFailed.self) { try BodySpool(folder: missing).checkWritable() }
        do {
            try BodySpool(folder: missing).checkWritable()
        } catch {
            #expect(error.message.contains(missing))
            #expect(error.remedy.contains("--upload-folder"))
        }
        try BodySpool(folder: folder).checkWritable()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a multipart form's file is a slice of the spooled body, not a copy")
    func multipartFileInPlace() throws {
        let file = Array("id,surname\nA-1,Петренко\n".utf8)
        let body = MultipartBody(fields: [("kind", "held")], files: [("file", "held.csv", file)]).buffer
        let spooled = FileBytes(Array(buffer: body))
        let form = try MultipartForm(spooled, boundary: MultipartBody.boundary)
        let part = try #require(form.file("file"))
        #expect(part.content.array == file)
        #expect(form["kind"] == "held")
        // The part's bytes lie inside the body's
        let inside = spooled.withUnsafeBytes { whole in
            part.content.withUnsafeBytes { slice in
                slice.baseAddress! >= whole.baseAddress! && slice.baseAddress! + slice.count <= whole.baseAddress! + whole.count
            }
        }
        #expect(inside)
    }
}
