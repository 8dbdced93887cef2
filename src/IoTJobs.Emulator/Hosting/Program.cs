using System.Runtime.InteropServices;

namespace IoTJobs.Emulator.Hosting;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "seed")
            return await SeedCommand.RunAsync(args[1..]).ConfigureAwait(false);

        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.Out.Write(CommandLine.Usage);
            Console.Out.WriteLine();
            return 0;
        }

        ShapeCheck.ShapeCheckReport.HostKind = "process";
        EmulatorOptions options;
        try
        {
            options = EmulatorOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine($"error: {CommandLine.CleanMessage(ex)}");
            Console.Error.WriteLine("Run with --help for the list of options.");
            return 2;
        }

        EmulatorHost host;
        try
        {
            host = await EmulatorHost.StartAsync(options).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"error: cannot listen on {options.BindAddress}:{options.Port}: {ex.Message}");
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            // Handlers first: whoever reads the Listening line may signal at once, and a signal that arrived before
            // registration would kill the process instead of stopping it cleanly.
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnSignal(PosixSignalContext c)
            {
                c.Cancel = true;
                stop.TrySetResult();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

            // The first stdout line is a contract: scripts and tests read the port from it.
            Console.Out.WriteLine($"Listening on {host.BaseAddress.ToString().TrimEnd('/')}");
            Console.Out.Flush();
            if (!options.Quiet)
            {
                string limits = options.RateLimit == null && options.OperationRateLimits.Count == 0
                    ? "off"
                    : string.Join(",", new[] { options.RateLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) }
                        .Concat(options.OperationRateLimits.Select(kv => $"{kv.Key}={kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))
                        .Where(s => s != null));
                Console.Error.WriteLine($"IoTJobs emulator: region {options.Region}, account {options.Account}, access key {options.AccessKey}, " +
                    $"rate limit {limits}, latency {options.LatencyMs} ms, fault rate {options.FaultRate}, " +
                    $"CancelJob pace {(options.JobCancelRate == 0 ? "instant" : options.JobCancelRate.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " executions/s")}, " +
                    $"time scale {options.TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture)}. Ctrl+C to stop.");
            }

            await stop.Task.ConfigureAwait(false);
        }
        return 0;
    }
}
