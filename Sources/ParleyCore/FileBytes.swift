#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes as one read-only buffer: mapped from the file where it lies on disk, or held in
/// memory when they were made there (a file transcoded to UTF-8, a test's text).
///
/// A registry file of hundreds of megabytes is read through its mapping: the pages it touches come
/// from the file and are given back by the kernel when memory runs short, so an import, or three at
/// once, never holds a copy of the file on the heap. Copies share one buffer, which lives as long as
/// any of them.
// Unchecked, and the only such claim in Parley: the buffer is never written after it is made (the
// mapping is read-only, the allocation is filled once in `init`), and `Storage` frees it only when the
// last copy is gone, so any thread may read it. Readers (`CSVReader`) hold a `FileBytes`, not a pointer.
public struct FileBytes: @unchecked Sendable {
    /// The mapping or the allocation, released when the last copy is gone.
    private final class Storage {
        let base: UnsafeRawPointer?
        let length: Int
        let isMapped: Bool

        init(base: UnsafeRawPointer?, length: Int, isMapped: Bool) {
            self.base = base
            self.length = length
            self.isMapped = isMapped
        }

        deinit {
            guard let base else { return }
            if isMapped {
                munmap(UnsafeMutableRawPointer(mutating: base), length)
            } else {
                base.deallocate()
            }
        }
    }

    private let storage: Storage
    private let range: Range<Int>

    /// How many bytes there are.
    public var count: Int { range.count }
    public var isEmpty: Bool { range.isEmpty }

    /// A copy of `bytes`, held in memory.
    public init(_ bytes: some Collection<UInt8>) {
        let count = bytes.count
        guard count > 0 else {
            self.init(storage: Storage(base: nil, length: 0, isMapped: false), range: 0..<0)
            return
        }
        let allocation = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
        _ = allocation.initialize(from: bytes)
        self.init(
            storage: Storage(base: UnsafeRawPointer(allocation.baseAddress), length: count, isMapped: false), range: 0..<count)
    }

    /// The bytes of the file at `path`, mapped read-only.
    ///
    /// The file must not be changed while it is read.
    public init(mapping path: String) throws(FileError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(.unreadable, path: path, errno: errno) }
        defer { close(descriptor) }
        try self.init(mapping: descriptor, path: path)
    }

    /// The bytes of the open file `descriptor`, mapped read-only; the descriptor may be closed, and
    /// the file removed, afterwards.
    ///
    /// - Parameter path: the file's name, for the error when it cannot be mapped.
    public init(mapping descriptor: Int32, path: String) throws(FileError) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileError(.unreadable, path: path, errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw FileError(.unreadable, path: path, reason: "it is not a file") }
        let length = Int(status.st_size)
        guard length > 0 else {
            self.init(storage: Storage(base: nil, length: 0, isMapped: true), range: 0..<0)
            return
        }
        let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { throw FileError(.unreadable, path: path, errno: errno) }
        // Read from start to end, once: ask for the pages ahead of the reader.
        _ = madvise(address, length, MADV_SEQUENTIAL)
        self.init(storage: Storage(base: UnsafeRawPointer(address), length: length, isMapped: true), range: 0..<length)
    }

    private init(storage: Storage, range: Range<Int>) {
        self.storage = storage
        self.range = range
    }

    /// The bytes from `offset` on, sharing this buffer.
    public func dropFirst(_ offset: Int) -> FileBytes {
        FileBytes(storage: storage, range: (range.lowerBound + min(offset, count))..<range.upperBound)
    }

    /// The bytes of `bounds` (offsets from this value's first byte), sharing this buffer.
    public func slice(_ bounds: Range<Int>) -> FileBytes {
        precondition(bounds.lowerBound >= 0 && bounds.upperBound <= count, "a slice out of the file's bytes")
        return FileBytes(storage: storage, range: (range.lowerBound + bounds.lowerBound)..<(range.lowerBound + bounds.upperBound))
    }

    /// Calls `body` with the bytes, valid only during the call.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        defer { withExtendedLifetime(storage) {} }
        return try body(buffer)
    }

    /// The bytes, valid only while this value (or a copy) is alive: for a reader that keeps the value
    /// beside the buffer it reads. Anything else uses ``withUnsafeBytes(_:)``.
    var buffer: UnsafeBufferPointer<UInt8> {
        guard let base = storage.base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + range.lowerBound, count: range.count)
    }

    /// The bytes read as UTF-8 text, with U+FFFD for any byte that is not.
    public var text: String { withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    /// The bytes, copied into an array.
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }
}
