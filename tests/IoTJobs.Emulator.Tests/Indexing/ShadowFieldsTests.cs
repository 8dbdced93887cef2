using System.Text.Json.Nodes;
using IoTJobs.Emulator.Indexing;

namespace IoTJobs.Emulator.Tests.Indexing;

/// <summary>The delta and the fields a classic shadow document gives the index.</summary>
public sealed class ShadowFieldsTests
{
    private static string Delta(string desired, string reported) =>
        ShadowFields.Delta(JsonNode.Parse(desired)!.AsObject(), JsonNode.Parse(reported) as JsonObject).ToJsonString();

    [Theory]
    // The Device Shadow guide's examples: missing or different desired fields are in the delta, reported-only ones not.
    [InlineData("""{"color":"RED","state":"STOP"}""", """{"color":"GREEN","engine":"ON"}""", """{"color":"RED","state":"STOP"}""")]
    [InlineData("""{"lights":{"color":{"r":255,"g":255,"b":255}}}""", """{"lights":{"color":{"r":255,"g":0,"b":255}}}""", """{"lights":{"color":{"g":255}}}""")]
    // Arrays are values: a differing array is copied whole.
    [InlineData("""{"list":[1,2,3]}""", """{"list":[1,2]}""", """{"list":[1,2,3]}""")]
    [InlineData("""{"list":[1,2,3]}""", """{"list":[1,2,3]}""", "{}")]
    [InlineData("""{"list":[{"a":1}]}""", """{"list":[{"a":1}]}""", "{}")]
    // Numbers are compared by value; types are not converted.
    [InlineData("""{"n":1.0,"m":100}""", """{"n":1,"m":1e2}""", "{}")]
    [InlineData("""{"n":1}""", """{"n":"1"}""", """{"n":1}""")]
    [InlineData("""{"b":true}""", """{"b":false}""", """{"b":true}""")]
    // A desired object against a reported scalar, or against nothing, is all delta; equal objects give none.
    [InlineData("""{"o":{"x":1,"y":{"z":2}}}""", """{"o":5}""", """{"o":{"x":1,"y":{"z":2}}}""")]
    [InlineData("""{"o":{"x":1}}""", "null", """{"o":{"x":1}}""")]
    [InlineData("""{"o":{"x":1},"p":{}}""", """{"o":{"x":1}}""", "{}")]
    [InlineData("""{"gone":null}""", """{}""", "{}")]
    public void Delta_is_computed_as_the_shadow_service_does(string desired, string reported, string delta) =>
        Assert.Equal(delta, Delta(desired, reported));

    private static IndexedThing Index(string shadow) =>
        IndexedThing.Build(new ThingDocument { ThingName = "t", Shadow = shadow }, Fleet.Everything);

    private static string[] Texts(IndexedThing thing, string field) => thing.Fields[field].Select(v => v.Text).ToArray();

    [Fact]
    public void Nested_and_dotted_names_are_the_same_field()
    {
        var nested = Index("""{"state":{"desired":{"one":{"two":{"three":"v2"}}}}}""");
        var dotted = Index("""{"state":{"desired":{"one.two.three":"v2"}}}""");
        Assert.Equal(new[] { "v2" }, Texts(nested, "shadow.desired.one.two.three"));
        Assert.Equal(new[] { "v2" }, Texts(dotted, "shadow.desired.one.two.three"));
        Assert.Equal(new[] { "v2" }, Texts(nested, "shadow.delta.one.two.three"));
    }

