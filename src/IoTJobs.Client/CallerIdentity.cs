namespace IoTJobs.Client
{
    /// <summary>Who a set of credentials acts as (STS GetCallerIdentity): the account, and the ARN and user id when STS sent them.</summary>
    public sealed class CallerIdentity
    {
        public string Account { get; set; } = "";
        public string? Arn { get; set; }
        public string? UserId { get; set; }
    }
}
