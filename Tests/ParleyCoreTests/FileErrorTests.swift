import Foundation
import ParleyCore
import Testing

/// Files that cannot be read, written or overwritten are one error, named by path, with what the system said.
@Suite("File errors: one type, naming the path and the system's reason")
struct FileErrorTests {
    @Test("a missing file and a folder are unreadable, each with its reason and what to do")
    func unreadable() {
        let missing = "/nonexistent-\(UUID().uuidString)/held.csv"
        #expect(throws: FileError(.unreadable, path: missing, reason: "No such file or directory")) {
            try FileBytes(mapping: missing)
        }
        let folder = FileManager.default.temporaryDirectory.path
        #expect(throws: FileError(.unreadable, path: folder, reason: "it is not a file")) { try FileBytes(mapping: folder) }
        let error = FileError(.unreadable, path: missing, reason: "No such file or directory")
        #expect(error.code == "file.unreadable")
        #expect(error.message == "cannot read \(missing): No such file or directory")
        #expect(!error.remedy.isEmpty)
    }

    @Test("unwritable and existing files say what to do")
    func unwritableAndExisting() {
        #expect(FileError(.unwritable, path: "/x/out.csv").message == "cannot write /x/out.csv")
        #expect(FileError(.unwritable, path: "/x/out.csv").code == "file.unwritable")
        #expect(FileError(.exists, path: "ua.key").code == "file.exists")
        #expect(FileError(.exists, path: "ua.key").remedy.contains("Choose another path"))
    }
}
