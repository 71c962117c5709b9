using System.Globalization;
using System.Text;

namespace ConsultBot.Cards.Templating;

/// <summary>
/// Parser for the subset of Adaptive Expressions our templates use. Operator precedence follows
/// adaptive-expressions' grammar (note: <c>==</c>/<c>!=</c> bind tighter than <c>&lt;</c>/<c>&gt;</c>,
/// and <c>&amp;</c> sits between them), numbers have no exponent, <c>true</c>/<c>false</c>/<c>null</c> are
/// literals. Unsupported syntax and functions are rejected at parse time (template load).
/// </summary>
internal sealed class ExpressionParser
{
    private static readonly Dictionary<string, string> Functions = new(StringComparer.Ordinal)
    {
        ["if"] = "if", ["count"] = "count", ["length"] = "length", ["empty"] = "empty",
        ["not"] = "!", ["and"] = "&&", ["or"] = "||", ["equals"] = "==",
        ["concat"] = "concat", ["string"] = "string", ["join"] = "join", ["formatNumber"] = "formatNumber",
        ["add"] = "+", ["sub"] = "-", ["mul"] = "*", ["div"] = "/",
    };

    private readonly string _text;
    private int _pos;

    private ExpressionParser(string text) => _text = text;

    public static Expr Parse(string expression)
    {
        var parser = new ExpressionParser(expression);
        var expr = parser.ParseOr();
        parser.SkipWs();
        if (parser._pos < parser._text.Length)
        {
            throw parser.Error($"unexpected '{parser._text[parser._pos]}'");
        }

        return expr;
    }

    /// <summary>
    /// A JSON string value of a template: plain text (returned as <see cref="string"/>), a single
    /// <c>${expr}</c> (returned as that expression, so its value keeps its JSON type), or text mixed
    /// with expressions (an <see cref="InterpolationExpr"/>, always a string).
    /// </summary>
    public static object ParseTemplateString(string s)
    {
        if (!s.Contains("${", StringComparison.Ordinal))
        {
            return s;
        }

        var parts = new List<Expr>();
        var text = new StringBuilder();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length && (s[i + 1] == '`' || (s[i + 1] == '$' && i + 2 < s.Length && s[i + 2] == '{')))
            {
                // \${ and \` are escapes in AEL's backtick strings; any other backslash is literal.
                text.Append(s[i + 1]);
                i += 2;
                continue;
            }

            if (c == '`')
            {
                throw new CardTemplateException($"a backtick in template text that also contains ${{...}} is not allowed (the npm engine fails on it): {s}");
            }

            if (c == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                var end = FindClose(s, i + 2);
                if (end < 0)
                {
                    text.Append(s, i, s.Length - i); // unterminated: literal text, as in npm
                    break;
                }

                if (text.Length > 0)
                {
                    parts.Add(new ConstExpr(text.ToString()));
                    text.Clear();
                }

                var inner = s[(i + 2)..end];
                try
                {
                    parts.Add(Parse(inner));
                }
                catch (CardTemplateException ex)
                {
                    throw new CardTemplateException($"{ex.Message} in \"{s}\"", ex);
                }

                i = end + 1;
                continue;
            }

