using IoTJobs.Emulator.Indexing;
using static IoTJobs.Emulator.Tests.Indexing.Fleet;

namespace IoTJobs.Emulator.Tests.Indexing;

/// <summary>Which things of <see cref="Fleet"/> each query matches (results are in ordinal thingName order).</summary>
public sealed class QueryMatchingTests
{
    private const string G = "Gateway-5", S3 = "sensor-3", S4 = "sensor-4", LG = "tv-lg-1", PL = "tv-plasma-2";

    private static void Matches(string query, params string[] expected) => Assert.Equal(expected, Names(query));

    [Theory]
    [InlineData("*", new[] { G, S3, S4, LG, PL })]
    [InlineData("thingName:*", new[] { G, S3, S4, LG, PL })]
    [InlineData("thingName:* thingName:tv*", new[] { LG, PL })]
    [InlineData("thingTypeName:*", new[] { G, S3, LG, PL })]
    [InlineData("NOT thingTypeName:*", new[] { S4 })]
    [InlineData("thingName:tv-lg-1", new[] { LG })]
    [InlineData("thingName:tv", new string[0])]
    [InlineData("thingName:tv*", new[] { LG, PL })]
    [InlineData("thingName:t*1", new[] { LG })]
    [InlineData("thingName:sensor-?", new[] { S3, S4 })]
    [InlineData("thingName:sensor?", new string[0])]
    [InlineData("thingName:*-5", new[] { G })]
    [InlineData("thingName:*plasma*", new[] { PL })]
    [InlineData("thingTypeName:television", new[] { LG, PL })]
    [InlineData("thingGroupNames:floor-1", new[] { G, LG })]
    [InlineData("thingGroupNames:*room", new[] { LG, PL })]
    [InlineData("thingId:1b1e6a1a*", new[] { LG })]
    public void Registry_fields_and_wildcards(string query, string[] expected) => Matches(query, expected);

    [Theory]
    // Values are case-insensitive; field names (attribute names included) are case-sensitive.
    [InlineData("thingName:GATEWAY-5", new[] { G })]
    [InlineData("thingName:TV*", new[] { LG, PL })]
    [InlineData("thingTypeName:TeleVision", new[] { LG, PL })]
    [InlineData("attributes.model:v2", new[] { S3 })]
    [InlineData("attributes.model:V2", new[] { S3 })]
    [InlineData("attributes.Model:v2", new[] { G })]
    [InlineData("attributes.vendor:lg", new[] { LG })]
    [InlineData("attributes.Vendor:lg", new string[0])]
    public void Values_ignore_case_and_field_names_do_not(string query, string[] expected) => Matches(query, expected);

    [Theory]
    // No field: every registry and shadow field (AWS's "(v2 OR v3)" example), never connectivity.
    [InlineData("oled55", new[] { LG })]
    [InlineData("television", new[] { LG, PL })]
    [InlineData("floor-1", new[] { G, LG })]
    [InlineData("(v2 OR v3)", new[] { G, S3, S4 })]
    [InlineData("york", new[] { LG })]
    [InlineData("78", new[] { LG })]
    [InlineData("21.5", new[] { S3 })]
    [InlineData("1500", new[] { LG })]
    [InlineData("1b1e6a1a-0000-4000-8000-000000000001", new[] { LG })]
    [InlineData("abc*", new[] { S3, S4, LG, PL })]
    [InlineData("[40 TO 50]", new[] { PL })]
    [InlineData("client_initiated_disconnect", new string[0])]
    [InlineData("1557651600000", new string[0])]
    public void A_term_without_a_field_searches_registry_and_shadow_fields(string query, string[] expected) => Matches(query, expected);

    [Theory]
    // Registry values that read as JSON numbers are numeric: 55 equals 55.0, 1e2 is 100, and ranges are numeric.
    [InlineData("attributes.size:55", new[] { LG })]
    [InlineData("attributes.size:55.0", new[] { LG })]
    [InlineData("attributes.size:100", new[] { S4 })]
    [InlineData("attributes.size:1E2", new[] { S4 })]
    [InlineData("attributes.size:5*", new[] { LG })]
    [InlineData("attributes.size:[7.5 TO 55]", new[] { S3, LG, PL })]
    [InlineData("attributes.size:{7.5 TO 55]", new[] { LG, PL })]
    [InlineData("attributes.size:[7.5 TO 55}", new[] { S3, PL })]
    [InlineData("attributes.size:{7.5 TO 55}", new[] { PL })]
    [InlineData("attributes.size:[* TO 42]", new[] { S3, PL })]
    [InlineData("attributes.size:[50 TO *]", new[] { S4, LG })]
    [InlineData("attributes.size:[100 TO 800]", new[] { S4 })]
    [InlineData("attributes.size>42", new[] { S4, LG })]
    [InlineData("attributes.size>=42", new[] { S4, LG, PL })]
    [InlineData("attributes.size<42", new[] { S3 })]
    [InlineData("attributes.size<=7.5", new[] { S3 })]
    [InlineData("attributes.size:(>7.5 AND <100)", new[] { LG, PL })]
    public void Numeric_attributes_compare_as_numbers(string query, string[] expected) => Matches(query, expected);