    [Fact]
    public void Values_keep_their_json_type()
    {
        var t = Index("""{"state":{"reported":{"s":"Hello World","n":-2.5e1,"b":true,"z":null,"a":["x",2,false,null],"c":[[1]],"e":[]}}}""");
        Assert.Equal(new[] { "hello world" }, Texts(t, "shadow.reported.s"));
        Assert.Equal(new[] { "hello", "world" }, t.Fields["shadow.reported.s"][0].Words);
        Assert.Null(t.Fields["shadow.reported.s"][0].Number);
        Assert.Equal(-25.0, t.Fields["shadow.reported.n"][0].Number);
        Assert.Equal(new[] { "-2.5e1" }, Texts(t, "shadow.reported.n"));
        Assert.Equal(new[] { "true" }, Texts(t, "shadow.reported.b"));
        // Nulls are not indexed; an array of simple values is indexed value by value; nested arrays are not indexed.
        Assert.Empty(t.Fields["shadow.reported.z"]);
        Assert.Equal(new[] { "x", "2", "false" }, Texts(t, "shadow.reported.a"));
        Assert.Equal(2.0, t.Fields["shadow.reported.a"][1].Number);
        Assert.Empty(t.Fields["shadow.reported.c"]);
        Assert.Empty(t.Fields["shadow.reported.e"]);
        Assert.Equal(new[] { "false" }, Texts(t, "shadow.hasDelta"));
        // A JSON number beyond a double's range stays searchable as text.
        var huge = Index("""{"state":{"reported":{"n":1e400},"desired":{"n":1e400}}}""");
        Assert.Null(huge.Fields["shadow.reported.n"][0].Number);
        Assert.Equal(new[] { "1e400" }, Texts(huge, "shadow.reported.n"));
        Assert.Equal(new[] { "false" }, Texts(huge, "shadow.hasDelta"));
    }

    [Fact]
    public void Metadata_is_indexed_only_for_indexed_state_fields()
    {
        var t = Index("""
            {"state":{"desired":{"a":1,"arr":["x"]},"reported":{"a":2,"palette":[{"n":1}]}},
             "metadata":{"desired":{"a":{"timestamp":10},"arr":[{"timestamp":11}],"orphan":{"timestamp":12}},
                         "reported":{"a":{"timestamp":20},"palette":[{"n":{"timestamp":21}}]}}}
            """);
        Assert.Equal(new[] { "10" }, Texts(t, "shadow.metadata.desired.a.timestamp"));
        Assert.Equal(new[] { "11" }, Texts(t, "shadow.metadata.desired.arr.timestamp"));
        Assert.Empty(t.Fields["shadow.metadata.desired.orphan.timestamp"]);
        Assert.Equal(new[] { "20" }, Texts(t, "shadow.metadata.reported.a.timestamp"));
        Assert.Empty(t.Fields["shadow.metadata.reported.palette.n.timestamp"]);
        // The delta's metadata is the desired metadata of the delta's fields.
        Assert.Equal(new[] { "10" }, Texts(t, "shadow.metadata.delta.a.timestamp"));
        Assert.Equal(new[] { "11" }, Texts(t, "shadow.metadata.delta.arr.timestamp"));
        Assert.Equal(new[] { "true" }, Texts(t, "shadow.hasDelta"));
    }

    [Fact]
    public void A_shadow_without_state_sections_has_only_hasDelta_and_no_shadow_has_nothing()
    {
        var empty = Index("""{"state":{},"version":1}""");
        Assert.Equal(new[] { "shadow.hasDelta" }, empty.Fields.All.Select(f => f.Key).Where(k => k.StartsWith("shadow.", StringComparison.Ordinal)).ToArray());
        Assert.Equal(new[] { "false" }, Texts(empty, "shadow.hasDelta"));

        var none = IndexedThing.Build(new ThingDocument { ThingName = "t" }, Fleet.Everything);
        Assert.DoesNotContain(none.Fields.All, f => f.Key.StartsWith("shadow.", StringComparison.Ordinal));
        // Versions are not searchable, so shadow.version is never a field.
        Assert.Empty(Index("""{"state":{},"version":4}""").Fields["shadow.version"]);
    }

    [Theory]
    [InlineData("not json", "The shadow of thing 't' is not valid JSON:")]
    [InlineData("[1]", "The shadow of thing 't' is not a shadow document: it needs a \"state\" object.")]
    [InlineData("""{"state":3}""", "The shadow of thing 't' is not a shadow document: it needs a \"state\" object.")]
    public void A_shadow_that_is_not_a_shadow_document_is_a_programming_error(string shadow, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Index(shadow));
        Assert.StartsWith(message, e.Message);
    }
}
