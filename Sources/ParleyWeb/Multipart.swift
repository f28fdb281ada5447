import Foundation
import ParleyCore

/// A `multipart/form-data` body (RFC 7578), read part by part: how a browser sends a form with a file.
///
/// Only what Parley's forms send is understood: each part's `Content-Disposition: form-data; name="…"`
/// and, for a file, its `filename`. A part's content is kept as bytes, so a file in Windows-1251 arrives
/// intact, and as a slice of the body's, so a file spooled to disk is read there and never copied.
struct MultipartForm {
    struct Part {
        let name: String
        let filename: String?
        let content: FileBytes
    }

    let parts: [Part]

    /// The boundary a `Content-Type: multipart/form-data; boundary=…` header names, if it is one.
    static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingSpaces
            return value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
                ? String(value.dropFirst().dropLast()) : String(value)
        }
        return nil
    }

    /// Reads the parts of `body` between the delimiters made of `boundary`.
    init(_ body: [UInt8], boundary: String) throws(MalformedForm) {
        try self.init(FileBytes(body), boundary: boundary)
    }

    /// Reads the parts of `file` between the delimiters made of `boundary`.
    init(_ file: FileBytes, boundary: String) throws(MalformedForm) {
        self.parts = try file.withUnsafeBytes { body throws(MalformedForm) in
            try Self.parts(of: body, in: file, boundary: boundary)
        }
    }

    private static func parts(
        of body: UnsafeBufferPointer<UInt8>, in file: FileBytes, boundary: String
    ) throws(MalformedForm) -> [Part] {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { throw MalformedForm(reason: "the body does not start with its boundary") }
        var parts: [Part] = []
        var position = delimiter.count
        while true {
            // After a delimiter: "--" closes the body, CRLF opens a part.
            if body[position...].starts(with: Array("--".utf8)) { break }
            guard body[position...].starts(with: Array("\r\n".utf8)) else {
                throw MalformedForm(reason: "a boundary is not followed by a line break")
            }
            position += 2
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: position) else {
                throw MalformedForm(reason: "a part's headers do not end")
            }
            let headers = String(decoding: UnsafeBufferPointer(rebasing: body[position..<headerEnd]), as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let contentEnd = Self.find(separator, in: body, from: contentStart) else {
                throw MalformedForm(reason: "a part does not end with the boundary")
            }
            parts.append(try Self.part(headers: headers, content: file.slice(contentStart..<contentEnd)))
            position = contentEnd + separator.count
        }
        return parts
    }

    /// The text of the first part named `name`.
    subscript(_ name: String) -> String? {
        parts.first { $0.name == name }?.content.text
    }

    /// The first part named `name` that carries a file with a name and some content.
    func file(_ name: String) -> Part? {
        parts.first { $0.name == name && !($0.filename ?? "").isEmpty && !$0.content.isEmpty }
    }

    private static func part(headers: String, content: FileBytes) throws(MalformedForm) -> Part {
        for line in headers.split(separator: "\r\n") {
            let header = line.split(separator: ":", maxSplits: 1)
            guard header.count == 2, header[0].lowercased() == "content-disposition" else { continue }
            var name: String?
            var filename: String?
            for parameter in header[1].split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                var value = pair[1].trimmingSpaces
                if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = value.dropFirst().dropLast() }
                switch pair[0].trimmingSpaces.lowercased() {
                case "name": name = String(value)
                case "filename": filename = String(value)
                default: continue
                }
            }
            guard let name else { break }
            return Part(name: name, filename: filename, content: content)
        }
        throw MalformedForm(reason: "a part has no Content-Disposition with a name")
    }

    private static func find(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, buffer.count - needle.count >= start else { return nil }
        let last = buffer.count - needle.count
        var index = start
        while index <= last {
            guard let hit = buffer[index...last].firstIndex(of: first) else { return nil }
            if memcmp(buffer.baseAddress! + hit, needle, needle.count) == 0 { return hit }
            index = hit + 1
        }
        return nil
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

/// A form body that is not the `multipart/form-data` it claims to be.
struct MalformedForm: ParleyError {
    let reason: String
    var code: String { "request.form-malformed" }
    var message: String { "the form could not be read: \(reason)" }
    var remedy: String { "Submit the form again from Parley's page" }
}