    [Theory]
    // Non-numeric values compare as lower-cased strings (code point order).
    [InlineData("attributes.serialNumber:[\"abcd\" TO \"abcf\"]", new[] { S3, LG, PL })]
    [InlineData("attributes.serialNumber:{abcd TO abcf}", new[] { PL })]
    [InlineData("attributes.serialNumber:[ABCE TO *]", new[] { S3, S4, PL })]
    [InlineData("attributes.serialNumber>abcf", new[] { S4 })]
    [InlineData("attributes.model:[a TO m]", new[] { PL })]
    // A shadow string "75" is text, not a number (only JSON number literals are numeric), so it sorts as a string.
    [InlineData("shadow.reported.battery:75", new[] { G })]
    [InlineData("shadow.reported.battery:[70 TO 80]", new[] { G })]
    [InlineData("shadow.reported.battery:[100 TO 800]", new[] { G })]
    [InlineData("shadow.reported.battery>=8", new string[0])]
    public void Other_values_compare_as_strings(string query, string[] expected) => Matches(query, expected);

    [Theory]
    [InlineData("shadow.reported.stats.battery:[70 TO 100]", new[] { S3, LG })]
    [InlineData("shadow.reported.stats.battery:{78 TO 100}", new[] { S3 })]
    [InlineData("shadow.reported.stats.battery:[45 TO 78}", new[] { PL })]
    [InlineData("shadow.reported.stats.battery:78.0", new[] { LG })]
    [InlineData("shadow.reported.temp>21", new[] { S3 })]
    [InlineData("shadow.reported.stats.battery:{70 TO 100} (v2 OR v3) NOT attributes.model:legacy", new[] { S3 })]
    // Arrays of simple values are indexed value by value; arrays holding objects are not indexed; objects are not values.
    [InlineData("shadow.reported.myvalues:2", new[] { LG })]
    [InlineData("shadow.desired.myvalues:3", new[] { LG })]
    [InlineData("shadow.reported.myvalues:[3 TO 5]", new[] { LG })]
    [InlineData("shadow.reported.palette.name:red", new string[0])]
    [InlineData("shadow.reported.palette:*", new string[0])]
    [InlineData("shadow.reported.stats:*", new string[0])]
    [InlineData("shadow.reported.location:* NOT shadow.desired.stats.battery:*", new[] { LG })]
    // Words are split at white space: a word matches one word, a phrase consecutive words.
    [InlineData("shadow.reported.location:york", new[] { LG })]
    [InlineData("shadow.reported.location:\"new york\"", new[] { LG })]
    [InlineData("shadow.reported.location:\"NEW YORK\"", new[] { LG })]
    [InlineData("shadow.reported.location:\"york new\"", new string[0])]
    [InlineData("shadow.reported.location:\"new york city\"", new string[0])]
    [InlineData("shadow.reported.location:new*york", new string[0])]
    public void Shadow_values(string query, string[] expected) => Matches(query, expected);

    [Theory]
    [InlineData("shadow.hasDelta:true", new[] { G, PL })]
    [InlineData("shadow.hasDelta:TRUE", new[] { G, PL })]
    [InlineData("shadow.hasDelta:false", new[] { S3, LG })]
    [InlineData("NOT shadow.hasDelta:true", new[] { S3, S4, LG })]
    [InlineData("shadow.delta.power:on", new[] { PL })]
    [InlineData("shadow.delta.lights.color.g:255", new[] { G })]
    [InlineData("shadow.delta.lights.color.r:*", new string[0])]
    [InlineData("shadow.desired.lights.color.r:255", new[] { G })]
    // The stored "delta" is ignored, and 1.0 desired against 1 reported is no difference.
    [InlineData("shadow.delta.stale:ignored", new string[0])]
    [InlineData("shadow.delta.brightness:*", new string[0])]
    [InlineData("shadow.metadata.reported.power.timestamp:1600", new[] { LG })]
    [InlineData("shadow.metadata.desired.location.timestamp:[1000 TO 2000]", new[] { LG })]
    [InlineData("shadow.metadata.delta.power.timestamp:2500", new[] { PL })]
    [InlineData("shadow.metadata.delta.power.timestamp:*", new[] { PL })]
    public void Delta_and_metadata(string query, string[] expected) => Matches(query, expected);

