/// SQLite's `round(X, N)` (3.40, the system library GRDB links), to the bit: it prints X with
/// `%.Nf` in long double arithmetic (adding a nudge of 3e-16·X so that a sum a hair below a
/// half rounds up) and parses the text back. The fold's cost totals and the memory backend's
/// rounded sums must equal what SQL stores, not merely be close.
public enum SQLiteRound {
    public static func round(_ value: Double, places: Int) -> Double {
        guard abs(value) <= 4503599627370496.0, places > 0 else {
            guard places <= 0, abs(value) <= 4503599627370496.0 else { return value }
            return Double(Int64(value + (value < 0 ? -0.5 : 0.5)))
        }
        #if arch(x86_64) || arch(i386)
        return parse(print(value, places: places), places: places)
        #else
        return (value * pow10(places)).rounded() / pow10(places)
        #endif
    }

    #if arch(x86_64) || arch(i386)
    private static let roundingTerms: [Double] = [5.0e-01, 5.0e-02, 5.0e-03, 5.0e-04, 5.0e-05, 5.0e-06, 5.0e-07, 5.0e-08, 5.0e-09, 5.0e-10]

    /// The digits `%.Nf` prints (sign, then every digit, without the point), as SQLite's printf does.
    private static func print(_ value: Double, places: Int) -> (negative: Bool, digits: [UInt8]) {
        let negative = value < 0
        var real = Float80(abs(value))
        var rounder = Float80(roundingTerms[places % 10])
        var index = places
        while index >= 10 {
            rounder *= Float80(1.0e-10 as Double)
            index -= 10
        }
        let exponent = Int(((abs(value).bitPattern >> 52) & 0x7ff)) - 1023
        if places + exponent / 3 < 15 { rounder += real * Float80(3e-16 as Double) }
        real += rounder
        var exp = 0
        if real > 0 {
            var scale: Float80 = 1
            while real >= Float80(1e100 as Double) * scale && exp <= 350 { scale *= Float80(1e100 as Double); exp += 100 }
            while real >= Float80(1e10 as Double) * scale && exp <= 350 { scale *= Float80(1e10 as Double); exp += 10 }
            while real >= 10 * scale && exp <= 350 { scale *= 10; exp += 1 }
            real /= scale
            while real < Float80(1e-8 as Double) { real *= Float80(1e8 as Double); exp -= 8 }
            while real < 1 { real *= 10; exp -= 1 }
        }
        var significant = 16
        var digits: [UInt8] = []
        func digit() -> UInt8 {
            guard significant > 0 else { return 0 }
            significant -= 1
            let whole = Int(real)
            real = (real - Float80(whole)) * 10
            return UInt8(whole)
        }
        var e2 = exp
        if e2 < 0 {
            digits.append(0)
        } else {
            while e2 >= 0 { digits.append(digit()); e2 -= 1 }
        }
        var precision = places
        e2 += 1
        while e2 < 0 { digits.append(0); precision -= 1; e2 += 1 }
        while precision > 0 { digits.append(digit()); precision -= 1 }
        return (negative, digits)
    }

    /// The number SQLite's `sqlite3AtoF` reads from the printed digits, `places` of them after the point.
    private static func parse(_ printed: (negative: Bool, digits: [UInt8]), places: Int) -> Double {
        var significand: Int64 = 0
        var exponent = -places
        for digit in printed.digits {
            if significand >= (Int64.max - 9) / 10 {
                exponent += 1
            } else {
                significand = significand * 10 + Int64(digit)
            }
        }
        if significand == 0 { return printed.negative ? -0.0 : 0.0 }
        var magnitude = -exponent
        if exponent > 0 {
            while significand < Int64.max / 10 && exponent > 0 { significand *= 10; exponent -= 1 }
            return Double(Float80(printed.negative ? -significand : significand) * power(exponent))
        }
        while significand % 10 == 0 && magnitude > 0 { significand /= 10; magnitude -= 1 }
        let signed = Float80(printed.negative ? -significand : significand)
        return magnitude == 0 ? Double(signed) : Double(signed / power(magnitude))
    }

    /// 10^e as SQLite's AtoF builds it in long double.
    private static func power(_ e: Int) -> Float80 {
        var scale: Float80 = 1
        var e = e
        while e % 22 != 0 { scale *= 10; e -= 1 }
        while e > 0 { scale *= Float80(1.0e22 as Double); e -= 22 }
        return scale
    }
    #else
    private static func pow10(_ places: Int) -> Double {
        (0..<places).reduce(1.0) { value, _ in value * 10 }
    }
    #endif
}
