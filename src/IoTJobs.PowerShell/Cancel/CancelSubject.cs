namespace IoTJobs.PowerShell.Cancel
{
    /// <summary>
    /// What the engine needs to know about one kind of target (an execution, a whole job): how to cancel and read it,
    /// how to name it, and what its own refusals mean. The order of judgement is the engine's, the words are these.
    /// </summary>
    internal abstract class CancelSubject<TState>(CancelEngine engine, IIoTJobsClient client, string noun, string emptyFields) where TState : class
    {
        protected CancelEngine Engine { get; } = engine;
        protected IIoTJobsClient Client { get; } = client;
        public string Region => Client.Region;

        /// <summary>How messages name it: "job 'fw' on thing 'dev-1'", "job 'fw'".</summary>
        public abstract string Names { get; }
        /// <summary>"the execution", "the job".</summary>
        public string Noun { get; } = noun;
        /// <summary>What an object without its read-back leaves empty.</summary>
        public string EmptyFields { get; } = emptyFields;
        /// <summary>The command that reads it, for "check it" advice.</summary>
        public abstract string CheckCommand { get; }

        /// <summary>
        /// An outcome known before sending anything (a job that was canceled already), or null to send the cancel. A
        /// failed look is no reason not to send it.
        /// </summary>
        public virtual Task<CancelOutcome?> BeforeCancelAsync(CancellationToken ct) => Task.FromResult<CancelOutcome?>(null);

        public abstract Task CancelAsync(CancellationToken ct);
        public abstract Task<TState> ReadAsync(CancellationToken ct);
        public abstract string? StatusOf(TState state);
        /// <summary>The object to emit, from the state read (null: only the names are known), with its Outcome.</summary>
        public abstract object Output(TState? state, CancelResult result);
        /// <summary>The verbose line for a cancel that shows CANCELED.</summary>
        public abstract string CanceledNote(TState state);
        /// <summary>Warnings about an applied cancel (written after its object).</summary>
        public virtual IEnumerable<string> Checks(TState state) => Enumerable.Empty<string>();
        /// <summary>True for the refusals only the target's state explains.</summary>
        public abstract bool NeedsState(IoTServiceException ex);
        /// <summary>A target found CANCELED that is still not what was asked for (a job canceled before without -Force); null when it is.</summary>
        public virtual CancelOutcome? CanceledButNotAsAsked(IoTServiceException ex, TState current, bool ambiguous) => null;
        /// <summary>The error for a failure that was neither ambiguous nor a refusal as a whole.</summary>
        public abstract CancelOutcome Explain(IoTServiceException ex, TState? current, IoTServiceException? readError);

        public abstract CancelOutcome Fail(IoTServiceException ex, TState? current, string errorId, ErrorCategory category, string message, IoTServiceException? refusal = null);

        /// <summary>Where it is, when messages say it beside <see cref="Names"/> (" in eu-west-1" for jobs).</summary>
        protected virtual string Where => "";

        /// <summary>Throttled after the client's retries, as both kinds say it.</summary>
        protected string Throttled(IoTServiceException ex, string unit) =>
            $"The service throttled the cancel of {Names}{Where} ({ex.ErrorCode}) and still refused it after {ex.Attempts} attempt(s). Retry later, or cancel fewer {unit} per second.";

        /// <summary>Any other failure, as both kinds say it.</summary>
        protected string Failed(IoTServiceException ex) =>
            $"Canceling {Names}{Where} failed: {ex.ErrorCode} (HTTP {ex.StatusCode}{CancelEngine.Attempts(ex)}): {ServiceErrors.Said(ex)}" +
            (ex.RetryQuotaNote == null ? "" : " " + ex.RetryQuotaNote);
    }
}
