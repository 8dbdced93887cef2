namespace IoTJobs.PowerShell.Cmdlets
{
    /// <summary>
    /// What the Get cmdlets share: the piped object the resolver reads, each target it resolves run with its region's
    /// client, and one way to run a describe or list and report its service error for that item.
    /// </summary>
    public abstract class GetCommand : IoTJobsCmdlet
    {
        /// <summary>The parameter sets of Get cmdlets that list or describe: list (their default), or describe what is named.</summary>
        protected const string ListSet = "List";
        protected const string DescribeSet = "Describe";

        /// <summary>The piped object itself, which the resolver reads (a piped string as a name; its own Region too).</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? InputObject { get; set; }

        /// <summary>The piped item the resolver reads, when the command has pipeline input at all.</summary>
        internal PipedItem? PipedInput => MyInvocation.ExpectingInput ? PipedItem.Of(InputObject) : null;

        /// <summary>A list without input: in the command's region, unless that client was refused earlier.</summary>
        protected void InCommandRegion(Action<IIoTJobsClient> list, object? target = null)
        {
            var client = ClientFor(null);
            if (!SkipRefused(client, target)) list(client);
        }

        /// <summary>
        /// The resolution of one item: its notes and error written (<see cref="IoTJobsCmdlet.Accept{T}"/>), then
        /// <paramref name="act"/> for each target with its region's client, unless that client was refused or the target
        /// names another account (<paramref name="name"/> names the target in those errors when no item was piped).
        /// </summary>
        internal void ForEachTarget<T>(Resolution<T> resolution, Func<T, string> name, Action<IIoTJobsClient, T> act) where T : Target
        {
            if (!Accept(resolution)) return;
            foreach (var target in resolution.Targets)
            {
                var client = ClientFor(target.Region);
                var item = target.Item ?? name(target);
                if (SkipRefused(client, item) || !AccountAgrees(client, target, item, whatIf: false)) continue;
                act(client, target);
            }
        }

        /// <summary>
        /// A Get cmdlet's service error for one item: a refusal as a whole as <see cref="IoTJobsCmdlet.WriteRefused"/>; an
        /// answer classified as <paramref name="notFoundId"/> with <paramref name="notFoundMessage"/>, one whose ErrorId
        /// <paramref name="explained"/> has with that message; anything else as "<paramref name="failedWhat"/> (code,
        /// HTTP status, attempts): the service's words".
        /// </summary>
        internal void WriteServiceError(IIoTJobsClient client, IoTServiceException ex, string notFoundId, string notFoundMessage, string failedWhat,
            string? thingName, string? jobId, object target, IReadOnlyDictionary<string, string>? explained = null)
        {
            if (ServiceErrors.IsRefusal(ex))
            {
                WriteRefused(ex, target, client);
                return;
            }
            var (errorId, category) = ServiceErrors.Classify(ex, notFoundId);
            var message = errorId == notFoundId ? notFoundMessage
                : explained != null && explained.TryGetValue(errorId, out var explanation) ? explanation
                : $"{failedWhat} ({ex.ErrorCode}, HTTP {ex.StatusCode}, after {ex.Attempts} attempt(s)): {ex.Message}";
            Report.Error(NewError(IoTJobsException.For(ex, message, thingName, jobId), errorId, category, target));
        }

        /// <summary>
        /// Runs one describe or list of a Get cmdlet: a service error goes to <paramref name="onServiceError"/> (the item's
        /// error, see <see cref="WriteServiceError"/>) and Ctrl+C stops the pipeline. False after a service error.
        /// </summary>
        internal bool Attempt(Action call, Action<IoTServiceException> onServiceError)
        {
            try
            {
                call();
                return true;
            }
            catch (IoTServiceException ex)
            {
                onServiceError(ex);
                return false;
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Describes the <paramref name="what"/> (job, thing, thing group) named <paramref name="name"/> and writes it, mapped
        /// with the client's region; a service error is the item's, "Thing 'x' was not found in us-east-1." and the like.
        /// </summary>
        internal void DescribeNamed<T>(IIoTJobsClient client, string what, string name, string notFoundId, Func<CancellationToken, Task<T>> describe,
            Func<T, string, object> map, string? thingName = null, string? jobId = null)
        {
            var region = client.Region;
            Attempt(() => Report.Output(map(Run(describe), region)), ex => WriteServiceError(client, ex, notFoundId,
                $"{MessageText.Capitalize(what)} '{name}' was not found in {region}.", $"Describing {what} '{name}' in {region} failed", thingName, jobId, name));
        }

        /// <summary>Streams a list (<see cref="IoTJobsCmdlet.Stream{T}"/>) into <paramref name="write"/>, run as <see cref="Attempt"/> runs a call.</summary>
        internal void WriteEach<T>(Func<CancellationToken, IAsyncEnumerable<T>> list, Action<T> write, Action<IoTServiceException> onServiceError) =>
            Attempt(() => { foreach (var item in Stream(list)) write(item); }, onServiceError);
    }
}
