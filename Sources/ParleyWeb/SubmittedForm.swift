import Foundation
import Hummingbird
import ParleyCore

/// A form as a browser submits it: URL-encoded fields, or `multipart/form-data` when it carries a file.
struct SubmittedForm {
    private let encoded: Form?
    private let multipart: MultipartForm?

    /// Whether the request's body is a form of either kind.
    static func isForm(_ request: Request) -> Bool {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        return type.hasPrefix("application/x-www-form-urlencoded") || type.hasPrefix("multipart/form-data")
    }

    /// Reads the request's form, up to the body limit of its route.
    ///
    /// A URL-encoded body is left collected, so that a later reader reads it again. A multipart body,
    /// which may carry a file of hundreds of megabytes, is written to the spool as it arrives and read
    /// from there; it is read once.
    static func read(_ request: inout Request, context: WebContext) async throws -> SubmittedForm {
        if let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) {
            let body = try await request.spoolBody(within: context)
            return SubmittedForm(encoded: nil, multipart: try MultipartForm(body, boundary: boundary))
        }
        let body = try await request.collectBody(within: context)
        return SubmittedForm(encoded: Form(String(buffer: body)), multipart: nil)
    }

    /// The field's text, if the form has it.
    subscript(_ name: String) -> String? { encoded?[name] ?? multipart?[name] }

    /// The file sent in the field, if one was chosen.
    func file(_ name: String) -> MultipartForm.Part? { multipart?.file(name) }
}

/// An `application/x-www-form-urlencoded` body, read field by field.
struct Form {
    private var fields: [String: String] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            guard let key = parts.first else { continue }
            let name = decode(key)
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }

    subscript(_ name: String) -> String? { fields[name] }
}

/// A form arrived without a field its action needs, or with one that cannot be read.
struct FormFieldError: ParleyError {
    let field: String
    /// The value sent, or `nil` when the field was missing or empty.
    var value: String?
    var reason: String?
    var code: String { value == nil ? "request.field-missing" : "request.field-invalid" }
    var message: String {
        guard let value else { return "the form has no \(field)" }
        return "\(field) '\(QuotedValue.shortened(value))' cannot be read\(reason.map { ": \($0)" } ?? "")"
    }
    var remedy: String { "Fill in \(field) and submit the form again" }
}
