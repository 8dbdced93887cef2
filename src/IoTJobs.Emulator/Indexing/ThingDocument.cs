namespace IoTJobs.Emulator.Indexing;

/// <summary>A thing's connectivity status as the index holds it (the model's ThingConnectivity).</summary>
/// <param name="Timestamp">Epoch milliseconds of the last connect or disconnect; AWS may drop it after about an hour.</param>
public sealed record ThingConnectivity(bool Connected, long? Timestamp = null, string? DisconnectReason = null);

/// <summary>
/// One thing as the AWS_Things index sees it: registry data, its classic (unnamed) shadow and its connectivity.
/// The field names follow the model's ThingDocument, which is also what SearchIndex returns for a match.
/// </summary>
public sealed record ThingDocument
{
    public required string ThingName { get; init; }
    public string? ThingId { get; init; }
    public string? ThingTypeName { get; init; }

    /// <summary>The thing groups the thing is a direct member of.</summary>
    public IReadOnlyList<string> ThingGroupNames { get; init; } = Array.Empty<string>();

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The classic shadow document as GetThingShadow returns it (<c>{"state":{"desired":..,"reported":..},
    /// "metadata":..,"version":..}</c>), or null for a thing without a shadow. A stored <c>state.delta</c> is ignored:
    /// the index computes the delta itself.
    /// </summary>
    public string? Shadow { get; init; }

    /// <summary>Null for a thing that never connected; with connectivity indexing on it is indexed as not connected.</summary>
    public ThingConnectivity? Connectivity { get; init; }
}
