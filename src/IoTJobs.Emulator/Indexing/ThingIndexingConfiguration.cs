namespace IoTJobs.Emulator.Indexing;

/// <summary>What the AWS_Things index holds (the model's ThingIndexingMode: OFF | REGISTRY | REGISTRY_AND_SHADOW).</summary>
public enum ThingIndexingMode
{
    Off,
    Registry,
    RegistryAndShadow,
}

/// <summary>Whether connectivity status is indexed (the model's ThingConnectivityIndexingMode: OFF | STATUS).</summary>
public enum ThingConnectivityIndexingMode
{
    Off,
    Status,
}

/// <summary>
/// The part of UpdateIndexingConfiguration's thingIndexingConfiguration that decides which fields are searchable.
/// Fields of a source that is not indexed exist in no document, so terms on them match nothing.
/// </summary>
public sealed record ThingIndexingConfiguration(
    ThingIndexingMode ThingIndexingMode,
    ThingConnectivityIndexingMode ThingConnectivityIndexingMode = ThingConnectivityIndexingMode.Off)
{
    /// <summary>AWS's default: thing indexing off (GetIndexingConfiguration shows OFF/OFF before any update).</summary>
    public static ThingIndexingConfiguration Off { get; } = new(ThingIndexingMode.Off);

    /// <summary>False when AWS_Things does not exist (SearchIndex then answers 404 ResourceNotFoundException).</summary>
    public bool IndexExists => ThingIndexingMode != ThingIndexingMode.Off;

    public bool IndexesShadow => ThingIndexingMode == ThingIndexingMode.RegistryAndShadow;

    /// <summary>Connectivity is part of the thing index, so it is searchable only while thing indexing is on.</summary>
    public bool IndexesConnectivity => IndexExists && ThingConnectivityIndexingMode == ThingConnectivityIndexingMode.Status;

    public string ThingIndexingModeName => ThingIndexingMode switch
    {
        ThingIndexingMode.Registry => "REGISTRY",
        ThingIndexingMode.RegistryAndShadow => "REGISTRY_AND_SHADOW",
        _ => "OFF",
    };

    public string ThingConnectivityIndexingModeName =>
        ThingConnectivityIndexingMode == ThingConnectivityIndexingMode.Status ? "STATUS" : "OFF";

    /// <summary>
    /// Reads the wire names (the model's enums; a missing connectivity mode is OFF, as AWS documents). False, with
    /// <paramref name="error"/> naming the bad input and the valid values, for anything else.
    /// </summary>
    public static bool TryParse(string? thingIndexingMode, string? thingConnectivityIndexingMode,
        out ThingIndexingConfiguration configuration, out string? error)
    {
        configuration = Off;
        error = null;
        ThingIndexingMode? mode = thingIndexingMode switch
        {
            "OFF" => ThingIndexingMode.Off,
            "REGISTRY" => ThingIndexingMode.Registry,
            "REGISTRY_AND_SHADOW" => ThingIndexingMode.RegistryAndShadow,
            _ => null,
        };
        ThingConnectivityIndexingMode? connectivity = thingConnectivityIndexingMode switch
        {
            null or "OFF" => ThingConnectivityIndexingMode.Off,
            "STATUS" => ThingConnectivityIndexingMode.Status,
            _ => null,
        };
        if (mode is null)
            error = $"thingIndexingMode '{thingIndexingMode}' is not valid: use OFF, REGISTRY or REGISTRY_AND_SHADOW.";
        else if (connectivity is null)
            error = $"thingConnectivityIndexingMode '{thingConnectivityIndexingMode}' is not valid: use OFF or STATUS.";
        else
            configuration = new ThingIndexingConfiguration(mode.Value, connectivity.Value);
        return error is null;
    }
}
