using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
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
            return ReadThingGroup(doc.RootElement);
        }

        public IAsyncEnumerable<ThingGroupData> ListThingGroupsAsync(ListThingGroupsRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var query = new List<KeyValuePair<string, string>>();
            AddPageSize(query, request.PageSize);
            AddIfSet(query, "parentGroup", request.ParentGroup);
            AddIfSet(query, "namePrefixFilter", request.NamePrefixFilter);
            if (request.Recursive) query.Add(Q("recursive", "true"));
            return PageItemsAsync("ListThingGroups", "thing-groups", query,
                root => Json.Objects(root, "thingGroups").Select(ReadGroupNameAndArn).ToList(), cancellationToken);
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

        private static ThingGroupData ReadGroupNameAndArn(JsonElement e) => new ThingGroupData
        {
            ThingGroupName = Json.Str(e, "groupName"),
            ThingGroupArn = Json.Str(e, "groupArn"),
        };

        private static ThingGroupData ReadThingGroup(JsonElement e)
        {
            var properties = Json.Obj(e, "thingGroupProperties");
            var metadata = Json.Obj(e, "thingGroupMetadata");
            return new ThingGroupData
            {
                ThingGroupName = Json.Str(e, "thingGroupName"),
                ThingGroupId = Json.Str(e, "thingGroupId"),
                ThingGroupArn = Json.Str(e, "thingGroupArn"),
                Version = Json.Long(e, "version"),
                Description = Json.Str(properties, "thingGroupDescription"),
                Attributes = Json.Map(Json.Obj(properties, "attributePayload"), "attributes"),
                ParentGroupName = Json.Str(metadata, "parentGroupName"),
                RootToParentGroupNames = Json.TryGet(metadata, "rootToParentThingGroups", out _)
                    ? Json.Objects(metadata, "rootToParentThingGroups").Select(g => Json.Str(g, "groupName")).Where(n => n != null).Select(n => n!).ToList()
                    : null,
                CreationDate = Json.Time(metadata, "creationDate"),
            };
        }
    }
}
