using System.Collections.Concurrent;

namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// What every IoTJobs cmdlet shares: the settings parameters, the clients of this command (one per region, see the
    /// Clients partial), one cancellation token that Ctrl+C cancels, running the async client on the pipeline thread,
    /// the command line as the resolver reads it, and the one reporting path (<see cref="Report"/>).
    /// </summary>
    public abstract partial class IoTJobsCmdlet : PSCmdlet
    {
        /// <summary>
        /// The AWS region, e.g. us-east-1. Not bound from the pipeline: a piped object's own region is read from the object
        /// by the resolver, so a malformed Region in one CSV row is that row's error, not a binding failure.
        /// </summary>
        [Parameter]
        [ValidateRegion]
        public string? Region { get; set; }

        /// <summary>A profile in the shared AWS config/credentials files.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        /// <summary>The IoT endpoint to call instead of https://iot.{region}.amazonaws.com (e.g. the local emulator).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        /// <summary>An access key id; use with -SecretKey.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        /// <summary>The secret access key for -AccessKey. Never written to any stream.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SecretKey { get; set; }

        /// <summary>A session token for temporary credentials, with -AccessKey and -SecretKey.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        /// <summary>
        /// A credentials object (an AWSCredentials from any copy of AWSSDK.Core, an object or hashtable with AccessKey,
        /// SecretKey and Token/SessionToken). Typed object: another module's AWSSDK.Core types are not this module's.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Credential { get; set; }

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<string> _verbose = new ConcurrentQueue<string>();
        private HashSet<string> _givenAtBegin = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private Reporter? _report;

        /// <summary>Cancelled by Ctrl+C; every request observes it.</summary>
        protected CancellationToken StopToken => _stop.Token;

        /// <summary>The one reporting path: every record the module writes goes through it.</summary>
        internal Reporter Report => _report ??= new Reporter(this, new StreamPreferences(this));

        // The client logs from thread-pool threads; this routes its lines to the cmdlet that made the call, which writes
        // them from the pipeline thread.
        private static readonly AsyncLocal<ConcurrentQueue<string>?> LogSink = new AsyncLocal<ConcurrentQueue<string>?>();
        private static readonly Action<string> SharedLog = line => LogSink.Value?.Enqueue(line);

        /// <summary>The region the command started with (-Region or a $PSDefaultParameterValues default), before any piped object.</summary>
        internal string? CommandRegion { get; private set; }

        /// <summary>True when <see cref="CommandRegion"/> was typed (not a default): a piped object's region must then agree with it.</summary>
        internal bool CommandRegionTyped { get; private set; }

        protected override void BeginProcessing()
        {
            _report = new Reporter(this, new StreamPreferences(this));
            // What the command line gave (typed, defaults, delay-bind script blocks); the rest per item comes from the pipeline.
            _givenAtBegin = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            CommandRegion = string.IsNullOrWhiteSpace(Region) ? null : Region!.Trim();
            CommandRegionTyped = CommandRegion != null &&
                (ParameterOrigin.Typed(this, nameof(Region)) ?? !ParameterOrigin.FromDefaults(this, nameof(Region), Region));
            base.BeginProcessing();
        }

        /// <summary>True when the parameter was given on the command line (not bound from a piped item's properties).</summary>
        protected bool Given(string parameter) => _givenAtBegin.Contains(parameter);

        /// <summary>
        /// The command line for the current item, as the resolver reads it. A name parameter counts only when the command
        /// line gave it; its value now is the typed one or a delay-bind script block's result for this item.
        /// </summary>
        internal CommandLine CommandLineFor(string[]? things, string[]? jobs, string[]? groups = null) => new CommandLine
        {
            Command = MyInvocation.MyCommand?.Name ?? GetType().Name,
            Things = Given("ThingName") ? things ?? Array.Empty<string>() : null,
            Jobs = Given("JobId") ? jobs ?? Array.Empty<string>() : null,
            Groups = Given("ThingGroupName") ? groups ?? Array.Empty<string>() : null,
            Region = CommandRegion,
            RegionTyped = CommandRegionTyped,
            ExpectingInput = MyInvocation.ExpectingInput,
        };

        protected override void StopProcessing()
        {
            _stop.Cancel();
            base.StopProcessing();
        }

        protected override void EndProcessing()
        {
            FlushVerbose();
            base.EndProcessing();
        }

        /// <summary>Writes the item's error, through the reporting path.</summary>
        internal void WriteItemError(ErrorRecord record) => Report.Error(record);

        /// <summary>Writes a resolver's error for one item, or stops the command with it when the command line itself is wrong.</summary>
        internal void WriteResolutionError(ItemError error)
        {
            var record = NewError(new ArgumentException(error.Message), error.ErrorId, error.Category, error.Target);
            if (!error.EndsCommand) Report.Error(record);
            else Terminate(record);
        }

        /// <summary>Ends the command with this error, after writing what must be written first.</summary>
        internal void Terminate(ErrorRecord record)
        {
            Report.GuardAlways();
            ThrowTerminatingError(record);
        }

        /// <summary>Runs one client call on the pipeline thread, then writes the verbose lines it produced.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> call)
        {
            var previous = LogSink.Value;
            LogSink.Value = _verbose;
            try
            {
                return call(StopToken).GetAwaiter().GetResult();
            }
            finally
            {
                LogSink.Value = previous;
                FlushVerbose();
            }
        }

        /// <summary>Runs one client call that returns nothing.</summary>
        protected void Run(Func<CancellationToken, Task> call) =>
            Run<bool>(async token => { await call(token).ConfigureAwait(false); return true; });

        /// <summary>
        /// Streams a lazily paged list on the pipeline thread: each item is yielded as its page arrives, and the next
        /// page is requested only when the consumer (e.g. Select-Object -First) asks for more.
        /// </summary>
        protected IEnumerable<T> Stream<T>(Func<CancellationToken, IAsyncEnumerable<T>> list)
        {
            var previous = LogSink.Value;
            LogSink.Value = _verbose;
            IAsyncEnumerator<T> enumerator;
            try
            {
                enumerator = list(StopToken).GetAsyncEnumerator(StopToken);
            }
            finally
            {
                LogSink.Value = previous;
            }
            try
            {
                while (true)
                {
                    bool more;
                    LogSink.Value = _verbose;
                    try
                    {
                        more = enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult();
                    }
                    finally
                    {
                        LogSink.Value = previous;
                        FlushVerbose();
                    }
                    if (!more) yield break;
                    yield return enumerator.Current;
                }
            }
            finally
            {
                enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        /// <summary>Starts an async call whose client log lines reach this cmdlet's verbose stream (written later by <see cref="FlushVerbose"/>).</summary>
        internal Task<T> Start<T>(Func<Task<T>> call)
        {
            var previous = LogSink.Value;
            LogSink.Value = _verbose;
            try
            {
                return call();
            }
            finally
            {
                LogSink.Value = previous;
            }
        }

        /// <summary>Writes queued verbose lines; call only on the pipeline thread.</summary>
        protected internal void FlushVerbose()
        {
            while (_verbose.TryDequeue(out var line)) Report.Verbose(line);
        }

        /// <summary>
        /// An error record with a stable ErrorId, precise category and the input item as TargetObject. RecommendedAction
        /// (shown as "Recommendation:") is set only where the message itself names no next step.
        /// </summary>
        internal static ErrorRecord NewError(Exception exception, string errorId, ErrorCategory category, object? target)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            // A 5xx or no response at all, after the client's retries: the one case where the message names no next step.
            if (errorId == "ServiceError" && exception is IoTJobsException iot && (iot.StatusCode == 0 || iot.StatusCode >= 500))
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = TransientAdvice };
            return record;
        }

        internal const string TransientAdvice =
            "This may be temporary: run the command again for the items that failed, or set AWS_MAX_ATTEMPTS (for example 10) to retry for longer.";

        /// <summary>
        /// A bulk run's concurrency summary: a verbose line, and for callers who ask for information records
        /// (-InformationVariable, -InformationAction) one tagged Concurrency, for scripts such as the benchmark.
        /// </summary>
        protected void WriteConcurrency(string summary)
        {
            Report.Verbose(summary);
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey("InformationVariable") || bound.ContainsKey("InformationAction"))
                Report.Information(summary, new[] { "Concurrency" });
        }

        /// <summary>Runs a resolution's notes through the verbose stream, and writes its error; true when it has targets to act on.</summary>
        internal bool Accept<T>(Resolution<T> resolution) where T : Target
        {
            foreach (var note in resolution.Notes) Report.Verbose(note);
            if (resolution.Error == null) return true;
            WriteResolutionError(resolution.Error);
            return false;
        }
    }
}
