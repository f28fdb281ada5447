/// An error Parley can explain to the person who met it.
///
/// Every error carries a stable code (for scripts and the API), a message that names what
/// was wrong and where, and what to do about it. Adapters (the CLI, the web app) map these
/// to their own form; they never invent messages of their own.
public protocol ParleyError: Error, CustomStringConvertible, Sendable {
    /// A stable, dotted identifier such as `record.status.illegal-transition`.
    var code: String { get }
    /// What was wrong, naming the value and where it was found.
    var message: String { get }
    /// What the person can do about it.
    var remedy: String { get }
}

extension ParleyError {
    public var description: String {
        remedy.isEmpty ? message : "\(message). \(remedy)"
    }
}
