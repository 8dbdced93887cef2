using System.Runtime.CompilerServices;
using System.Text.Json;

namespace IoTJobs.Client.Operations
{
    /// <summary>
    /// Lazy paging for the rest-json lists: a page is requested only once the consumer moves past the previous one; an
    /// empty nextToken ends the listing, and one the service returns twice stops it instead of looping.
    /// </summary>
    internal static class Paginator
    {
        /// <param name="fetch">Sends the request for the page after the given nextToken (null: the first page).</param>
        /// <param name="items">Reads a page's items (objects, or plain values such as ListThingsInThingGroup's names).</param>
        public static async IAsyncEnumerable<T> PageAsync<T>(string operation, Func<string?, CancellationToken, Task<byte[]>> fetch,
            Func<JsonElement, IReadOnlyList<T>> items, CancellationToken callToken, [EnumeratorCancellation] CancellationToken enumeratorToken = default)
        {
            using var linked = callToken.CanBeCanceled && enumeratorToken.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(callToken, enumeratorToken) : null;
            var ct = linked?.Token ?? (callToken.CanBeCanceled ? callToken : enumeratorToken);

            string? token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var bytes = await fetch(token, ct).ConfigureAwait(false);
                IReadOnlyList<T> page;
                using (var doc = IotRestJson.ParseSuccess(operation, bytes))
                {
                    page = items(doc.RootElement);
                    token = Json.Str(doc.RootElement, "nextToken");
                }
                // Yielding item by item means the next page is only requested once the consumer has moved past this one.
                foreach (var item in page) yield return item;
                if (string.IsNullOrEmpty(token)) yield break;
                if (!seen.Add(token!))
                    throw new IoTServiceException(ErrorCodes.InvalidResponse, 200,
                        $"{operation} failed: {ErrorCodes.InvalidResponse}: the service returned the same nextToken twice; stopping to avoid an endless listing.", null)
                    { Operation = operation };
            }
        }
    }
}
