using IoTJobs.Emulator.Handlers;

namespace IoTJobs.Emulator.Faults;

/// <summary>
/// Faults for chosen requests of one operation: request <see cref="AtRequest"/> (1 = the next one, counted from when
/// the script is set or the emulator reset) gets <see cref="Faults"/>[0], the one after it [1], and so on.
/// </summary>
public sealed record ScriptedFault(string Operation, int AtRequest, IReadOnlyList<FaultKind> Faults)
{
    /// <summary>The names --fault-kinds and --fault-script take, in FaultKind order.</summary>
    public static readonly IReadOnlyList<string> KindNames = new[] { "503", "drop", "apply-then-drop", "expired-token" };

    public static string NameOf(FaultKind kind) => KindNames[(int)kind];

    /// <summary>A kind by its name (case-insensitive; "service-unavailable" is also 503), or null.</summary>
    public static FaultKind? KindOf(string name) => name.Trim().ToLowerInvariant() switch
    {
        "503" or "service-unavailable" => FaultKind.ServiceUnavailable,
        "drop" => FaultKind.Drop,
        "apply-then-drop" => FaultKind.ApplyThenDrop,
        "expired-token" => FaultKind.ExpiredToken,
        _ => null,
    };

    /// <summary>Checks a script built in code or from a request; the message names what is wrong and what is valid.</summary>
    public void Validate()
    {
        if (!Operations.All.Contains(Operation))
            throw new ArgumentException($"Fault script: unknown operation '{Operation}'. Valid operations: {string.Join(", ", Operations.All)}.");
        if (AtRequest < 1)
            throw new ArgumentException($"Fault script for {Operation}: the request number must be 1 or more (1 = the next request), not {AtRequest}.");
        if (Faults == null || Faults.Count == 0 || Faults.Any(k => !Enum.IsDefined(k)))
            throw new ArgumentException($"Fault script for {Operation}: give one or more kinds ({string.Join(", ", KindNames)}).");
    }
}
