using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>Fleet indexing: SearchIndex, a POST whose nextToken travels in the JSON body.</summary>
    internal sealed class FleetIndexingOperations
    {
        private const string SearchIndex = "SearchIndex";

        private readonly IotRestJson _api;

        public FleetIndexingOperations(IotRestJson api) => _api = api;

        /// <summary>The things the query matches (a thing-group index's thingGroups are not read).</summary>
        public IAsyncEnumerable<ThingDocumentData> SearchAsync(SearchIndexRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.QueryString, "QueryString");
            var pageSize = PageSize.Check(request.PageSize, PageSize.SearchMax);
            string? indexName = request.IndexName, queryVersion = request.QueryVersion;
            string queryString = request.QueryString;
            return Paginator.PageAsync(SearchIndex, (token, ct) => _api.SendAsync(SearchIndex, HttpMethod.Post, "indices/search", null, Body(w =>
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
