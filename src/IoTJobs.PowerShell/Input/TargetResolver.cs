namespace IoTJobs.PowerShell.Input
{
    /// <summary>
    /// The one resolver: turns the command line and one piped item into the targets the item names, or that item's
    /// error, for all six cmdlets (one partial file per kind of target). Its rules hold for every shape of input:
    /// - an item names exactly what it says: a thing never reaches a job-level action, and an item that names no thing
    ///   is never widened into "every thing";
    /// - names, ARNs, regions, accounts and partitions must agree, or the item is an error naming both sides.
    /// Pure: no runspace, no parameters written; the accounts an item names are checked against the caller's later.
    /// </summary>
    internal static partial class TargetResolver
    {
        /// <summary>What an item's properties name of one kind: its name (from the name or the ARN property) and the ARN.</summary>
        private sealed class Claim(NamedResource resource, string from)
        {
            public NamedResource Resource { get; } = resource;
            /// <summary>The property it was read from (ThingName, ThingArn, ...), for messages.</summary>
            public string From { get; } = from;
            public string Name => Resource.Name;
        }

        // How an item's error says what was left undone for it: by the Get cmdlets, Stop-IoTJob, Stop-IoTJobExecution.
        private const string NothingLookedUp = "Nothing was looked up";
        private const string NothingCanceled = "Nothing was canceled";
        private const string NothingSent = "Nothing was sent";

        private static readonly (IoTNameKind Kind, string Name, string Arn)[] Properties =
        {
            (IoTNameKind.ThingName, "ThingName", "ThingArn"),
            (IoTNameKind.JobId, "JobId", "JobArn"),
            (IoTNameKind.ThingGroupName, "ThingGroupName", "ThingGroupArn"),
        };

        private static (string Name, string Arn) PropertiesOf(IoTNameKind kind)
        {
            var p = Properties.First(x => x.Kind == kind);
            return (p.Name, p.Arn);
        }

        /// <summary>
        /// What the item's properties name of this kind. A blank name beside an ARN takes the ARN; a name and an ARN that
        /// name different resources are a NameConflict.
        /// </summary>
        private static bool TryClaim(PipedItem item, IoTNameKind kind, string verb, out Claim? claim, out ItemError? error)
        {
            claim = null;
            error = null;
            if (!item.IsObject) return true;
            var (nameProperty, arnProperty) = PropertiesOf(kind);
            var name = item.TextOf(nameProperty);
            var arn = item.TextOf(arnProperty);
            Claim? byName = null, byArn = null;
            if (name != null && !Read(item, kind, nameProperty, name, verb, out byName, out error)) return false;
            if (arn != null && !Read(item, kind, arnProperty, arn, verb, out byArn, out error)) return false;
            if (byName != null && byArn != null && byName.Name != byArn.Name)
            {
                error = new ItemError("NameConflict",
                    $"The piped object's {nameProperty} '{MessageText.Shorten(name!)}' and its {arnProperty} '{MessageText.Shorten(arn!)}' name different {NamedResource.Label(kind)}s. {verb}; fix the object so that they agree.",
                    item.Raw);
                return false;
            }
            // The ARN says more (region, account), so it is the claim when both agree.
            claim = byArn ?? byName;
            return true;
        }

        private static bool Read(PipedItem item, IoTNameKind kind, string property, string value, string verb, out Claim? claim, out ItemError? error)
        {
            claim = null;
            error = null;
            if (NamedResource.TryRead(kind, value, out var resource, out var problem))
            {
                claim = new Claim(resource, property);
                return true;
            }
            error = new ItemError(InvalidNameId(kind), $"The piped object's {property}: {problem} {verb}.", item.Raw);
            return false;
        }

        private static string InvalidNameId(IoTNameKind kind) => kind switch
        {
            IoTNameKind.ThingName => "InvalidThingName",
            IoTNameKind.JobId => "InvalidJobId",
            _ => "InvalidThingGroupName",
        };

        /// <summary>
        /// Names given on the command line (typed, or a delay-bind script block's result). False with the error when one
        /// is not a name or ARN of this kind; the message starts with the parameter, as the parameter's validation would.
        /// </summary>
        private static bool TryReadGiven(IReadOnlyList<string>? values, IoTNameKind kind, CommandLine cl, object? target, string verb,
            out List<NamedResource> names, out ItemError? error)
        {
            names = new List<NamedResource>();
            error = null;
            if (values == null) return true;
            var parameter = "-" + PropertiesOf(kind).Name;
            foreach (var value in values)
            {
                if (!NamedResource.TryRead(kind, value ?? "", out var named, out var problem))
                {
                    error = new ItemError(InvalidNameId(kind), $"{parameter}: {problem} {(cl.ExpectingInput ? verb + " for it" : verb)}.", target ?? value)
                    {
                        EndsCommand = !cl.ExpectingInput,
                    };
                    return false;
                }
                names.Add(named);
            }
            return true;
        }

        /// <summary>The name a piped string gives as this kind (an ARN of the kind becomes its name), or the InvalidPipedName error.</summary>
        private static bool TryReadPipedString(PipedItem item, IoTNameKind kind, string verb, out NamedResource named, out ItemError? error)
        {
            error = null;
            if (NamedResource.TryRead(kind, item.Text!, out named, out var problem)) return true;
            error = new ItemError("InvalidPipedName", $"The piped string cannot be used as a {Label(kind)}: {problem} {verb} for it.", item.Raw);
            return false;
        }

        private static string Label(IoTNameKind kind) => kind switch
        {
            IoTNameKind.ThingName => "thing name",
            IoTNameKind.JobId => "job id",
            _ => "thing group name",
        };

        /// <summary>
        /// The name given on the command line and the one the item names must be the same: which one was meant cannot be
        /// known otherwise.
        /// </summary>
        private static bool Agrees(PipedItem item, Claim? claim, IReadOnlyList<NamedResource> given, IoTNameKind kind, string verb, out ItemError? error)
        {
            error = null;
            if (claim == null || given.Count == 0) return true;
            if (given.Count == 1 && given[0].Name == claim.Name) return true;
            var parameter = PropertiesOf(kind).Name;
            var label = NamedResource.Label(kind);
            error = new ItemError("NameConflict",
                $"The piped object names {label} '{MessageText.Shorten(claim.Name)}' (its {claim.From}), but -{parameter} {MessageText.Shorten(string.Join(", ", given.Select(g => g.Given)))} was given. {verb}. " +
                $"Leave out -{parameter} to use the object's {label}, or pipe objects without a {parameter} property.",
                item.Raw);
            return false;
        }

        /// <summary>
        /// Where the item acts, from every region it states (its Region, the regions inside its ARNs) and the command's,
        /// and which account its ARNs name. An object keeps the region it came from; a region from
        /// $PSDefaultParameterValues yields to it, a typed -Region that disagrees is an error; ARNs of two regions or two
        /// accounts are an error.
        /// </summary>
        private static bool TryPlace<T>(CommandLine cl, PipedItem item, IEnumerable<(string From, IoTArn Arn)> itemArns, IEnumerable<IoTArn> otherArns,
            T target, Resolution<T> resolution, string verb) where T : Target
        {
            ItemError Conflict(string message) => new ItemError("RegionConflict", message, item.Raw);
            var stated = new List<(string From, string Region)>();
            var pipedRegion = item.IsObject ? item.TextOf("Region") : null;
            if (pipedRegion != null)
            {
                if (!Regions.IsValid(pipedRegion))
                {
                    resolution.Error = new ItemError("InvalidRegion",
                        $"The input object's Region '{MessageText.Shorten(pipedRegion, 40)}' is not {Regions.Rule}. {verb} for it.", item.Raw);
                    return false;
                }
                stated.Add(("Region", pipedRegion));
            }
            var arns = itemArns.ToList();
            stated.AddRange(arns.Where(a => a.Arn.Region.Length > 0).Select(a => (a.From, a.Arn.Region)));
            var first = stated.FirstOrDefault();
            var disagreeing = stated.FirstOrDefault(s => s.Region != first.Region);
            if (disagreeing.Region != null)
            {
                resolution.Error = Conflict(
                    $"The input object's {first.From} says region {first.Region} but its {disagreeing.From} says {disagreeing.Region}, so it is not clear which one it names. {verb} for it; fix the object (or the CSV row) so that they agree.");
                return false;
            }
            var objectRegion = first.Region;
            var region = cl.Region;
            if (objectRegion != null && region != null && objectRegion != region)
            {
                if (cl.RegionTyped)
                {
                    resolution.Error = Conflict(
                        $"-Region {region} was given, but the input object belongs to {objectRegion} (its {first.From}). {verb} for it. " +
                        $"Leave out -Region to act on each object in its own region, or pass only the {region} objects (for example with Where-Object Region -eq '{region}').");
                    return false;
                }
                resolution.Notes.Add($"Using the input object's region {objectRegion} (its {first.From}) instead of the default {region}: objects are acted on where they came from.");
            }
            region = objectRegion ?? region;

            // ARNs typed on the command line, or a piped ARN string: their region counts as the object's would.
            var others = otherArns.ToList();
            var otherRegions = others.Select(a => a.Region).Where(r => r.Length > 0).Distinct().ToList();
            if (otherRegions.Count > 1)
            {
                resolution.Error = Conflict($"The ARNs given name different regions ({string.Join(", ", otherRegions)}); one command item acts in one region. {verb} for it.");
                return false;
            }
            if (otherRegions.Count == 1 && region != otherRegions[0])
            {
                var arnRegion = otherRegions[0];
                if (region != null && (objectRegion != null || cl.RegionTyped))
                {
                    resolution.Error = Conflict(
                        $"The ARN names region {arnRegion}, but {(objectRegion != null ? "the input object belongs to" : "-Region is")} {region}. {verb} for it; give names, or ARNs of the region meant.");
                    return false;
                }
                if (region != null) resolution.Notes.Add($"Using the ARN's region {arnRegion} instead of the default {region}: an ARN names a resource in its own region.");
                region = arnRegion;
            }

            var accounts = arns.Select(a => a.Arn).Concat(others).Select(a => a.Account).Where(a => a.Length > 0).Distinct().ToList();
            if (accounts.Count > 1)
            {
                resolution.Error = new ItemError("AccountConflict",
                    $"The ARNs of {item.Describe()} name different AWS accounts ({string.Join(" and ", accounts)}); one item acts in one account. {verb} for it.", item.Raw);
                return false;
            }
            target.Region = region;
            target.Account = accounts.FirstOrDefault();
            return true;
        }

        private static IEnumerable<(string From, IoTArn Arn)> ArnsOf(params Claim?[] claims) =>
            claims.Where(c => c?.Resource.Arn != null).Select(c => (c!.From, c.Resource.Arn!));

        private static IEnumerable<IoTArn> ArnsOf(IEnumerable<NamedResource> given) =>
            given.Where(g => g.Arn != null).Select(g => g.Arn!);

        /// <summary>
        /// The message for a piped item that names no thing (or no job): what was piped, which properties were looked for,
        /// and the cmdlet's <paramref name="advice"/> on what would work.
        /// </summary>
        internal static string Missing(string command, IoTNameKind kind, PipedItem item, string advice)
        {
            var label = NamedResource.Label(kind);
            var (name, arn) = PropertiesOf(kind);
            var looked = $"{name} or {arn}";
            string what;
            if (item.IsNull)
                what = $"$null was piped to {command}, so it names no {label}.";
            else if (item.IsDictionary)
                what = $"A hashtable was piped to {command}, but it has no {looked} key (its keys: {item.ShownPropertyNames()}), so it names no {label}. " +
                       $"Name the keys {name} and {(kind == IoTNameKind.ThingName ? "JobId" : "ThingName")}, or pipe [pscustomobject]@{{ ... }} with those properties.";
            else if (item.ModuleKind is string moduleKind)
                what = $"{MessageText.Capitalize(item.Describe())} was piped to {command}, but {Article(moduleKind)} {moduleKind} names no {label} ({command} reads the {label} from a {looked} property).";
            else
                what = $"{MessageText.Capitalize(item.Describe())} was piped to {command}, but it has no {looked} property (its properties: {item.ShownPropertyNames()}), so it names no {label}.";
            return $"{what} Nothing was done for it. {advice}";
        }

        private static string Article(string word) => "AEIOU".IndexOf(char.ToUpperInvariant(word[0])) >= 0 ? "an" : "a";

        private static Resolution<T> Fail<T>(Resolution<T> resolution, ItemError? error) where T : Target
        {
            resolution.Error = error;
            return resolution;
        }

        /// <summary>Every entry point's first check: an item whose keys differ only in case, with different values, names nothing for sure.</summary>
        private static bool Ambiguous<T>(Resolution<T> r, PipedItem? item, string nothing) where T : Target
        {
            var conflict = item?.CaseConflict;
            if (conflict == null) return false;
            Fail(r, "CaseConflictingKeys",
                $"{item!.Describe()} has keys {conflict}, which differ only in case and hold different values; properties are read without regard to case, " +
                $"so it does not say which it means. {nothing} for this input. Keep one of the two keys.", item.Raw);
            return true;
        }

        private static Resolution<T> Fail<T>(Resolution<T> resolution, string errorId, string message, object? target) where T : Target =>
            Fail(resolution, new ItemError(errorId, message, target));
    }
}
