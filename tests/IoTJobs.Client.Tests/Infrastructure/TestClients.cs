namespace IoTJobs.Client.Tests.Infrastructure;

public static class TestClients
{
    public const string AccessKey = "AKIDEXAMPLE00000001";
    // Long enough to be treated as a real secret by the redactor.
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYSECRETKEY1";
    public const string SessionToken = "FQoGZXIvYXdzEXAMPLETOKEN+abc/def==SESSIONTOKEN";

    /// <summary>
    /// A client for the scripted server with explicit settings (no environment lookups) on a <see cref="FakeClock"/>: backoff
    /// delays are recorded instead of slept, and a per-attempt timeout fires only when the test advances the clock.
    /// </summary>
    public static IoTJobsClient For(ScriptedServer server, Action<ClientOptions>? tweak = null, List<string>? log = null) =>
        For(server, out _, tweak, log);

    public static IoTJobsClient For(ScriptedServer server, out FakeClock clock, Action<ClientOptions>? tweak = null, List<string>? log = null)
    {
        clock = new FakeClock();
        var o = new ClientOptions
        {
            Region = "us-east-1",
            EndpointUrl = server.BaseAddress.ToString(),
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            MaxAttempts = 3,
            RequestTimeout = TimeSpan.FromSeconds(10),
            Clock = clock,
        };
        if (log != null) o.Log = line => { lock (log) log.Add(line); };
        tweak?.Invoke(o);
        return IoTJobsClient.Create(o);
    }

    /// <summary>One call through a client whose server answers every request with <paramref name="body"/> (HTTP 200).</summary>
    public static async Task<T> Answering<T>(string body, Func<IoTJobsClient, Task<T>> call)
    {
        await using var server = ScriptedServer.Start(Reply.Ok(body));
        using var client = For(server);
        return await call(client);
    }

    /// <summary>Options for a client of the in-process emulator (real clock: the emulator checks signing times), logging to <paramref name="log"/>.</summary>
    public static ClientOptions ForEmulator(IoTJobs.Emulator.Hosting.EmulatorHost host, List<string> log, Action<ClientOptions>? tweak = null)
    {
        var o = new ClientOptions
        {
            Region = "us-east-1", EndpointUrl = host.BaseAddress.ToString(), AccessKey = "test", SecretKey = "test",
            Log = line => { lock (log) log.Add(line); },
        };
        tweak?.Invoke(o);
        return o;
    }
}
