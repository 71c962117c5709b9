using System.Globalization;
using System.Text.Json.Nodes;

namespace ConsultBot.Cards.Templating;

/// <summary>Result of evaluating an expression: a value, or an error message (never both).</summary>
internal readonly record struct EvalResult(object? Value, string? Error)
{
    public static EvalResult Ok(object? value) => new(value, null);

    public static EvalResult Fail(string error) => new(Undefined.Value, error);
}

/// <summary>The scope an expression sees: <c>$root</c>, <c>$data</c> (defaults to <c>$root</c>), <c>$index</c>.</summary>
internal sealed class Scope
{
    public required object? Root { get; init; }

    public object? Data { get; set; } = Undefined.Value;

    public object? Index { get; set; } = Undefined.Value;

    public object? EffectiveData => Data is Undefined ? Root : Data;
}

/// <summary>
/// Evaluates expressions with adaptive-expressions' semantics (4.23, as used by adaptivecards-templating 2.3):
/// case-insensitive property lookup, "null substitution" (a path that resolves to nothing becomes the text
/// <c>${path}</c> unless the function clears it), truthiness (only false/null/undefined are false), JavaScript
/// number formatting and integer division.
/// </summary>
internal static class Evaluator
{
    private const double JsNumberEpsilon = 2.220446049250313e-16; // Number.EPSILON

    private static readonly string[] ReservedNames = ["$root", "$data", "$index", "$host", "$_acTemplateVersion"];

    public static EvalResult Eval(Expr expr, Scope scope, bool subst) => expr switch
    {
        ConstExpr c => EvalResult.Ok(c.Value),
        AccessorExpr a => EvalAccessor(a, scope, subst),
        ElementExpr e => EvalElement(e, scope, subst),
        CallExpr call => EvalCall(call, scope, subst),
        InterpolationExpr i => Concat([new ConstExpr(string.Empty), .. i.Parts], scope, subst),
        _ => EvalResult.Fail($"unknown expression {expr}"),
    };

    /// <summary>
    /// The template engine's own top-level evaluation: a string concatenation (interpolated text,
    /// <c>concat()</c> or <c>&amp;</c>) is evaluated part by part with JavaScript <c>toString()</c>, and a part
    /// that fails is written back as <c>${part}</c>.
    /// </summary>
    public static EvalResult EvalTop(Expr expr, Scope scope, bool subst)
    {
        IReadOnlyList<Expr>? parts = expr switch
        {
            InterpolationExpr i => i.Parts,
            CallExpr { Name: "concat" } c => c.Args,
            _ => null,
        };
        if (parts is null || !subst)
        {
            return Eval(expr, scope, subst);
        }

        var sb = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            var r = Eval(part, scope, subst);
            sb.Append(r.Error is null ? JsValue.ToJsString(r.Value) : "${" + part + "}");
        }

