import Tagged

/// A value the store holds: the id it was given and the value as saved.
///
/// A round, agreement or exchange is first a plain value, checked when it is made and with no id, and
/// becomes `Saved` only when the store returns it; code that needs an id (a journal subject, a link)
/// asks for a `Saved` value, so that nothing unsaved can be journaled as `round:0`. The value's
/// properties read through, as `agreement.quantity`.
@dynamicMemberLookup
public struct Saved<Value: Hashable & Sendable>: Hashable, Sendable {
    public typealias ID = Tagged<Value, Int64>

    public let id: ID
    public var value: Value

    public init(id: ID, _ value: Value) {
        self.id = id
        self.value = value
    }

    public subscript<Property>(dynamicMember path: KeyPath<Value, Property>) -> Property {
        value[keyPath: path]
    }

    public subscript<Property>(dynamicMember path: WritableKeyPath<Value, Property>) -> Property {
        get { value[keyPath: path] }
        set { value[keyPath: path] = newValue }
    }
}

extension Saved: Encodable where Value: Encodable {
    /// The value's own keys with `id` beside them, as one object: `{"id": 3, "venueCity": …}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: IDKey.self)
        try container.encode(id, forKey: .id)
        try value.encode(to: encoder)
    }

    private enum IDKey: String, CodingKey {
        case id
    }
}
