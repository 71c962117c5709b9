using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsultBot.Cards.Templating;

/// <summary>JavaScript's <c>undefined</c>: a path that resolved to nothing (distinct from JSON null).</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }

    public override string ToString() => "undefined";
}

/// <summary>
/// Runtime values mirror what the npm engine sees after <c>JSON.parse</c>: <see cref="Undefined"/>,
/// <c>null</c>, <see cref="bool"/>, <see cref="double"/>, <see cref="string"/>, <see cref="JsonObject"/>,
/// <see cref="JsonArray"/>. Data nodes are never mutated; they are cloned when written to the output.
/// </summary>
internal static class JsValue
{
    public static bool IsNullish(object? v) => v is null or Undefined;

    public static bool IsNumber(object? v) => v is double d && !double.IsNaN(d);

    public static bool IsInteger(object? v) => v is double d && double.IsFinite(d) && Math.Floor(d) == d;

    /// <summary>JSON node → runtime value (JSON numbers become doubles, as in JavaScript).</summary>
    public static object? FromNode(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject or JsonArray:
                return node;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: return v.GetValue<string>();
                    case JsonValueKind.True: return true;
                    case JsonValueKind.False: return false;
                    case JsonValueKind.Number:
                        return v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
                    case JsonValueKind.Null: return null;
                    default: return null;
                }

            default:
                return null;
        }
    }

    /// <summary>Runtime value → fresh JSON node (null for null; callers handle undefined).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null or Undefined => null,
        bool b => JsonValue.Create(b),
        double d => NumberNode(d),
        string s => JsonValue.Create(s),
        JsonNode n => n.DeepClone(),
        _ => throw new InvalidOperationException($"Unexpected runtime value {value.GetType()}"),
    };

    private static JsonValue NumberNode(double d)
    {
        // JSON.stringify writes -0 as 0 and non-finite numbers as null; integers without a fraction.
        if (d == 0)
        {
            return JsonValue.Create(0);
        }

        if (!double.IsFinite(d))
        {
            throw new CardTemplateException("expression produced a non-finite number");
        }

        return Math.Abs(d) < 9007199254740992d && Math.Floor(d) == d ? JsonValue.Create((long)d) : JsonValue.Create(d);
    }

    /// <summary>JavaScript <c>x.toString()</c>; throws where JavaScript would (null/undefined).</summary>
    public static string ToJsString(object? value) => value switch
    {
        null => throw new CardTemplateException("Cannot read properties of null (reading 'toString')"),
        Undefined => throw new CardTemplateException("Cannot read properties of undefined (reading 'toString')"),
        _ => StringCoerce(value),
    };

    /// <summary>JavaScript <c>String(x)</c>.</summary>
    public static string StringCoerce(object? value) => value switch
    {
        null => "null",
        Undefined => "undefined",
        string s => s,
        bool b => b ? "true" : "false",
        double d => NumberToString(d),
        JsonArray a => ArrayJoin(a.Select(FromNode), ","),
        JsonObject => "[object Object]",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>JavaScript <c>Array.prototype.join</c>: null/undefined items become empty strings.</summary>
    public static string ArrayJoin(IEnumerable<object?> items, string separator)
    {
        var sb = new StringBuilder();
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                sb.Append(separator);
            }

            first = false;
            if (!IsNullish(item))
            {
                sb.Append(StringCoerce(item));
            }
        }

        return sb.ToString();
    }

    /// <summary>adaptive-expressions' <c>commonStringify</c>: null → "", objects → JSON without outer quotes.</summary>
    public static string CommonStringify(object? value)
    {
        if (IsNullish(value))
        {
            return string.Empty;
        }

        if (value is JsonNode node)
        {
            return Stringify(node).Trim('\'', '"');
        }

        return StringCoerce(value);
    }

    /// <summary>ECMAScript Number::toString(10).</summary>
    public static string NumberToString(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        if (d == 0)
        {
            return "0";
        }

        var sign = d < 0 ? "-" : string.Empty;
        // "R" gives the shortest round-trip digits; re-layout them by the ECMAScript rules.
        var shortest = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        string mantissa;
        var exp = 0;
        var ePos = shortest.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            mantissa = shortest[..ePos];
            exp = int.Parse(shortest[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            mantissa = shortest;
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        var n = intPart.Length + exp - leadingZeros; // position of the decimal point relative to digits
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        string body;
        if (k <= n && n <= 21)
        {
            body = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            body = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            body = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var es = e >= 0 ? "+" + e.ToString(CultureInfo.InvariantCulture) : e.ToString(CultureInfo.InvariantCulture);
            body = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + es;
        }

        return sign + body;
    }

    /// <summary>JavaScript <c>JSON.stringify</c> of a node (compact, JS escaping and number format).</summary>
    public static string Stringify(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in o)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, k);
                    sb.Append(':');
                    Write(sb, v);
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(sb, a[i]);
                }

                sb.Append(']');
                break;
            default:
                switch (FromNode(node))
                {
                    case string s: WriteString(sb, s); break;
                    case double d: sb.Append(double.IsFinite(d) ? NumberToString(d) : "null"); break;
                    case bool b: sb.Append(b ? "true" : "false"); break;
                    default: sb.Append("null"); break;
                }

                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>JavaScript <c>parseInt(s)</c> for the integer-looking path segments of a memory path.</summary>
    public static bool TryParseIntPrefix(string s, out int value)
    {
        value = 0;
        var i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        var neg = false;
        if (i < s.Length && (s[i] == '-' || s[i] == '+'))
        {
            neg = s[i] == '-';
            i++;
        }

        var start = i;
        long acc = 0;
        while (i < s.Length && s[i] is >= '0' and <= '9')
        {
            acc = Math.Min(acc * 10 + (s[i] - '0'), int.MaxValue);
            i++;
        }

        if (i == start)
        {
            return false;
        }

        value = (int)(neg ? -acc : acc);
        return true;
    }
}
