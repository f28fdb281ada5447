import Foundation
import Hummingbird
import NIOCore
import ParleyCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an uploaded body goes as it arrives: a file on disk, so that a registry file of hundreds of
/// megabytes, or several at once, is never held in the server's memory.
///
/// The file has no name: it is created and removed at once, and lives only as long as what reads it,
/// so nothing is left behind, whatever happens to the request or the server.
public struct BodySpool: Sendable, Hashable {
    /// The folder the files are made in: one on disk, not a `tmpfs` in memory.
    public var folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// The system's folder for temporary files, for tests and for a server that names no other.
    public static let temporary = BodySpool(folder: FileManager.default.temporaryDirectory.path)

    /// Makes and removes a file in the folder: called once at start, so that a folder that cannot be
    /// written stops the server there and then rather than failing its first upload.
    public func checkWritable() throws(SpoolFailed) {
        close(try newFile())
    }

    /// Writes `body` to a new file, up to `limit` bytes (``BodyTooLarge`` as soon as the bytes
    /// received pass it), and maps the file for reading.
    func spool(_ body: RequestBody, limit: Int) async throws -> FileBytes {
        let descriptor = try newFile()
        defer { close(descriptor) }
        var received = 0
        for try await buffer in body {
            received += buffer.readableBytes
            guard received <= limit else { throw BodyTooLarge(limit: limit, declared: nil) }
            try buffer.withUnsafeReadableBytes { bytes throws(SpoolFailed) in try append(bytes, to: descriptor) }
        }
        do {
            return try FileBytes(mapping: descriptor, path: "\(folder)/parley-upload")
        } catch {
            throw SpoolFailed(folder: folder, reason: error.reason ?? "the file cannot be read back")
        }
    }

    /// A new file in the folder, open for writing and already removed: it has no name to leave behind.
    private func newFile() throws(SpoolFailed) -> Int32 {
        var name = Array("\(folder)/parley-upload-XXXXXX".utf8CString)
        let descriptor = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw SpoolFailed(folder: folder, errno: errno) }
        unlink(name)
        return descriptor
    }

    private func append(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws(SpoolFailed) {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SpoolFailed(folder: folder, errno: errno)
            }
            offset += written
        }
    }
}

/// An upload that cannot be written to the server's disk, full or unwritable.
public struct SpoolFailed: ParleyError {
    let folder: String
    let reason: String

    init(folder: String, reason: String) {
        self.folder = folder
        self.reason = reason
    }

    init(folder: String, errno code: Int32) {
        self.init(folder: folder, reason: String(cString: strerror(code)))
    }

    public var code: String { "request.unstorable" }
    public var message: String { "cannot write uploads to \(folder): \(reason)" }
    public var remedy: String {
        "Try again later; the server's administrator frees space in \(folder) or starts parley serve with another --upload-folder"
    }
}

extension Request {
    /// The whole body, written to the context's spool as it arrives, up to the limit the request's
    /// route allows (``BodyTooLarge`` past it). The body is read once: nothing reads it after this.
    func spoolBody(within context: WebContext) async throws -> FileBytes {
        if let declared = headers[.contentLength].flatMap({ Int($0) }), declared > context.bodyLimit {
            throw BodyTooLarge(limit: context.bodyLimit, declared: declared)
        }
        return try await context.spool.spool(body, limit: context.bodyLimit)
    }
}
