namespace IoTJobs.Emulator.Faults;

/// <summary>
/// The scripted faults in force (--fault-script, POST /_emulator/fault-script), at most one script per operation. Each
/// request of a scripted operation is counted; the one a step names gets that step's fault instead of a random draw.
/// </summary>
internal sealed class FaultScripts
{
    private sealed class Armed(ScriptedFault script)
    {
        public ScriptedFault Script { get; } = script;
        public long Seen;
    }

    private readonly object _lock = new();
    private readonly Dictionary<string, Armed> _byOperation = new(StringComparer.Ordinal);

    public FaultScripts(IEnumerable<ScriptedFault> scripts)
    {
        foreach (var s in scripts) Set(s);
    }

    /// <summary>Replaces the operation's script; its requests are counted from now.</summary>
    public void Set(ScriptedFault script)
    {
        script.Validate();
        lock (_lock) _byOperation[script.Operation] = new Armed(script);
    }

    /// <summary>Removes one operation's script, or every script when <paramref name="operation"/> is null.</summary>
    public void Clear(string? operation)
    {
        lock (_lock)
        {
            if (operation == null) _byOperation.Clear();
            else _byOperation.Remove(operation);
        }
    }

    /// <summary>Counts this request of the operation and returns the fault its script names for it, if any.</summary>
    public FaultKind? Next(string operation)
    {
        lock (_lock)
        {
            if (!_byOperation.TryGetValue(operation, out var armed)) return null;
            long index = ++armed.Seen - armed.Script.AtRequest;
            return index >= 0 && index < armed.Script.Faults.Count ? armed.Script.Faults[(int)index] : null;
        }
    }

    /// <summary>On /_emulator/reset: every script counts from zero again.</summary>
    public void Restart()
    {
        lock (_lock)
            foreach (var armed in _byOperation.Values) armed.Seen = 0;
    }

    /// <summary>The scripts in force with the requests each has counted, by operation.</summary>
    public IReadOnlyList<(ScriptedFault Script, long Seen)> Snapshot()
    {
        lock (_lock)
            return _byOperation.Values.OrderBy(a => a.Script.Operation, StringComparer.Ordinal).Select(a => (a.Script, a.Seen)).ToList();
    }
}
