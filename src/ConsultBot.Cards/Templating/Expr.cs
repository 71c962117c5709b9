using System.Text;

namespace ConsultBot.Cards.Templating;

/// <summary>adaptive-expressions' static return types (used by its parse-time argument checks).</summary>
[Flags]
internal enum ReturnType
{
    Boolean = 1,
    Number = 2,
    Object = 4, // "anything": paths, if(), element access
    String = 8,
    Array = 16,
}

/// <summary>Expression tree. <see cref="ToString"/> reproduces adaptive-expressions' canonical text,
/// which the npm engine writes back as <c>${...}</c> when a part of an interpolated string fails.</summary>
internal abstract record Expr
{
    public abstract ReturnType ReturnType { get; }
}

internal sealed record ConstExpr(object? Value) : Expr
{
    public override ReturnType ReturnType => Value switch
    {
        bool => ReturnType.Boolean,
        double => ReturnType.Number,
        string => ReturnType.String,
        _ => ReturnType.Object,
    };

    public override string ToString() => Value switch
    {
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
        null => "null",
        _ => JsValue.StringCoerce(Value),
    };
}

/// <summary><c>name</c> or <c>instance.name</c>.</summary>
internal sealed record AccessorExpr(string Name, Expr? Instance) : Expr
{
    public override ReturnType ReturnType => ReturnType.Object;

    public override string ToString() => Instance is null ? Name : $"{Instance}.{Name}";
}

/// <summary><c>instance[index]</c>.</summary>
internal sealed record ElementExpr(Expr Instance, Expr Index) : Expr
{
    public override ReturnType ReturnType => ReturnType.Object;

    public override string ToString() => $"{Instance}[{Index}]";
}

/// <summary>A function or operator; <see cref="Name"/> is the canonical name (operators by symbol).</summary>
internal sealed record CallExpr(string Name, IReadOnlyList<Expr> Args) : Expr
{
    public override ReturnType ReturnType => Name switch
    {
        "+" => ReturnType.String | ReturnType.Number,
        "-" or "*" or "/" or "count" or "length" => ReturnType.Number,
        "==" or "!=" or "<" or "<=" or ">" or ">=" or "&&" or "||" or "!" or "empty" => ReturnType.Boolean,
        "concat" => ReturnType.String | ReturnType.Array,
        "string" or "join" or "formatNumber" => ReturnType.String,
        _ => ReturnType.Object, // if
    };

    public override string ToString()
    {
        if (Name == "!")
        {
            return $"!({Args[0]})";
        }

        if (!char.IsLetter(Name[0]) && Args.Count >= 2)
        {
            return "(" + string.Join($" {Name} ", Args) + ")";
        }

        return Name + "(" + string.Join(", ", Args) + ")";
    }
}

/// <summary>An interpolated string: literal text and expressions, evaluated as AEL's <c>concat</c>.</summary>
internal sealed record InterpolationExpr(IReadOnlyList<Expr> Parts) : Expr
{
    public override ReturnType ReturnType => ReturnType.String;

    public override string ToString()
    {
        var sb = new StringBuilder("`");
        foreach (var p in Parts)
        {
            if (p is ConstExpr { Value: string s })
            {
                sb.Append(s);
            }
            else
            {
                sb.Append("${").Append(p).Append('}');
            }
        }

        return sb.Append('`').ToString();
    }
}
