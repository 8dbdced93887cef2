namespace IoTJobs.Emulator.Faults;

/// <summary>What an injected fault does to one API request (--fault-kinds, --fault-script).</summary>
public enum FaultKind
{
    /// <summary>Answer 503 ServiceUnavailableException without applying the request ("503").</summary>
    ServiceUnavailable,
    /// <summary>Drop the connection without applying the request ("drop").</summary>
    Drop,
    /// <summary>Apply the request, then drop the connection instead of answering ("apply-then-drop"): the client cannot tell whether it happened.</summary>
    ApplyThenDrop,
    /// <summary>Answer 403 ExpiredTokenException without applying the request ("expired-token"), as for expired temporary credentials.</summary>
    ExpiredToken,
}