        return EvalResult.Ok(sb.ToString());
    }

    private static EvalResult EvalAccessor(AccessorExpr expr, Scope scope, bool subst)
    {
        // Accumulate "a.b[0].c" the way adaptive-expressions does, then resolve it in one go.
        var path = string.Empty;
        Expr? left = expr;
        while (left is not null)
        {
            if (left is AccessorExpr a)
            {
                path = a.Name + "." + path;
                left = a.Instance;
            }
            else if (left is ElementExpr e)
            {
                var idx = Eval(e.Index, scope, subst);
                if (idx.Error is not null)
                {
                    return idx;
                }

                if (JsValue.TryParseIntPrefix(JsValue.StringCoerce(idx.Value), out _))
                {
                    path = "[" + JsValue.StringCoerce(idx.Value) + "]." + path;
                }
                else if (idx.Value is string s)
                {
                    path = "['" + s + "']." + path;
                }
                else
                {
                    return EvalResult.Fail($"{e.Index} doesn't return an int or string");
                }

                left = e.Instance;
            }
            else
            {
                break;
            }
        }

        path = path.TrimEnd('.').Replace(".[", "[", StringComparison.Ordinal);
        object? value;
        if (left is null)
        {
            var full = path.StartsWith('$') ? path : "$data." + path;
            var parts = SplitPath(full);
            value = ResolveReserved(parts[0], scope);
            value = Walk(value, parts.AsSpan(1));
        }
        else
        {
            var scopeValue = Eval(left, scope, subst);
            if (scopeValue.Error is not null)
            {
                return scopeValue;
            }

            value = scopeValue.Value is Undefined ? Undefined.Value : Walk(scopeValue.Value, SplitPath(path));
        }

        if (value is Undefined && subst)
        {
            return EvalResult.Ok("${" + path + "}");
        }

        return EvalResult.Ok(value);
    }

    private static object? ResolveReserved(string name, Scope scope)
    {
        var match = ReservedNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return match switch
        {
            "$root" => scope.Root,
            "$data" => scope.EffectiveData,
            "$index" => scope.Index,
            "$_acTemplateVersion" => new JsonObject { ["major"] = 2, ["minor"] = 3, ["patch"] = 1, ["suffix"] = string.Empty },
            _ => Undefined.Value,
        };
    }

    private static string[] SplitPath(string path) =>
        [.. path.Split(['.', '[', ']'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Length >= 2 && ((p[0] == '\'' && p[^1] == '\'') || (p[0] == '"' && p[^1] == '"')) ? p[1..^1] : p)];

    private static object? Walk(object? current, ReadOnlySpan<string> parts)
    {
        foreach (var part in parts)
        {
            if (JsValue.TryParseIntPrefix(part, out var idx) && current is JsonArray arr)
            {
                if (idx < 0 || idx >= arr.Count)
                {
                    return Undefined.Value;
                }

                current = JsValue.FromNode(arr[idx]);
            }
            else
            {
                current = AccessProperty(current, part);
            }
        }

        return current;
    }

    /// <summary>JavaScript property access, case-insensitive as in adaptive-expressions.</summary>
    private static object? AccessProperty(object? instance, string property)
    {
        switch (instance)
        {
            case null or Undefined or false or "":
            case double d when d == 0 || double.IsNaN(d):
                return Undefined.Value;
            case JsonObject o:
                foreach (var (key, v) in o)
                {
                    if (string.Equals(key, property, StringComparison.OrdinalIgnoreCase))
                    {
                        return JsValue.FromNode(v);
                    }
                }

                return Undefined.Value;
            case string s:
                return int.TryParse(property, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < s.Length
                    && i.ToString(CultureInfo.InvariantCulture) == property ? s[i].ToString() : Undefined.Value;
            default:
                return Undefined.Value;
        }
    }

    private static EvalResult EvalElement(ElementExpr expr, Scope scope, bool subst)
    {
        var inst = Eval(expr.Instance, scope, subst);
        if (inst.Error is not null)
        {
            return inst;
        }

        var idx = Eval(expr.Index, scope, subst: false);
        if (idx.Error is not null)
        {
            return idx;
        }

        if (JsValue.IsInteger(idx.Value))
        {
            var i = (double)idx.Value!;
            if (JsValue.IsNullish(inst.Value))
            {
                return EvalResult.Ok(Undefined.Value);
            }

            if (inst.Value is JsonArray arr)
            {
                return i >= 0 && i < arr.Count
                    ? EvalResult.Ok(JsValue.FromNode(arr[(int)i]))
                    : EvalResult.Fail($"{JsValue.NumberToString(i)} is out of range for {expr.Instance}");
            }

            return EvalResult.Fail($"{expr.Instance} is not a collection.");
        }

        if (idx.Value is string s)
        {
            return EvalResult.Ok(AccessProperty(inst.Value, s));
        }

        return EvalResult.Fail($"Could not coerce {expr.Index} to an int or string.");
    }

    private static EvalResult EvalCall(CallExpr call, Scope scope, bool subst)
    {
        switch (call.Name)
        {
            case "!":
            {
                var r = Eval(call.Args[0], scope, subst: false);
                return EvalResult.Ok(r.Error is not null || !IsLogicTrue(r.Value));
            }

            case "&&":
                foreach (var arg in call.Args)
                {
                    var r = Eval(arg, scope, subst: false);
                    if (r.Error is not null || !IsLogicTrue(r.Value))
                    {
                        return EvalResult.Ok(false);
                    }
                }

                return EvalResult.Ok(true);
            case "||":
            {
                // Quirk kept on purpose: when nothing is true, or() yields the last operand's raw value.
                object? result = false;
                foreach (var arg in call.Args)
                {
                    var r = Eval(arg, scope, subst: false);
                    result = r.Value;
                    if (r.Error is null && IsLogicTrue(r.Value))
                    {
                        return EvalResult.Ok(true);
                    }
                }

                return EvalResult.Ok(result);
            }

            case "if":
            {
                var cond = Eval(call.Args[0], scope, subst: false);
                return Eval(cond.Error is null && IsLogicTrue(cond.Value) ? call.Args[1] : call.Args[2], scope, subst);
            }

            case "==" or "!=" or "<" or "<=" or ">" or ">=" or "empty":
                return Comparison(call, scope);
            case "concat":
                return Concat(call.Args, scope, subst);
        }

        var args = new List<object?>(call.Args.Count);
        foreach (var arg in call.Args)
        {
            var r = Eval(arg, scope, subst);
            if (r.Error is not null)
            {
                return r;
            }

            args.Add(r.Value);
        }

        return call.Name switch
        {
            "+" => Add(call, args),
            "-" or "*" or "/" => Arithmetic(call, args),
            "count" => Count(call, args[0]),
            "length" => args[0] switch
            {
                string s => EvalResult.Ok((double)s.Length),
                Undefined => EvalResult.Ok(0d),
                _ => EvalResult.Fail($"{call.Args[0]} is neither a string nor a null object."),
            },
            "string" => EvalResult.Ok(StringFn(args)),
            "join" => Join(call, args),
            "formatNumber" => FormatNumberFn(args),
            _ => EvalResult.Fail($"Unknown function {call.Name}"),
        };
    }

    public static bool IsLogicTrue(object? value) => value switch
    {
        bool b => b,
        null or Undefined => false,
        _ => true,
    };

    private static EvalResult Comparison(CallExpr call, Scope scope)
    {
        // Comparison functions never substitute missing paths, and an argument error makes them false.
        var args = new List<object?>();
        foreach (var arg in call.Args)
        {
            var r = Eval(arg, scope, subst: false);
            if (r.Error is not null)
            {
                return EvalResult.Ok(false);
            }

            var bad = call.Name switch
            {
                "<" or "<=" or ">" or ">=" => JsValue.IsNullish(r.Value),
                "empty" => r.Value is bool or double,
                _ => false,
            };
            if (bad)
            {
                return EvalResult.Ok(false);
            }

            args.Add(r.Value);
        }

        switch (call.Name)
        {
            case "==": return EvalResult.Ok(CommonEquals(args[0], args[1]));
            case "!=": return EvalResult.Ok(!CommonEquals(args[0], args[1]));
            case "empty":
                return EvalResult.Ok(args[0] switch
                {
                    null or Undefined => true,
                    string s => s.Length == 0,
                    JsonArray a => a.Count == 0,
                    JsonObject o => o.Count == 0,
                    _ => false,
                });
        }

        int cmp;
        if (args[0] is double x && args[1] is double y && !double.IsNaN(x) && !double.IsNaN(y))
        {
            cmp = x.CompareTo(y);
        }
        else if (args[0] is string s1 && args[1] is string s2)
        {
            cmp = string.CompareOrdinal(s1, s2);
        }
        else
        {
            return EvalResult.Fail($"{JsValue.StringCoerce(args[0])} and {JsValue.StringCoerce(args[1])} must be comparable.");
        }

        return EvalResult.Ok(call.Name switch
        {
            "<" => cmp < 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            _ => cmp >= 0,
        });
    }

    private static bool CommonEquals(object? a, object? b)
    {
        if (JsValue.IsNullish(a) || JsValue.IsNullish(b))
        {
            return JsValue.IsNullish(a) && JsValue.IsNullish(b);
        }

        if (a is JsonNode na && b is JsonNode nb)
        {
            return JsonNode.DeepEquals(na, nb);
        }

        if (a is double x && b is double y)
        {
            return x == y || Math.Abs(x - y) < JsNumberEpsilon;
        }

        return a switch
        {
            string s => b is string t && string.Equals(s, t, StringComparison.Ordinal),
            bool p => b is bool q && p == q,
            _ => false,
        };
    }

    private static EvalResult Concat(IReadOnlyList<Expr> parts, Scope scope, bool subst)
    {
        object? soFar = Undefined.Value;
        for (var i = 0; i < parts.Count; i++)
        {
            var r = Eval(parts[i], scope, subst);
            if (r.Error is not null)
            {
                return r;
            }

            if (i == 0)
            {
                soFar = r.Value;
                continue;
            }

            var first = soFar;
            var second = r.Value;
            if (JsValue.IsNullish(first) && JsValue.IsNullish(second))
            {
                soFar = Undefined.Value;
            }
            else if (JsValue.IsNullish(first) && second is JsonArray)
            {
                soFar = second;
            }
            else if (JsValue.IsNullish(second) && first is JsonArray)
            {
                soFar = first;
            }
            else if (first is JsonArray fa && second is JsonArray sa)
            {
                soFar = new JsonArray([.. fa.Select(n => n?.DeepClone()), .. sa.Select(n => n?.DeepClone())]);
            }
            else
            {
                soFar = JsValue.CommonStringify(first) + JsValue.CommonStringify(second);
            }
        }

        return EvalResult.Ok(soFar);
    }

    private static EvalResult Add(CallExpr call, List<object?> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is not (string or Undefined) && !JsValue.IsNumber(args[i]))
            {
                return EvalResult.Fail($"{call.Args[i]} is neither a number nor string");
            }
        }

        var soFar = args[0];
        for (var i = 1; i < args.Count; i++)
        {
            var a = soFar;
            var b = args[i];
            if ((JsValue.IsNullish(a) && JsValue.IsNumber(b)) || (JsValue.IsNullish(b) && JsValue.IsNumber(a)))
            {
                return EvalResult.Fail("Operator '+' or add cannot be applied to operands of type 'number' and null object.");
            }

            if (!JsValue.IsNumber(a) || !JsValue.IsNumber(b))
            {
                soFar = (JsValue.IsNullish(a) ? string.Empty : JsValue.StringCoerce(a)) + (JsValue.IsNullish(b) ? string.Empty : JsValue.StringCoerce(b));
            }
            else
            {
                soFar = (double)a! + (double)b!;
            }
        }

        return EvalResult.Ok(soFar);
    }

    private static EvalResult Arithmetic(CallExpr call, List<object?> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!JsValue.IsNumber(args[i]))
            {
                return EvalResult.Fail($"{call.Args[i]} is not a number.");
            }

            if (call.Name == "/" && i > 0 && (double)args[i]! == 0)
            {
                return EvalResult.Fail($"Cannot divide by 0 from {call}");
            }
        }

        var soFar = (double)args[0]!;
        for (var i = 1; i < args.Count; i++)
        {
            var b = (double)args[i]!;
            soFar = call.Name switch
            {
                "-" => soFar - b,
                "*" => soFar * b,
                // div() of two integers is integer division rounded down, as in adaptive-expressions.
                _ => JsValue.IsInteger(soFar) && JsValue.IsInteger(b) ? Math.Floor(soFar / b) : soFar / b,
            };
        }

        return EvalResult.Ok(soFar);
    }

    private static EvalResult Count(CallExpr call, object? value) => value switch
    {
        string s => EvalResult.Ok((double)s.Length),
        JsonArray a => EvalResult.Ok((double)a.Count),
        JsonObject o => EvalResult.Ok((double)o.Count),
        null => EvalResult.Fail("Cannot convert undefined or null to object"),
        _ => EvalResult.Fail($"{call.Args[0]} must be a string, list, map or object."),
    };

    private static string StringFn(List<object?> args)
    {
        var locale = args.Count == 2 && args[1] is string l ? l : "en-US";
        return args[0] switch
        {
            string s => s,
            double d when !double.IsNaN(d) => FormatFixed(d, FractionDigits(d), locale),
            _ => JsValue.CommonStringify(args[0]),
        };
    }

    private static int FractionDigits(double d)
    {
        var s = JsValue.NumberToString(d);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : s.Length - dot - 1;
    }

    private static EvalResult Join(CallExpr call, List<object?> args)
    {
        if (args[0] is not JsonArray arr)
        {
            return EvalResult.Fail($"{call.Args[0]} evaluates to {JsValue.StringCoerce(args[0])} which is not a list.");
        }

        var items = arr.Select(JsValue.FromNode).ToList();
        string Sep(object? s) => s is Undefined ? "," : JsValue.StringCoerce(s);
        if (args.Count == 2)
        {
            return EvalResult.Ok(JsValue.ArrayJoin(items, Sep(args[1])));
        }

        if (items.Count < 3)
        {
            return EvalResult.Ok(JsValue.ArrayJoin(items, Sep(args[2])));
        }

        return EvalResult.Ok(JsValue.ArrayJoin(items.Take(items.Count - 1), Sep(args[1]))
            + JsValue.StringCoerce(args[2]) + JsValue.StringCoerce(items[^1]));
    }

    private static EvalResult FormatNumberFn(List<object?> args)
    {
        if (!JsValue.IsNumber(args[0]))
        {
            return EvalResult.Fail($"formatNumber first argument {JsValue.StringCoerce(args[0])} must be a number");
        }

        if (!JsValue.IsNumber(args[1]))
        {
            return EvalResult.Fail($"formatNumber second argument {JsValue.StringCoerce(args[1])} must be a number");
        }

        var number = (double)args[0]!;
        var precision = (double)args[1]!;
        if (!JsValue.IsInteger(precision) || precision < 0)
        {
            return EvalResult.Fail($"invalid format: ,.{JsValue.NumberToString(precision)}f");
        }

        var locale = args.Count == 3 && args[2] is string l ? l : "en-US";
        var scale = Math.Pow(10, precision);
        var rounded = Math.Floor(number * scale + 0.5) / scale; // Math.round: halves go up
        return EvalResult.Ok(FormatFixed(rounded, (int)Math.Min(precision, 20), locale));
    }

    /// <summary>d3-format's <c>",.Nf"</c> with adaptive-expressions' locale table (en-US default, pl-PL).</summary>
    internal static string FormatFixed(double value, int precision, string locale)
    {
        precision = Math.Clamp(precision, 0, 20);
        var (decimalSep, thousands) = locale switch
        {
            "pl-PL" => (",", "."),
            _ => (".", ","),
        };
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var fixedText = Math.Abs(value).ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (negative && fixedText.All(c => c is '0' or '.'))
        {
            negative = false; // d3 hides the sign of a value that rounds to zero
        }

        var dot = fixedText.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? fixedText : fixedText[..dot];
        var frac = dot < 0 ? string.Empty : fixedText[(dot + 1)..];
        var grouped = new System.Text.StringBuilder();
        for (var i = 0; i < intPart.Length; i++)
        {
            if (i > 0 && (intPart.Length - i) % 3 == 0)
            {
                grouped.Append(thousands);
            }

            grouped.Append(intPart[i]);
        }

        return (negative ? "\u2212" : string.Empty) + grouped + (frac.Length > 0 ? decimalSep + frac : string.Empty);
    }
}
