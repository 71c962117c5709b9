using System.Text.Json.Nodes;
using ConsultBot.Cards.Templating;

namespace ConsultBot.Cards.Tests.Unit;

/// <summary>Expression language and expansion semantics (expected values verified against npm 2.3.1).</summary>
public sealed class TemplatingTests
{
    private static readonly JsonNode Data = JsonNode.Parse("""
        { "name": "Ada", "n": 3, "z": null, "flag": false, "price": 1234.5,
          "items": [ { "title": "Pen", "qty": 2 }, { "title": "Book", "qty": 1 } ],
          "a": { "b": [ { "c": "deep" } ] }, "t": { "title": "Tytuł" }, "tags": ["x", "y", "z"] }
        """)!;

    private static JsonNode? Expand(string json, JsonNode? data = null) =>
        CardTemplate.Parse(JsonNode.Parse(json)).Expand(data ?? Data);

    private static JsonNode? Value(string template) => Expand($$"""{"v": {{JsonValue.Create(template).ToJsonString()}}}""")!["v"];

    [Theory]
    [InlineData("${name}", "\"Ada\"")]
    [InlineData("${a.b[0].c}", "\"deep\"")]
    [InlineData("${items[1].title}", "\"Book\"")]
    [InlineData("${$root.t.title}", "\"Tytuł\"")]
    [InlineData("${NAME}", "\"Ada\"")] // property lookup is case-insensitive, as in adaptive-expressions
    [InlineData("${t['title']}", "\"Tytuł\"")]
    [InlineData("${missing}", "\"${missing}\"")] // missing paths are written back as their binding
    [InlineData("Hi ${missing.x}!", "\"Hi ${missing.x}!\"")]
    public void Paths(string template, string expected) => Assert.Equal(expected, Value(template)?.ToJsonString(Opts) ?? "null");

    [Theory]
    [InlineData("${n}", "3")] // a single ${} keeps its JSON type
    [InlineData("${items}", """[{"title":"Pen","qty":2},{"title":"Book","qty":1}]""")]
    [InlineData("${t}", """{"title":"Tytuł"}""")]
    [InlineData("${flag}", "false")]
    [InlineData("${z}", "null")]
    [InlineData("${n > 2}", "true")]
    [InlineData("n=${n}", "\"n=3\"")] // mixed text is a string
    [InlineData("${true}", "\"true\"")] // a lone constant is stringified (npm quirk)
    [InlineData("${3}", "\"3\"")]
    public void Type_preservation(string template, string expected) => Assert.Equal(expected, Value(template)?.ToJsonString(Opts) ?? "null");

    [Theory]
    [InlineData("${count(items)}", "2")]
    [InlineData("${count('abc')}", "3")]
    [InlineData("${length(name)}", "3")]
    [InlineData("${empty(tags)}", "false")]
    [InlineData("${empty(missing)}", "true")]
    [InlineData("${not(flag)}", "true")]
    [InlineData("${and(n > 1, !flag)}", "true")]
    [InlineData("${or(flag, n == 3)}", "true")]
    [InlineData("${equals(name, 'Ada')}", "true")]
    [InlineData("${name != 'ada'}", "true")]
    [InlineData("${n >= 3 && n <= 3}", "true")]
    [InlineData("${if(n > 2, 'big', 'small')}", "\"big\"")]
    [InlineData("${concat(name, '-', n)}", "\"Ada-3\"")]
    [InlineData("${name & '!'}", "\"Ada!\"")]
    [InlineData("${string(n)}", "\"3\"")]
    [InlineData("${string(price)}", "\"1,234.5\"")]
    [InlineData("${join(tags, ', ')}", "\"x, y, z\"")]
    [InlineData("${join(tags, ', ', ' i ')}", "\"x, y i z\"")]
    [InlineData("${formatNumber(price, 2)}", "\"1,234.50\"")]
    [InlineData("${formatNumber(price, 1, 'pl-PL')}", "\"1.234,5\"")]
    [InlineData("${formatNumber(-2.5, 0)}", "\"\u22122\"")] // Math.round, d3's minus sign
    [InlineData("${add(n, 1)}", "4")]
    [InlineData("${add('a', n)}", "\"a3\"")]
    [InlineData("${sub(n, 0.5)}", "2.5")]
    [InlineData("${mul(n, 2)}", "6")]
    [InlineData("${div(7, 2)}", "3")] // integer division of integers
    [InlineData("${div(7.5, 2)}", "3.75")]
    [InlineData("${n * 2 + 1}", "7")]
    [InlineData("${-n}", "-3")]
    [InlineData("${0.1 + 0.2}", "0.30000000000000004")]
    public void Functions_and_operators(string template, string expected) => Assert.Equal(expected, Value(template)?.ToJsonString(Opts) ?? "null");

