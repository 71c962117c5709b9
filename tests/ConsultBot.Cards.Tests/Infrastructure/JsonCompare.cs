using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsultBot.Cards.Tests.Infrastructure;

/// <summary>Deep JSON equality as JavaScript sees it (numbers by value, object key order ignored).</summary>
internal static class JsonCompare
{
    /// <returns>null when equal, else the path and the two values of the first difference.</returns>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.TryGetPropertyValue(key, out var other))
                    {
                        return $"{path}.{key}: missing in actual (expected {Show(value)})";
                    }

                    if (FirstDifference(value, other, $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                foreach (var (key, value) in a)
                {
                    if (!e.ContainsKey(key))
                    {
                        return $"{path}.{key}: unexpected in actual ({Show(value)})";
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count)
                    {
                        return $"{path}: array length expected {e.Count}, actual {a.Count}";
                    }

                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            case (JsonValue e, JsonValue a)
                when e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number:
                return Num(e) == Num(a) ? null : $"{path}: expected {Show(e)}, actual {Show(a)}";
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: expected {Show(expected)}, actual {Show(actual)}";
        }
    }

    private static double Num(JsonValue v) => double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Show(JsonNode? node)
    {
        var s = node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        return s.Length > 300 ? s[..300] + "…" : s;
    }
}
