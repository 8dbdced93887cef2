using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>The thing registry: DescribeThing, ListThings, and static thing groups (DescribeThingGroup, ListThingGroups, ListThingsInThingGroup).</summary>
    internal static class ThingOperations
    {
        public static Task<ThingData> DescribeThingAsync(this IotRestJson api, string thingName, CancellationToken cancellationToken) =>
            api.GetResourceAsync("DescribeThing", nameof(thingName), thingName, label => $"things/{label}", ModelReader.Thing, cancellationToken);

        public static IAsyncEnumerable<ThingData> ListThingsAsync(this IotRestJson api, ListThingsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new QueryString().AddPageSize(request.PageSize).AddIfSet("attributeName", request.AttributeName)
                .AddIfSet("attributeValue", request.AttributeValue).AddIfSet("thingTypeName", request.ThingTypeName)
                .AddBool("usePrefixAttributeValue", request.UsePrefixAttributeValue);
            return api.ListAsync("ListThings", "things", query, Items("things", ModelReader.Thing), cancellationToken);
        }

        public static Task<ThingGroupData> DescribeThingGroupAsync(this IotRestJson api, string thingGroupName, CancellationToken cancellationToken) =>
            api.GetResourceAsync("DescribeThingGroup", nameof(thingGroupName), thingGroupName, label => $"thing-groups/{label}", ModelReader.ThingGroup, cancellationToken);

        public static IAsyncEnumerable<ThingGroupData> ListThingGroupsAsync(this IotRestJson api, ListThingGroupsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new QueryString().AddPageSize(request.PageSize).AddIfSet("parentGroup", request.ParentGroup)
                .AddIfSet("namePrefixFilter", request.NamePrefixFilter).AddFlag("recursive", request.Recursive);
            return api.ListAsync("ListThingGroups", "thing-groups", query, Items("thingGroups", ModelReader.GroupNameAndArn), cancellationToken);
        }

        public static IAsyncEnumerable<string> ListThingsInThingGroupAsync(this IotRestJson api, ListThingsInThingGroupRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.ThingGroupName, "ThingGroupName");
            var query = new QueryString().AddFlag("recursive", request.Recursive).AddPageSize(request.PageSize);
            return api.ListAsync("ListThingsInThingGroup", $"thing-groups/{Label(request.ThingGroupName)}/things", query,
                root => (IReadOnlyList<string>?)Json.StrList(root, "things") ?? Array.Empty<string>(), cancellationToken);
        }
    }
}
