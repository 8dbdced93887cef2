using IoTJobs.Emulator.Indexing;
using IoTJobs.Emulator.Http;

namespace IoTJobs.Emulator.Handlers.FleetIndexing;

/// <summary>
/// SearchIndex, POST /indices/search: the query engine (<see cref="ThingSearch"/>) over the store's things under the
/// current indexing configuration; its refusals are the operation's modeled errors.
/// </summary>
internal sealed class SearchIndex() : JsonOperation(Operations.SearchIndex)
{
    protected override void Write(OperationRequest r, Utf8JsonWriter w)
    {
        long? max = r.Input.Long("maxResults");
        r.Input.String("queryVersion"); // checked as the model's string; the engine has one query version
        var request = new SearchRequest(r.Input.String("queryString"), r.Input.String("indexName"),
            max is long m ? (int)Math.Clamp(m, int.MinValue, int.MaxValue) : null, r.Input.String("nextToken"));
        var configuration = r.Store.IndexingConfiguration.Thing;
        var result = ThingSearch.Search(request, configuration, r.Store.ThingDocuments(), r.Tokens);
        if (result.Error is SearchError e) throw new EmulatorApiException(e.StatusCode, e.ErrorCode, e.Message);

        w.WriteStartObject();
        w.WriteStartArray("things");
        foreach (var thing in result.Page!.Things) WriteThing(w, thing, configuration);
        w.WriteEndArray();
        if (result.Page.NextToken is string next) w.WriteString("nextToken", next);
        w.WriteEndObject();
    }

    /// <summary>
    /// A ThingDocument as AWS's search-index examples show one: empty group lists and attribute maps left out, the
    /// shadow (a JSON string) only with REGISTRY_AND_SHADOW, connectivity only with STATUS.
    /// </summary>
    private static void WriteThing(Utf8JsonWriter w, ThingDocument t, ThingIndexingConfiguration c)
    {
        w.WriteStartObject();
        w.WriteString("thingName", t.ThingName);
        if (t.ThingId != null) w.WriteString("thingId", t.ThingId);
        if (t.ThingTypeName != null) w.WriteString("thingTypeName", t.ThingTypeName);
        if (t.ThingGroupNames.Count > 0)
        {
            w.WriteStartArray("thingGroupNames");
            foreach (string g in t.ThingGroupNames) w.WriteStringValue(g);
            w.WriteEndArray();
        }
        if (t.Attributes.Count > 0)
        {
            w.WriteStartObject("attributes");
            foreach (var (k, v) in t.Attributes) w.WriteString(k, v);
            w.WriteEndObject();
        }
        if (c.IndexesShadow && t.Shadow != null) w.WriteString("shadow", ShadowDocument.SearchJson(t.Shadow));
        if (c.IndexesConnectivity)
        {
            // The API reference: a thing that never connected shows connected false.
            var conn = t.Connectivity ?? new ThingConnectivity(false);
            w.WriteStartObject("connectivity");
            w.WriteBoolean("connected", conn.Connected);
            if (conn.Timestamp is long ts) w.WriteNumber("timestamp", ts);
            if (conn.DisconnectReason != null) w.WriteString("disconnectReason", conn.DisconnectReason);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