    [Fact]
    public void Equality_binds_tighter_than_comparison()
    {
        // adaptive-expressions: 1 < (2 == true) → "1 and false must be comparable" → an error.
        Assert.Throws<CardTemplateException>(() => Value("${1 < 2 == true}"));
    }

    [Fact]
    public void When_false_removes_element_and_key_is_dropped()
    {
        var r = Expand("""{"body": [ {"id": "a", "$when": "${n > 5}"}, {"id": "b", "$when": "${n > 1}"}, {"id": "c", "$when": "${name}"} ]}""")!;
        Assert.Equal("""{"body":[{"id":"b"}]}""", r.ToJsonString()); // only boolean true keeps an element
    }

    [Fact]
    public void Data_array_repeats_with_index_and_root()
    {
        var r = Expand("""{"rows": [ {"$data": "${items}", "text": "${$index + 1}. ${title} × ${qty} (${$root.name}, ${$root.t.title})"} ]}""")!;
        Assert.Equal("""{"rows":[{"text":"1. Pen × 2 (Ada, Tytuł)"},{"text":"2. Book × 1 (Ada, Tytuł)"}]}""", r.ToJsonString(Opts));
    }

    [Fact]
    public void Root_scope_paths_do_not_resolve_inside_data_scope()
    {
        // Inside $data, "t.title" means $data.t.title; templates must write $root.t.title.
        var r = Expand("""{"rows": [ {"$data": "${items}", "a": "${t.title}", "b": "${$root.t.title}"} ]}""")!;
        Assert.Equal("${t.title}", (string?)r["rows"]![0]!["a"]);
        Assert.Equal("Tytuł", (string?)r["rows"]![0]!["b"]);
    }

    [Fact]
    public void Nested_data_scopes_and_empty_arrays()
    {
        var data = JsonNode.Parse("""{"groups": [ {"name": "G1", "tasks": [ {"id": 1}, {"id": 2} ]}, {"name": "G2", "tasks": []} ]}""");
        var r = Expand("""{"c": [ {"$data": "${groups}", "n": "${name}", "items": [ {"$data": "${tasks}", "id": "${id}", "g": "${$index}"} ]} ]}""", data)!;
        Assert.Equal("""{"c":[{"n":"G1","items":[{"id":1,"g":0},{"id":2,"g":1}]},{"n":"G2","items":[]}]}""", r.ToJsonString());
    }

    [Fact]
    public void Escaped_interpolation_and_plain_strings_are_left_alone()
    {
        Assert.Equal("${name} Ada", (string?)Value("\\${name} ${name}"));
        Assert.Equal("50 $ {x}", (string?)Value("50 $ {x}"));
    }

    [Fact]
    public void Interpolating_null_fails_like_npm() =>
        Assert.Throws<CardTemplateException>(() => Value("x ${z} y"));

    [Theory]
    [InlineData("${mod(7, 2)}")]
    [InlineData("${n % 2}")]
    [InlineData("${n > 1 ? 'a' : 'b'}")]
    [InlineData("${formatNumber(name == 'x', 2)}")] // parse-time type check, as in adaptive-expressions
    [InlineData("${count(items, 2)}")]
    public void Unsupported_or_invalid_expressions_fail_at_parse(string template) =>
        Assert.Throws<CardTemplateException>(() => CardTemplate.Parse(new JsonObject { ["v"] = template }));

    private static readonly System.Text.Json.JsonSerializerOptions Opts =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
