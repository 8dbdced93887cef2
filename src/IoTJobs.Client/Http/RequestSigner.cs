using System.Net.Http.Headers;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace IoTJobs.Client.Http
{
    /// <summary>Builds one attempt's HTTP message, signed with SigV4 by AWSSDK.Core's signer for the client's region.</summary>
    internal sealed class RequestSigner
    {
        private readonly RegionEndpoint _region;

        public RequestSigner(string region) => _region = RegionEndpoint.GetBySystemName(region);

        public HttpRequestMessage Sign(ApiRequest request, ImmutableCredentials credentials, DateTime signedAt)
        {
            var message = new HttpRequestMessage(request.Method, request.Uri);
            var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.Uri };
            if (request.Body != null)
            {
                message.Content = new ByteArrayContent(request.Body);
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType ?? "application/json");
                signing.Content = request.Body;
                // Signed exactly as it goes on the wire.
                signing.Headers["Content-Type"] = message.Content.Headers.ContentType.ToString();
            }
            AWSCredentials attemptCredentials = string.IsNullOrEmpty(credentials.Token)
                ? new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey)
                : (AWSCredentials)new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token);
            // The non-S3 signer canonicalizes the already-encoded wire path, i.e. encodes it a second time
            // (/things/a%3Ab -> /things/a%253Ab), which is what the IoT service expects.
            var result = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
            {
                Credentials = attemptCredentials,
                Region = _region,
                Service = request.SigningService,
                SignedAt = signedAt,
            });
            foreach (var h in result.Headers)
                message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            return message;
        }
    }
}
