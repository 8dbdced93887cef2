using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using static IoTJobs.Client.Operations.IotRestJson;

namespace IoTJobs.Client.Operations
{
    /// <summary>Static thing groups: DescribeThingGroup, ListThingGroups, ListThingsInThingGroup.</summary>
    internal sealed class ThingGroupOperations
    {
        private readonly IotRestJson _api;

        public ThingGroupOperations(IotRestJson api) => _api = api;

        public async Task<ThingGroupData> DescribeAsync(string thingGroupName, CancellationToken cancellationToken)
        {
            Require(thingGroupName, nameof(thingGroupName));
            return await _api.ReadAsync("DescribeThingGroup", HttpMethod.Get, $"thing-groups/{Label(thingGroupName)}", null, null,
                ModelReader.ThingGroup, cancellationToken).ConfigureAwait(false);
        }

        public IAsyncEnumerable<ThingGroupData> ListAsync(ListThingGroupsRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new QueryString().AddPageSize(request.PageSize).AddIfSet("parentGroup", request.ParentGroup)
                .AddIfSet("namePrefixFilter", request.NamePrefixFilter).AddFlag("recursive", request.Recursive);
            return _api.ListAsync("ListThingGroups", "thing-groups", query, Items("thingGroups", ModelReader.GroupNameAndArn), cancellationToken);
        }

        public IAsyncEnumerable<string> ListThingsAsync(ListThingsInThingGroupRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            Require(request.ThingGroupName, "ThingGroupName");
            var query = new QueryString().AddFlag("recursive", request.Recursive).AddPageSize(request.PageSize);
            return _api.ListAsync("ListThingsInThingGroup", $"thing-groups/{Label(request.ThingGroupName)}/things", query,
                root => (IReadOnlyList<string>?)Json.StrList(root, "things") ?? Array.Empty<string>(), cancellationToken);
        }
    }
}
