using System.Reflection;
using Amazon.Runtime;

namespace IoTJobs.Client.Credentials
{
    /// <summary>
    /// Credentials that may refresh (assumed roles, SSO, instance profiles) from another copy of AWSSDK.Core, or any
    /// object with GetCredentials(): every call goes back to the source object, so its own caching and refreshing apply.
    /// </summary>
    internal sealed class ReflectedAWSCredentials : AWSCredentials
    {
        private readonly MethodInfo _getCredentials;
        private readonly MethodInfo? _getCredentialsAsync;

        internal ReflectedAWSCredentials(object source, MethodInfo getCredentials, MethodInfo? getCredentialsAsync)
        {
            Source = source ?? throw new ArgumentNullException(nameof(source));
            _getCredentials = getCredentials;
            _getCredentialsAsync = getCredentialsAsync;
        }

        /// <summary>The foreign object (identifies the credentials without reading them).</summary>
        internal object Source { get; }

        public override ImmutableCredentials GetCredentials() =>
            ExternalCredentials.ReadImmutable(ExternalCredentials.Invoke(_getCredentials, Source), Source.GetType());

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            // The source's async path when it has one (a refresh then does not block a thread), else the sync one.
            if (_getCredentialsAsync == null) return GetCredentials();
            var task = (Task?)ExternalCredentials.Invoke(_getCredentialsAsync, Source);
            if (task == null) return GetCredentials();
            await task.ConfigureAwait(false);
            var result = task.GetType().GetProperty("Result", BindingFlags.Public | BindingFlags.Instance)?.GetValue(task);
            return ExternalCredentials.ReadImmutable(result, Source.GetType());
        }
    }
}
