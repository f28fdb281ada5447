import ParleyLedger

/// The shape of a JSON value, written once per representation: it becomes the representation's
/// component in the OpenAPI document, and it checks any answer said to have it, so that the
/// command line's `--json` and the API are held to the same shape by the same test.
public indirect enum JSONShape: Sendable, Hashable {
    case string
    case integer
    case number
    case boolean
    /// An object with these members; `required` must be present (and may be null only when
    /// their shape is ``nullable(_:)``). No other member is allowed unless `open`.
    case object([String: JSONShape], required: Set<String>, open: Bool = false)
    case array(of: JSONShape)
    /// An object whose members are all of one shape, such as counts by outcome.
    case map(of: JSONShape)
    case nullable(JSONShape)

    /// An object whose members are all required but the nullable ones, which may be left out
    /// (as Swift's encoder leaves out `nil`) or null.
    public static func object(_ members: [String: JSONShape]) -> JSONShape {
        .object(members, required: Set(members.filter { !$0.value.isNullable }.keys))
    }

    var isNullable: Bool {
        if case .nullable = self { true } else { false }
    }

    /// The JSON Schema (2020-12, as OpenAPI 3.1 uses it) of this shape.
    public var schema: CanonicalJSON {
        switch self {
        case .string: .object(["type": .string("string")])
        case .integer: .object(["type": .string("integer")])
        case .number: .object(["type": .string("number")])
        case .boolean: .object(["type": .string("boolean")])
        case .object(let members, let required, let open):
            .object([
                "type": .string("object"), "properties": .object(members.mapValues(\.schema)),
                "required": .array(required.sorted().map(CanonicalJSON.string)), "additionalProperties": .bool(open),
            ])
        case .array(let element): .object(["type": .string("array"), "items": element.schema])
        case .map(let value): .object(["type": .string("object"), "additionalProperties": value.schema])
        case .nullable(let shape): .object(["oneOf": .array([shape.schema, .object(["type": .string("null")])])])
        }
    }

    /// Where `value` departs from this shape: a line per departure, naming its path, such as
    /// `$.sides[0].agreed: a string where an integer belongs`. Empty when it has the shape.
    public func departures(of value: CanonicalJSON, at path: String = "$") -> [String] {
        switch (self, value) {
        case (.nullable, .null), (.string, .string), (.boolean, .bool), (.integer, .integer), (.number, .integer),
            (.number, .number):
            return []
        case (.nullable(let shape), _):
            return shape.departures(of: value, at: path)
        case (.array(let element), .array(let items)):
            return items.enumerated().flatMap { element.departures(of: $1, at: "\(path)[\($0)]") }
        case (.map(let shape), .object(let members)):
            return members.keys.sorted().flatMap { shape.departures(of: members[$0] ?? .null, at: "\(path).\($0)") }
        case (.object(let shapes, let required, let open), .object(let members)):
            var found = required.subtracting(members.keys).sorted().map { "\(path).\($0): missing" }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let shape = shapes[name] {
                    found += shape.departures(of: member, at: "\(path).\(name)")
                } else if !open {
                    found.append("\(path).\(name): not part of the shape")
                }
            }
            return found
        default:
            return ["\(path): \(value.kindInWords) where \(description) belongs"]
        }
    }

    /// What a value of this shape is, in words.
    var description: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        case .object, .map: "an object"
        case .array: "an array"
        case .nullable(let shape): shape.description + " or null"
        }
    }
}
