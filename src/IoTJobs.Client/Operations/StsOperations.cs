using System.Text;
using IoTJobs.Client.Http;

namespace IoTJobs.Client.Operations
{
    /// <summary>STS GetCallerIdentity over the query protocol: a signed form POST to the STS endpoint, XML back.</summary>
    internal sealed class StsOperations
    {
        /// <summary>STS's SigV4 credential-scope service name.</summary>
        public const string SigningName = "sts";
        public const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";
        private const string GetCallerIdentity = "GetCallerIdentity";
        // Paced apart from every IoT operation: STS's request limits are its own.
        private const string GetCallerIdentityRateKey = "sts:GetCallerIdentity";
        private static readonly byte[] GetCallerIdentityBody = Encoding.UTF8.GetBytes("Action=GetCallerIdentity&Version=2011-06-15");

        private readonly RequestPipeline _pipeline;
        private readonly Uri _endpoint;

        public StsOperations(RequestPipeline pipeline, Uri endpoint)
        {
            _pipeline = pipeline;
            _endpoint = endpoint;
        }

        public async Task<CallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken)
        {
            var request = new ApiRequest(GetCallerIdentity, GetCallerIdentityRateKey, HttpMethod.Post, _endpoint, "/", SigningName,
                StsXml.Errors, GetCallerIdentityBody, FormContentType);
            var body = await _pipeline.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return StsXml.CallerIdentity(body, _endpoint);
        }
    }
}
