/// The type of a JSON value, as reported by the scanners so callers can check the shape of a
/// value (e.g. "payload must be an object") without materialising it.
public enum JSONValueKind: Sendable, Equatable {
    case object, array, string, number, bool, null
}
