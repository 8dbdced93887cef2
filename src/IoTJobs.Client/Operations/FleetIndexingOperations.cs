using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>Fleet indexing: SearchIndex, a POST whose nextToken travels in the JSON body.</summary>
    internal static class FleetIndexingOperations
    {
        private const string SearchIndex = "SearchIndex";

        /// <summary>The things the query matches (a thing-group index's thingGroups are not read).</summary>
        public static IAsyncEnumerable<ThingDocumentData> SearchIndexAsync(this IotRestJson api, SearchIndexRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.QueryString, "QueryString");
            var pageSize = PageSize.Check(request.PageSize, PageSize.SearchMax);
            string? indexName = request.IndexName, queryVersion = request.QueryVersion;
            string queryString = request.QueryString;
            return Paginator.PageAsync(SearchIndex, (token, ct) => api.SendAsync(SearchIndex, HttpMethod.Post, "indices/search", null, Body(w =>
            {
                // The model's member order; the service reads the object by name.
                if (indexName != null) w.WriteString("indexName", indexName);
                w.WriteString("queryString", queryString);
                if (token != null) w.WriteString("nextToken", token);
                if (pageSize.HasValue) w.WriteNumber("maxResults", pageSize.Value);
                if (queryVersion != null) w.WriteString("queryVersion", queryVersion);
            }), ct), Items("things", ModelReader.ThingDocument), cancellationToken);
        }
    }
}