            text.Append(c);
            i++;
        }

        if (text.Length > 0)
        {
            parts.Add(new ConstExpr(text.ToString()));
        }

        // As in adaptivecards-templating: exactly one non-constant expression keeps its type.
        if (parts.Count == 1 && parts[0] is not ConstExpr)
        {
            return parts[0];
        }

        return new InterpolationExpr(parts);
    }

    private static int FindClose(string s, int start)
    {
        var depth = 0;
        for (var i = start; i < s.Length; i++)
        {
            var c = s[i];
            if (c is '\'' or '"')
            {
                i++;
                while (i < s.Length && s[i] != c)
                {
                    if (s[i] == '\\')
                    {
                        i++;
                    }

                    i++;
                }

                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
        }

        return -1;
    }

    private CardTemplateException Error(string message) =>
        new($"expression \"{_text}\": {message} at {_pos}");

    private void SkipWs()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private bool Peek(string token)
    {
        SkipWs();
        return string.CompareOrdinal(_text, _pos, token, 0, token.Length) == 0;
    }

    private bool Accept(string token)
    {
        if (!Peek(token))
        {
            return false;
        }

        _pos += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw Error($"expected '{token}'");
        }
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||"))
        {
            left = Make("||", left, ParseAnd());
        }

        if (Peek("?"))
        {
            throw Error("the ?: operator is not supported (use if())");
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseRelational();
        while (Accept("&&"))
        {
            left = Make("&&", left, ParseRelational());
        }

        return left;
    }

    private Expr ParseRelational()
    {
        var left = ParseStringConcat();
        while (true)
        {
            string op;
            if (Accept("<=")) { op = "<="; }
            else if (Accept(">=")) { op = ">="; }
            else if (Peek("<>")) { throw Error("'<>' is not supported (use !=)"); }
            else if (Accept("<")) { op = "<"; }
            else if (Accept(">")) { op = ">"; }
            else { return left; }

            left = Make(op, left, ParseStringConcat());
        }
    }

    private Expr ParseStringConcat()
    {
        var left = ParseEquality();
        while (Peek("&") && !Peek("&&"))
        {
            _pos++;
            left = Make("concat", left, ParseEquality());
        }

        return left;
    }

    private Expr ParseEquality()
    {
        var left = ParseAdditive();
        while (true)
        {
            string op;
            if (Accept("==")) { op = "=="; }
            else if (Accept("!=")) { op = "!="; }
            else { return left; }

            left = Make(op, left, ParseAdditive());
        }
    }

    private Expr ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (true)
        {
            string op;
            if (Accept("+")) { op = "+"; }
            else if (Accept("-")) { op = "-"; }
            else { return left; }

            left = Make(op, left, ParseMultiplicative());
        }
    }

    private Expr ParseMultiplicative()
    {
        var left = ParseUnary();
        while (true)
        {
            string op;
            if (Accept("*")) { op = "*"; }
            else if (Accept("/")) { op = "/"; }
            else if (Peek("%") || Peek("^")) { throw Error($"operator '{_text[_pos]}' is not supported"); }
            else { return left; }

            left = Make(op, left, ParseUnary());
        }
    }

    private Expr ParseUnary()
    {
        if (Peek("!") && !Peek("!="))
        {
            _pos++;
            return Make("!", ParseUnary());
        }

        if (Accept("-"))
        {
            return Make("-", new ConstExpr(0d), ParseUnary());
        }

        if (Accept("+"))
        {
            return Make("+", new ConstExpr(0d), ParseUnary());
        }

        return ParsePostfix();
    }

    private Expr ParsePostfix()
    {
        var expr = ParsePrimary();
        while (true)
        {
            if (Accept("."))
            {
                SkipWs();
                var name = ReadIdentifier() ?? throw Error("expected a property name after '.'");
                expr = new AccessorExpr(name, expr);
            }
            else if (Accept("["))
            {
                var index = ParseOr();
                Expect("]");
                expr = new ElementExpr(expr, index);
            }
            else if (Peek("("))
            {
                throw Error("only named functions can be called");
            }
            else
            {
                return expr;
            }
        }
    }

    private Expr ParsePrimary()
    {
        SkipWs();
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of expression");
        }

        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseOr();
            Expect(")");
            return inner;
        }

        if (c is >= '0' and <= '9')
        {
            var start = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
            {
                _pos++;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }
            }

            return new ConstExpr(double.Parse(_text.AsSpan(start, _pos - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
        }

        if (c is '\'' or '"')
        {
            return new ConstExpr(ReadString(c));
        }

        if (c is '[' or '{' or '`')
        {
            throw Error($"'{c}' literals are not supported");
        }

        var id = ReadIdentifier() ?? throw Error($"unexpected '{c}'");
        switch (id)
        {
            case "true": return new ConstExpr(true);
            case "false": return new ConstExpr(false);
            case "null": return new ConstExpr(null);
        }

        if (Accept("("))
        {
            if (!Functions.TryGetValue(id, out var canonical))
            {
                throw Error($"function '{id}' is not supported (see cards/README.md)");
            }

            var args = new List<Expr>();
            if (!Accept(")"))
            {
                do
                {
                    args.Add(ParseOr());
                }
                while (Accept(","));

                Expect(")");
            }

            return Make(canonical, [.. args]);
        }

        return new AccessorExpr(id, null);
    }

    private string? ReadIdentifier()
    {
        var start = _pos;
        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] is '_' or '$' or '@' or '#'))
        {
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }
        }

        return _pos > start ? _text[start.._pos] : null;
    }

    private string ReadString(char quote)
    {
        _pos++;
        var sb = new StringBuilder();
        while (_pos < _text.Length && _text[_pos] != quote)
        {
            var c = _text[_pos++];
            if (c == '\\' && _pos < _text.Length)
            {
                var e = _text[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case '\\': sb.Append('\\'); break;
                    default:
                        if (e == quote)
                        {
                            sb.Append(e);
                        }
                        else
                        {
                            sb.Append('\\').Append(e);
                        }

                        break;
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        if (_pos >= _text.Length)
        {
            throw Error("unterminated string");
        }

        _pos++;
        return sb.ToString();
    }

    /// <summary>Builds a call and applies adaptive-expressions' parse-time arity and type checks.</summary>
    private CallExpr Make(string name, params Expr[] args)
    {
        var call = new CallExpr(name, args);
        const ReturnType any = ReturnType.Object;
        switch (name)
        {
            case "+": Arity(call, 2, int.MaxValue, ReturnType.String | ReturnType.Number); break;
            case "-" or "*" or "/": Arity(call, 2, int.MaxValue, ReturnType.Number); break;
            case "count": Order(call, [], ReturnType.String | ReturnType.Array); break;
            case "length": Arity(call, 1, 1, ReturnType.String); break;
            case "empty" or "!": Arity(call, 1, 1, any); break;
            case "&&" or "||" or "concat": Arity(call, 1, int.MaxValue, any); break;
            case "==" or "!=" or "<" or "<=" or ">" or ">=": Arity(call, 2, 2, any); break;
            case "if": Arity(call, 3, 3, any); break;
            case "string": Order(call, [ReturnType.String], any); break;
            case "join": Order(call, [ReturnType.String], ReturnType.Array, ReturnType.String); break;
            case "formatNumber": Order(call, [ReturnType.String], ReturnType.Number, ReturnType.Number); break;
        }

        return call;
    }

    private CardTemplateException TypeError(ReturnType expected, Expr child, CallExpr call) =>
        Error($"{child} is not a {expected} expression in {call}");

    private void Arity(CallExpr call, int min, int max, ReturnType type)
    {
        if (call.Args.Count < min || call.Args.Count > max)
        {
            throw Error($"{call} has a wrong number of arguments");
        }

        if ((type & ReturnType.Object) == 0)
        {
            foreach (var child in call.Args)
            {
                if ((child.ReturnType & ReturnType.Object) == 0 && (type & child.ReturnType) == 0)
                {
                    throw TypeError(type, child, call);
                }
            }
        }
    }

    private void Order(CallExpr call, ReturnType[] optional, params ReturnType[] types)
    {
        if (call.Args.Count < types.Length || call.Args.Count > types.Length + optional.Length)
        {
            throw Error($"{call} has a wrong number of arguments");
        }

        for (var i = 0; i < call.Args.Count; i++)
        {
            var type = i < types.Length ? types[i] : optional[i - types.Length];
            var child = call.Args[i];
            if ((type & ReturnType.Object) == 0 && (child.ReturnType & ReturnType.Object) == 0 && (type & child.ReturnType) == 0)
            {
                throw TypeError(type, child, call);
            }
        }
    }
}
