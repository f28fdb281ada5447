#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file Parley could not read or write, or would not overwrite: the one error for files, whichever
/// command or page meets it.
public struct FileError: ParleyError, Hashable {
    public enum Problem: String, Sendable, Hashable {
        case unreadable, unwritable
        /// The file is there already, and Parley never overwrites a key, a bundle or a backup.
        case exists
    }

    public let problem: Problem
    public let path: String
    /// What the system said, such as "No such file or directory".
    public let reason: String?

    public init(_ problem: Problem, path: String, reason: String? = nil) {
        self.problem = problem
        self.path = path
        self.reason = reason
    }

    init(_ problem: Problem, path: String, errno code: Int32) {
        self.init(problem, path: path, reason: String(cString: strerror(code)))
    }

    public var code: String { "file.\(problem.rawValue)" }

    public var message: String {
        let said = reason.map { ": \($0)" } ?? ""
        return switch problem {
        case .unreadable: "cannot read \(path)\(said)"
        case .unwritable: "cannot write \(path)\(said)"
        case .exists: "\(path) already exists; Parley never overwrites a key or a bundle"
        }
    }

    public var remedy: String {
        switch problem {
        case .unreadable: "Check the path and that the file is readable"
        case .unwritable: "Check that the folder exists and that you may write in it"
        case .exists: "Choose another path, or move the old file away first"
        }
    }
}
