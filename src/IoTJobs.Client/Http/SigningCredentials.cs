using Amazon.Runtime;

namespace IoTJobs.Client.Http
{
    /// <summary>The keys one attempt is signed with, resolved afresh so refreshing credentials (roles, SSO) are current.</summary>
    internal sealed class SigningCredentials(AWSCredentials credentials, string source, string? refreshAdvice)
    {
        /// <exception cref="IoTServiceException">CredentialsUnavailable: where they came from and what to do.</exception>
        public async Task<ImmutableCredentials> ResolveAsync(string operation, int attempt, bool outcomeUnknown)
        {
            try
            {
                var creds = await credentials.GetCredentialsAsync().ConfigureAwait(false);
                return creds ?? throw new InvalidOperationException("the credential provider returned no credentials");
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw CallErrors.CredentialsUnavailable(operation, ex, source, refreshAdvice, attempt, outcomeUnknown);
            }
        }
    }
}
