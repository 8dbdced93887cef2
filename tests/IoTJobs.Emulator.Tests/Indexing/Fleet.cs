using IoTJobs.Emulator.Indexing;

namespace IoTJobs.Emulator.Tests.Indexing;

/// <summary>Five things covering registry, shadow and connectivity data, and helpers that search them.</summary>
internal static class Fleet
{
    public static readonly ThingIndexingConfiguration Everything =
        new(ThingIndexingMode.RegistryAndShadow, ThingConnectivityIndexingMode.Status);

    public static readonly ThingDocument TvLg = new()
    {
        ThingName = "tv-lg-1",
        ThingId = "1b1e6a1a-0000-4000-8000-000000000001",
        ThingTypeName = "television",
        ThingGroupNames = new[] { "living-room", "floor-1" },
        Attributes = Attrs(("model", "OLED55"), ("size", "55"), ("serialNumber", "abcd"), ("vendor", "LG")),
        Shadow = """
        {"state":{
           "desired":{"power":"on","location":"new york","myvalues":[1,2,3],"brightness":1.0},
           "reported":{"power":"on","location":"new york","myvalues":[1,2,3],"brightness":1,"stats":{"battery":78},
                       "palette":[{"name":"RED","intensity":124}]}},
         "metadata":{
           "desired":{"power":{"timestamp":1500},"location":{"timestamp":1500}},
           "reported":{"power":{"timestamp":1600},"stats":{"battery":{"timestamp":1700}}}},
         "version":10}
        """,
        Connectivity = new ThingConnectivity(true, 1557651600000),
    };

    public static readonly ThingDocument TvPlasma = new()
    {
        ThingName = "tv-plasma-2",
        ThingTypeName = "television",
        ThingGroupNames = new[] { "bedroom" },
        Attributes = Attrs(("model", "legacy"), ("size", "42"), ("serialNumber", "abce")),
        Shadow = """
        {"state":{"desired":{"power":"on"},"reported":{"power":"off","stats":{"battery":45}},
                  "delta":{"stale":"ignored"}},
         "metadata":{"desired":{"power":{"timestamp":2500}},"reported":{"power":{"timestamp":2000}}},
         "version":3}
        """,
        Connectivity = new ThingConnectivity(false, 1557867600000, "CLIENT_INITIATED_DISCONNECT"),
    };

    public static readonly ThingDocument Sensor3 = new()
    {
        ThingName = "sensor-3",
        ThingTypeName = "thermometer",
        Attributes = Attrs(("model", "v2"), ("size", "7.5"), ("serialNumber", "abcf")),
        Shadow = """{"state":{"reported":{"temp":21.5,"stats":{"battery":90}}},"version":1}""",
    };

    public static readonly ThingDocument Sensor4 = new()
    {
        ThingName = "sensor-4",
        Attributes = Attrs(("model", "v3"), ("size", "1e2"), ("serialNumber", "abcg")),
        Connectivity = new ThingConnectivity(true, 1557900000000),
    };

    public static readonly ThingDocument Gateway = new()
    {
        ThingName = "Gateway-5",
        ThingTypeName = "gateway",
        ThingGroupNames = new[] { "floor-1" },
        Attributes = Attrs(("Model", "V2")),
        Shadow = """
        {"state":{"desired":{"lights":{"color":{"r":255,"g":255,"b":255}}},
                  "reported":{"battery":"75","lights":{"color":{"r":255,"g":0,"b":255}}}},
         "version":7}
        """,
    };

    public static readonly ThingDocument[] All = { TvLg, TvPlasma, Sensor3, Sensor4, Gateway };

    /// <summary>The names of the things the query matches, in result order (every page of 100).</summary>
    public static string[] Names(string query, ThingIndexingConfiguration? configuration = null, IEnumerable<ThingDocument>? things = null)
    {
        var parsed = FleetQuery.Parse(query);
        var (page, next) = ThingSearch.Page(parsed, configuration ?? Everything, things ?? All, 100, null);
        Assert.Null(next);
        return page.Select(t => t.ThingName).ToArray();
    }

    public static QueryParseException ParseError(string query) => Assert.Throws<QueryParseException>(() => FleetQuery.Parse(query));

    public static string Canonical(string query) => FleetQuery.Parse(query).ToString();

    private static Dictionary<string, string> Attrs(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