    [Theory]
    [InlineData("NOT attributes.model:legacy", new[] { G, S3, S4, LG })]
    // A term matches a whole word: no thing name is the word "plasma", so the documented example excludes nothing here.
    [InlineData("thingName:(tv* AND -plasma)", new[] { LG, PL })]
    [InlineData("thingName:(tv* AND -tv-plasma*)", new[] { LG })]
    [InlineData("thingTypeName:television -thingName:*plasma*", new[] { LG })]
    [InlineData("thingTypeName:television AND NOT attributes.size:42", new[] { LG })]
    // NOT is the complement inside OR too (Boolean operators, not Lucene's "must not" clauses).
    [InlineData("thingName:sensor-3 OR NOT thingTypeName:television", new[] { G, S3, S4 })]
    [InlineData("-(thingName:tv* OR thingName:sensor*)", new[] { G })]
    [InlineData("thingName:(sensor-3 OR tv-lg-1 OR nothing)", new[] { S3, LG })]
    // AND binds tighter than OR; juxtaposition (the default AND) binds loosest.
    [InlineData("attributes.model:v3 OR attributes.model:v2 AND thingTypeName:thermometer", new[] { S3, S4 })]
    [InlineData("attributes.model:v3 OR attributes.model:v2 thingTypeName:thermometer", new[] { S3 })]
    [InlineData("+thingTypeName:television +attributes.size:55", new[] { LG })]
    [InlineData("thingTypeName:television && attributes.size:55 || thingName:sensor-4", new[] { S4, LG })]
    public void Boolean_operators(string query, string[] expected) => Matches(query, expected);

    [Theory]
    [InlineData("connectivity.connected:true", new[] { S4, LG })]
    [InlineData("connectivity.connected:false", new[] { G, S3, PL })]
    [InlineData("connectivity.connected:*", new[] { G, S3, S4, LG, PL })]
    [InlineData("connectivity.timestamp:[1557651600000 TO 1557867600000]", new[] { LG, PL })]
    [InlineData("connectivity.connected:true AND connectivity.timestamp > 1557651600000", new[] { S4 })]
    [InlineData("connectivity.connected:false AND connectivity.timestamp : [1557651600000 TO 1557867600000]", new[] { PL })]
    [InlineData("connectivity.disconnectReason:*", new[] { PL })]
    [InlineData("connectivity.disconnectReason:client_initiated_disconnect", new[] { PL })]
    public void Connectivity_fields(string query, string[] expected) => Matches(query, expected);

    [Fact]
    public void Registry_mode_leaves_shadow_fields_empty_and_connectivity_needs_status()
    {
        var registry = new ThingIndexingConfiguration(ThingIndexingMode.Registry);
        Assert.Empty(Names("shadow.hasDelta:true", registry));
        Assert.Empty(Names("shadow.reported.location:*", registry));
        Assert.Empty(Names("york", registry));
        Assert.Empty(Names("connectivity.connected:*", registry));
        Assert.Equal(new[] { G, S3, S4, LG, PL }, Names("NOT shadow.hasDelta:true", registry));
        Assert.Equal(new[] { LG, PL }, Names("thingName:tv*", registry));

        var registryAndStatus = new ThingIndexingConfiguration(ThingIndexingMode.Registry, ThingConnectivityIndexingMode.Status);
        Assert.Equal(new[] { S4, LG }, Names("connectivity.connected:true", registryAndStatus));
        Assert.Empty(Names("shadow.hasDelta:*", registryAndStatus));

        var shadowOnly = new ThingIndexingConfiguration(ThingIndexingMode.RegistryAndShadow);
        Assert.Equal(new[] { G, PL }, Names("shadow.hasDelta:true", shadowOnly));
        Assert.Equal(new[] { LG }, Names("york", shadowOnly));
        Assert.Empty(Names("connectivity.connected:*", shadowOnly));
    }

    [Fact]
    public void The_documented_boolean_example_over_its_own_attributes()
    {
        var things = new[]
        {
            Thing("a", ("attr1", "abc"), ("attr2", "3"), ("attr3", "5")),
            Thing("b", ("attr1", "abc"), ("attr2", "3"), ("attr3", "11")),
            Thing("c", ("attr1", "abc"), ("attr2", "7")),
            Thing("d", ("attr1", "ABC"), ("attr2", "4")),
            Thing("e", ("attr1", "xyz"), ("attr2", "1")),
        };
        Assert.Equal(new[] { "a", "d" },
            Names("attributes.attr1:abc AND attributes.attr2<5 NOT attributes.attr3>10", things: things));
    }

    [Fact]
    public void Escaped_characters_match_literally()
    {
        var things = new[]
        {
            Thing("colon", ("x", "a:b")),
            Thing("dash", ("x", "-5")),
            new ThingDocument { ThingName = "star", Shadow = """{"state":{"reported":{"note":"5*"}}}""" },
            new ThingDocument { ThingName = "fifty-five", Shadow = """{"state":{"reported":{"note":"55","paren":"(1)"}}}""" },
        };
        Assert.Equal(new[] { "colon" }, Names(@"attributes.x:a\:b", things: things));
        Assert.Equal(new[] { "colon" }, Names("attributes.x:\"a:b\"", things: things));
        Assert.Equal(new[] { "dash" }, Names(@"attributes.x:\-5", things: things));
        Assert.Equal(new[] { "dash" }, Names("attributes.x<0", things: things));
        Assert.Equal(new[] { "star" }, Names(@"shadow.reported.note:5\*", things: things));
        Assert.Equal(new[] { "fifty-five", "star" }, Names("shadow.reported.note:5*", things: things));
        Assert.Equal(new[] { "fifty-five" }, Names(@"shadow.reported.paren:\(1\)", things: things));
    }

    private static ThingDocument Thing(string name, params (string Name, string Value)[] attributes) => new()
    {
        ThingName = name,
        Attributes = attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal),
    };
}
