namespace IoTJobs.PowerShell.Cmdlets
{
    internal static class ClientExtensions
    {
        /// <summary>The account the client's credentials act in (STS GetCallerIdentity).</summary>
        public static async Task<string> GetCallerAccountAsync(this IIoTJobsClient client, CancellationToken ct) =>
            (await client.GetCallerIdentityAsync(ct).ConfigureAwait(false)).Account;
    }
}
