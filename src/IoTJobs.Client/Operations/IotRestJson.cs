using System.Text.Json;
using IoTJobs.Client.Http;

namespace IoTJobs.Client.Operations
{
    /// <summary>The IoT control plane's rest-json protocol over the request pipeline: requests, success bodies, lists.</summary>
    internal sealed class IotRestJson
    {
        public const string JsonContentType = "application/json";

        private readonly RequestPipeline _pipeline;
        private readonly string _baseUrl;

        public IotRestJson(RequestPipeline pipeline, Uri endpoint)
        {
            _pipeline = pipeline;
            var b = endpoint.GetLeftPart(UriPartial.Path);
            _baseUrl = b.EndsWith("/", StringComparison.Ordinal) ? b : b + "/";
        }

        /// <summary>Sends one call (paced under its operation's name) and returns the success body.</summary>
        public Task<byte[]> SendAsync(string operation, HttpMethod method, string path, QueryString? query, byte[]? body, CancellationToken cancellationToken)
        {
            var q = query?.ToString() ?? "";
            var request = new ApiRequest(operation, operation, method, new Uri(_baseUrl + path + q), "/" + path + q, IoTJobsClient.SigningName,
                RestJsonErrors.Instance, body, body == null ? null : JsonContentType);
            return _pipeline.SendAsync(request, cancellationToken);
        }

        /// <summary>Sends one call and reads its JSON object.</summary>
        public async Task<T> ReadAsync<T>(string operation, HttpMethod method, string path, QueryString? query, byte[]? body,
            Func<JsonElement, T> read, CancellationToken cancellationToken)
        {
            var bytes = await SendAsync(operation, method, path, query, body, cancellationToken).ConfigureAwait(false);
            using var doc = ParseSuccess(operation, bytes);
            return read(doc.RootElement);
        }

        /// <summary>A GET of one resource named by a required path label, read from its JSON object.</summary>
        /// <param name="path">The path for the percent-encoded label.</param>
        public async Task<T> GetResourceAsync<T>(string operation, string labelName, string label, Func<string, string> path,
            Func<JsonElement, T> read, CancellationToken cancellationToken)
        {
            Require(label, labelName);
            return await ReadAsync(operation, HttpMethod.Get, path(Label(label)), null, null, read, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A GET list, paged lazily with nextToken in the query.</summary>
        public IAsyncEnumerable<T> ListAsync<T>(string operation, string path, QueryString query, Func<JsonElement, IReadOnlyList<T>> items,
            CancellationToken cancellationToken) =>
            Paginator.PageAsync(operation, (token, ct) => SendAsync(operation, HttpMethod.Get, path, query.With("nextToken", token), null, ct),
                items, cancellationToken);

        /// <summary>The objects of a page's array member, each mapped.</summary>
        public static Func<JsonElement, IReadOnlyList<T>> Items<T>(string member, Func<JsonElement, T> map) =>
            root => Json.Objects(root, member).Select(map).ToList();

        /// <summary>Percent-encodes a path label (RFC 3986 unreserved characters stay, ':' becomes %3A).</summary>
        public static string Label(string value) => Uri.EscapeDataString(value);

        /// <exception cref="ArgumentException">The value is null or empty.</exception>
        public static void Require(string? value, string name)
        {
            if (string.IsNullOrEmpty(value))
                throw new ArgumentException($"{name} is required and must not be empty.", name);
        }

        /// <summary>A JSON object body; one with no members set is "{}", as botocore sends it.</summary>
        public static byte[] Body(Action<Utf8JsonWriter> members)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                members(w);
                w.WriteEndObject();
            }
            return ms.ToArray();
        }

        /// <exception cref="IoTServiceException">InvalidResponse: an HTTP 200 whose body is not a JSON object.</exception>
        public static JsonDocument ParseSuccess(string operation, byte[] bytes)
        {
            JsonDocument? doc = null;
            try
            {
                if (bytes.Length > 0) doc = JsonDocument.Parse(bytes);
            }
            catch (JsonException)
            {
                doc = null;
            }
            if (doc == null || doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc?.Dispose();
                var what = bytes.Length == 0 ? "an empty body" : $"a {bytes.Length}-byte body that is not a JSON object";
                throw new IoTServiceException(ErrorCodes.InvalidResponse, 200,
                    $"{operation} failed: {ErrorCodes.InvalidResponse}: the service answered HTTP 200 with {what}; is the endpoint an AWS IoT endpoint?", null)
                { Operation = operation };
            }
            return doc;
        }
    }
}
