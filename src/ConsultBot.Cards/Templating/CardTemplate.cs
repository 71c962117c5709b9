using System.Text.Json.Nodes;

namespace ConsultBot.Cards.Templating;

/// <summary>
/// A parsed Adaptive Card template: strings are parsed once into expressions, expansion binds data.
/// Expansion follows adaptivecards-templating 2.3.1: <c>$data</c> bound to an array repeats the element
/// (and sets <c>$index</c>), <c>$when</c> must evaluate to boolean <c>true</c> to keep it, items of arrays that
/// expand to null are dropped and array results are spliced into the parent array.
/// </summary>
internal sealed class CardTemplate
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion",
    };

    private readonly Node _root;

    private CardTemplate(Node root) => _root = root;

    public static CardTemplate Parse(JsonNode? template) => new(Prepare(template));

    /// <summary>Expands the template against <paramref name="root"/> (the <c>$root</c> data object).</summary>
    public JsonNode? Expand(JsonNode? root)
    {
        var scope = new Scope { Root = JsValue.FromNode(root) };
        var result = Expand(_root, scope);
        return result is Undefined ? null : (JsonNode?)result;
    }

    private abstract record Node;

    private sealed record LiteralNode(JsonNode? Value) : Node;

    private sealed record ExprNode(Expr Expr) : Node;

    private sealed record ArrayNode(IReadOnlyList<Node> Items) : Node;

    private sealed record ObjectNode(IReadOnlyList<KeyValuePair<string, Node>> Properties, Node? When, Node? Data) : Node;

    private static Node Prepare(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var props = o.Select(kv => new KeyValuePair<string, Node>(kv.Key, Prepare(kv.Value))).ToList();
                var when = props.Where(p => p.Key == "$when").Select(p => p.Value).FirstOrDefault();
                var data = props.Where(p => p.Key == "$data").Select(p => p.Value).FirstOrDefault();
                if (data is ArrayNode or ObjectNode)
                {
                    throw new CardTemplateException("$data must be a ${...} expression (literal arrays/objects are not supported)");
                }

                return new ObjectNode(props, when, data);
            }

            case JsonArray a:
                return new ArrayNode([.. a.Select(Prepare)]);
            case JsonValue v when JsValue.FromNode(v) is string s:
                var parsed = ExpressionParser.ParseTemplateString(s);
                return parsed is Expr e ? new ExprNode(e) : new LiteralNode(v);
            default:
                return new LiteralNode(node);
        }
    }

    /// <returns><see cref="Undefined"/>, null, or a new JSON node (arrays that came from a repeated
    /// element or an array-valued expression are spliced by the caller when inside an array).</returns>
    private static object? Expand(Node node, Scope scope)
    {
        var savedData = scope.Data;
        var savedIndex = scope.Index;
        try
        {
            return node switch
            {
                ArrayNode a => ExpandArray(a, scope),
                ExprNode e => ExpandExpr(e.Expr, scope),
                ObjectNode o => ExpandObject(o, scope),
                LiteralNode l => l.Value?.DeepClone(),
                _ => throw new InvalidOperationException(),
            };
        }
        finally
        {
            scope.Data = savedData;
            scope.Index = savedIndex;
        }
    }

    private static JsonArray ExpandArray(ArrayNode array, Scope scope)
    {
        var result = new JsonArray();
        foreach (var item in array.Items)
        {
            var expanded = Expand(item, scope);
            switch (expanded)
            {
                case null:
                    break; // dropped ($when false, empty $data, null)
                case Undefined:
                    result.Add(null); // JSON.stringify writes undefined array items as null
                    break;
                case JsonArray inner:
                    var children = inner.ToList();
                    inner.Clear();
                    foreach (var child in children)
                    {
                        result.Add(child);
                    }

                    break;
                default:
                    result.Add((JsonNode)expanded);
                    break;
            }
        }

        return result;
    }

    private static object? ExpandExpr(Expr expr, Scope scope)
    {
        var r = Evaluator.EvalTop(expr, scope, subst: true);
        if (r.Error is not null)
        {
            throw new CardTemplateException($"${{{expr}}}: {r.Error}");
        }

        return r.Value is Undefined ? Undefined.Value : JsValue.ToNode(r.Value);
    }

    private static object? ExpandObject(ObjectNode node, Scope scope)
    {
        List<object?> contexts;
        var isArray = false;
        if (node.Data is null)
        {
            contexts = [Undefined.Value];
        }
        else
        {
            object? dataValue;
            if (node.Data is ExprNode e)
            {
                var r = Evaluator.EvalTop(e.Expr, scope, subst: true);
                if (r.Error is not null)
                {
                    throw new CardTemplateException($"$data ${{{e.Expr}}}: {r.Error}");
                }

                dataValue = r.Value;
            }
            else
            {
                dataValue = node.Data is LiteralNode l ? JsValue.FromNode(l.Value) : Undefined.Value;
            }

            if (dataValue is JsonArray arr)
            {
                contexts = [.. arr.Select(JsValue.FromNode)];
                isArray = true;
            }
            else
            {
                contexts = [dataValue];
            }
        }

        var results = new List<JsonObject>();
        for (var i = 0; i < contexts.Count; i++)
        {
            if (isArray)
            {
                scope.Index = (double)i;
            }

            if (contexts[i] is not Undefined)
            {
                scope.Data = contexts[i];
            }

            if (node.When is not null && !WhenHolds(node.When, scope))
            {
                continue;
            }

            var obj = new JsonObject();
            foreach (var (key, valueNode) in node.Properties)
            {
                if (Reserved.Contains(key))
                {
                    continue;
                }

                var value = Expand(valueNode, scope);
                if (value is not Undefined)
                {
                    obj[key] = (JsonNode?)value;
                }
            }

            results.Add(obj);
        }

        return results.Count switch
        {
            0 => null,
            1 => results[0],
            _ => new JsonArray([.. results]),
        };
    }

    private static bool WhenHolds(Node when, Scope scope)
    {
        switch (when)
        {
            case ExprNode e:
                var r = Evaluator.EvalTop(e.Expr, scope, subst: false);
                return r.Error is null && r.Value is true;
            case LiteralNode l:
                // A literal $when that is truthy in JavaScript drops the element (npm: "not an Adaptive
                // Expression"); a falsy one (false, 0, "", null) keeps it.
                return JsValue.FromNode(l.Value) is null or false or "" or 0d;
            default:
                return false;
        }
    }
}
