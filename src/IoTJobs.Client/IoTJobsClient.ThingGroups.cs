using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using IoTJobs.Client.Internal;

namespace IoTJobs.Client
{
    /// <summary>Static thing groups: DescribeThingGroup, ListThingGroups, ListThingsInThingGroup.</summary>
    public sealed partial class IoTJobsClient
    {
        public async Task<ThingGroupData> DescribeThingGroupAsync(string thingGroupName, CancellationToken cancellationToken = default)
        {
            RequireLabel(thingGroupName, nameof(thingGroupName));
            const string op = "DescribeThingGroup";
            var bytes = await SendAsync(op, HttpMethod.Get, $"thing-groups/{Label(thingGroupName)}", null, null, cancellationToken).ConfigureAwait(false);
            using var doc = ParseSuccess(op, bytes);
            return ModelReader.ThingGroup(doc.RootElement);
        }

        public IAsyncEnumerable<ThingGroupData> ListThingGroupsAsync(ListThingGroupsRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new List<KeyValuePair<string, string>>();
            AddPageSize(query, request.PageSize);
            AddIfSet(query, "parentGroup", request.ParentGroup);
            AddIfSet(query, "namePrefixFilter", request.NamePrefixFilter);
            if (request.Recursive) query.Add(Q("recursive", "true"));
            return PageAsync("ListThingGroups", "thing-groups", query, "thingGroups", ModelReader.GroupNameAndArn, cancellationToken);
        }

        public IAsyncEnumerable<string> ListThingsInThingGroupAsync(ListThingsInThingGroupRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            RequireLabel(request.ThingGroupName, "ThingGroupName");
            var query = new List<KeyValuePair<string, string>>();
            if (request.Recursive) query.Add(Q("recursive", "true"));
            AddPageSize(query, request.PageSize);
            return PageItemsAsync("ListThingsInThingGroup", $"thing-groups/{Label(request.ThingGroupName)}/things", query,
                root => (IReadOnlyList<string>?)Json.StrList(root, "things") ?? Array.Empty<string>(), cancellationToken);
        }
    }
}
