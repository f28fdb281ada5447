import ParleyJSON
import ParleyLedger
import Testing

/// A shape says where a value departs from it, by path, so that a representation's test fails on a
/// member renamed, dropped, added or of another type.
@Suite("JSON shapes: each departure named by its path")
struct JSONShapeTests {
    let shape = JSONShape.object([
        "id": .integer, "name": .string, "weight": .number, "note": .nullable(.string),
        "sides": .array(of: .object(["count": .integer, "done": .boolean])), "outcomes": .map(of: .integer),
    ])

    private func departures(_ text: String) throws -> [String] {
        shape.departures(of: try CanonicalJSON(parsing: text))
    }

    @Test("a value of the shape has no departure; a nullable member may be null or left out; a whole number is a number")
    func conforming() throws {
        #expect(
            try departures(
                #"{"id":1,"name":"a","weight":2,"note":null,"sides":[{"count":3,"done":true}],"outcomes":{"x":1}}"#) == [])
        #expect(try departures(#"{"id":1,"name":"a","weight":2.5,"sides":[],"outcomes":{}}"#) == [])
    }

    @Test("a missing member, an unknown member, a wrong type, deep in arrays and maps, each named by its path")
    func departing() throws {
        #expect(
            try departures(#"{"id":1.5,"weight":"2","extra":0,"sides":[{"count":1,"done":1}],"outcomes":{"x":"1"},"note":3}"#)
                == [
                    "$.name: missing", "$.extra: not part of the shape", "$.id: a number where an integer belongs",
                    "$.note: a number where a string belongs", "$.outcomes.x: a string where an integer belongs",
                    "$.sides[0].done: a number where true or false belongs", "$.weight: a string where a number belongs",
                ])
        #expect(try departures("[]") == ["$: an array where an object belongs"])
    }

    @Test("the schema written into the OpenAPI document says the same: types, required members, nothing else allowed")
    func schema() {
        let schema = JSONShape.object(["id": .integer, "note": .nullable(.string)]).schema
        #expect(
            schema
                == .object([
                    "type": .string("object"),
                    "properties": .object([
                        "id": .object(["type": .string("integer")]),
                        "note": .object([
                            "oneOf": .array([.object(["type": .string("string")]), .object(["type": .string("null")])])
                        ]),
                    ]),
                    "required": .array([.string("id")]), "additionalProperties": .bool(false),
                ]))
    }
}
