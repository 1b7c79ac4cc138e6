// Templates: renders the logic-less mustache templates of templates/ (embedded at build time by
// the EmbedTemplates plugin) with a dictionary of values. Every generated text file a user or
// a server sees — profiles, units, exported OpenVPN configs — comes from here.

import Mustache

/// Renders embedded templates.
public enum Templates {
    /// A template that is missing or does not parse; a programming error caught by tests.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The names of all embedded templates, e.g. "client.ovpn".
    public static var names: [String] { EmbeddedTemplates.files.keys.sorted() }

    /// The raw text of a template.
    public static func source(_ name: String) throws -> String {
        guard let text = EmbeddedTemplates.files[name] else {
            throw Problem(description: "no template '\(name)' in templates/ (have: \(names.joined(separator: ", ")))")
        }
        return text
    }

    /// Renders template `name` with `values` (strings, numbers, booleans, arrays of dictionaries).
    public static func render(_ name: String, _ values: [String: Any]) throws -> String {
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: try source(name))
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(description: "template '\(name)' does not parse: \(error)")
        }
        return template.render(values)
    }
}
